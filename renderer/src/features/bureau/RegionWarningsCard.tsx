/**
 * 区域预警 (issue 14 §5, G1): the bureau's rules checked against what schools filed for a half-year; each warning with
 * its evidence and whom it goes to, acknowledged with the measures taken and closed with the result; a printable
 * 预警通知 per school or county; the rules (on/off and threshold) edited in a dialog.
 */
import { Badge, Button, Card, Group, Modal, NumberInput, Select, Stack, Switch, Table, Text, Textarea, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { filingDueDate, periodLabel, previousPeriod, recentPeriods } from '../../../../shared/domain/calendar';
import { formatDateZh, todayIso } from '../../../../shared/domain/dates';
import {
  REGION_RULE_SPECS,
  REGION_RULES,
  REGION_SCOPE_LABELS,
  REGION_WARNING_STATE_LABELS,
  type RegionRules,
  type RegionWarningState,
} from '../../../../shared/domain/regionWarnings';
import type { Out } from '../../../../shared/contract/index';
import { saveFile } from '../../api/client';
import { useAction, useQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { t } from '../../i18n';

const STATE_COLORS: Record<RegionWarningState, string> = { open: 'red', acknowledged: 'orange', closed: 'gray' };
type Warning = Out<'bureau.regionWarnings'>['warnings'][number];

/** This half-year and the three before it, newest first. */
function offeredPeriods(): string[] {
  const out = [recentPeriods(todayIso(new Date()))[0]];
  while (out.length < 4) out.push(previousPeriod(out[out.length - 1]));
  return out;
}

export function RegionWarningsCard({ changes, canWork, canAdmin }: { changes: number; canWork: boolean; canAdmin: boolean }) {
  const periods = offeredPeriods();
  // Without a choice: the latest half-year whose due date has passed.
  const [period, setPeriod] = useState(filingDueDate(periods[0]) < todayIso(new Date()) ? periods[0] : periods[1]);
  const q = useQuery('bureau.regionWarnings', { period });
  const reload = q.reload;
  useEffect(() => {
    if (changes > 0) void reload();
  }, [changes, reload]);
  const [acting, setActing] = useState<{ w: Warning; kind: 'acknowledge' | 'close' } | null>(null);
  const [rulesOpen, setRulesOpen] = useState(false);
  const notice = useAction('bureau.regionWarningLetter');
  const d = q.data;
  return (
    <Card withBorder data-testid="region-warnings">
      <Stack>
        <Group justify="space-between" align="flex-end">
          <Title order={5}>{t('regionWarnings.title', { label: periodLabel(period), n: d?.warnings.length ?? 0 })}</Title>
          <Group>
            <Select
              label={t('bureau.period')}
              data={periods.map((p) => ({ value: p, label: periodLabel(p) }))}
              value={period}
              onChange={(v) => v && setPeriod(v)}
              allowDeselect={false}
            />
            <Button variant="default" onClick={() => setRulesOpen(true)} disabled={!d} display={canAdmin ? undefined : 'none'}>
              {t('regionWarnings.rules')}
            </Button>
          </Group>
        </Group>
        <ErrorAlert error={q.error ?? notice.error} />
        {d && d.warnings.length === 0 && <Text c="dimmed">{t('regionWarnings.none')}</Text>}
        {d && d.warnings.length > 0 && (
          <Table withTableBorder data-testid="region-warnings-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('regionWarnings.state')}</Table.Th>
                <Table.Th>{t('regionWarnings.target')}</Table.Th>
                <Table.Th>{t('regionWarnings.rule')}</Table.Th>
                <Table.Th>{t('regionWarnings.evidence')}</Table.Th>
                <Table.Th>{t('regionWarnings.routedTo')}</Table.Th>
                <Table.Th>{t('regionWarnings.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.warnings.map((w) => (
                <Table.Tr key={w.id}>
                  <Table.Td>
                    <Stack gap={2}>
                      <Badge color={STATE_COLORS[w.state]} variant="light" style={{ whiteSpace: 'nowrap' }}>
                        {REGION_WARNING_STATE_LABELS[w.state]}
                      </Badge>
                      {w.clearedOn && w.state !== 'closed' && (
                        <Text size="xs" c="teal">
                          {t('regionWarnings.cleared', { date: formatDateZh(w.clearedOn) })}
                        </Text>
                      )}
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{w.targetName}</Text>
                    <Text size="xs" c="dimmed">
                      {REGION_SCOPE_LABELS[w.scope]} {w.target}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{REGION_RULE_SPECS[w.rule].label}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{w.evidence}</Text>
                    {w.disposition && (
                      <Text size="xs" c="dimmed">
                        {t('regionWarnings.dispositionLine', { text: w.disposition })}
                      </Text>
                    )}
                    {w.outcome && (
                      <Text size="xs" c="dimmed">
                        {t('regionWarnings.outcomeLine', { text: w.outcome })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{w.routedTo}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      {canWork && w.state === 'open' && (
                        <Button size="compact-sm" onClick={() => setActing({ w, kind: 'acknowledge' })}>
                          {t('regionWarnings.acknowledge')}
                        </Button>
                      )}
                      {canWork && w.state === 'acknowledged' && (
                        <Button size="compact-sm" variant="light" onClick={() => setActing({ w, kind: 'close' })}>
                          {t('regionWarnings.close')}
                        </Button>
                      )}
                      {canWork && w.state !== 'closed' && (
                        <Button
                          size="compact-sm"
                          variant="default"
                          loading={notice.running}
                          onClick={async () => {
                            const f = await notice.run({ period, target: w.target });
                            if (f) saveFile(f, 'application/pdf');
                          }}
                        >
                          {t('regionWarnings.notice')}
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      {acting && (
        <ActDialog
          warning={acting.w}
          kind={acting.kind}
          onDone={async () => {
            setActing(null);
            await reload();
          }}
          onCancel={() => setActing(null)}
        />
      )}
      {rulesOpen && d && (
        <RulesDialog
          rules={d.rules}
          onDone={async () => {
            setRulesOpen(false);
            await reload();
          }}
          onCancel={() => setRulesOpen(false)}
        />
      )}
    </Card>
  );
}

function ActDialog({
  warning,
  kind,
  onDone,
  onCancel,
}: {
  warning: Warning;
  kind: 'acknowledge' | 'close';
  onDone: () => void;
  onCancel: () => void;
}) {
  const ack = useAction('bureau.acknowledgeRegionWarning');
  const close = useAction('bureau.closeRegionWarning');
  const [text, setText] = useState('');
  const action = kind === 'acknowledge' ? ack : close;
  const field = kind === 'acknowledge' ? 'disposition' : 'outcome';
  return (
    <Modal opened onClose={onCancel} title={t(kind === 'acknowledge' ? 'regionWarnings.acknowledge' : 'regionWarnings.close')}>
      <Stack>
        <Text size="sm">{t('regionWarnings.about', { target: warning.targetName, evidence: warning.evidence })}</Text>
        <Textarea
          label={t(kind === 'acknowledge' ? 'regionWarnings.disposition' : 'regionWarnings.outcome')}
          withAsterisk
          autosize
          minRows={3}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={action.fieldError(field)}
        />
        {/* Said once: under the field when it is the field's, else above the button. */}
        <ErrorAlert error={action.fieldError(field) ? null : action.error} />
        <Group justify="flex-end">
          <Button
            loading={action.running}
            onClick={async () => {
              const ok =
                kind === 'acknowledge'
                  ? await ack.run({ id: warning.id, disposition: text })
                  : await close.run({ id: warning.id, outcome: text });
              if (ok) onDone();
            }}
          >
            {t('regionWarnings.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function RulesDialog({ rules, onDone, onCancel }: { rules: RegionRules; onDone: () => void; onCancel: () => void }) {
  const [draft, setDraft] = useState<RegionRules>(rules);
  const save = useAction('bureau.saveRegionRules');
  return (
    <Modal opened onClose={onCancel} title={t('regionWarnings.rules')} size="lg">
      <Stack>
        {REGION_RULES.map((r) => (
          <Group key={r} justify="space-between" wrap="nowrap">
            <Switch
              label={REGION_RULE_SPECS[r].label}
              checked={draft[r].enabled}
              onChange={(e) => setDraft({ ...draft, [r]: { ...draft[r], enabled: e.currentTarget.checked } })}
            />
            <NumberInput
              w={260}
              label={REGION_RULE_SPECS[r].explain}
              suffix={` ${REGION_RULE_SPECS[r].unit}`}
              min={0}
              value={draft[r].threshold}
              onChange={(v) => setDraft({ ...draft, [r]: { ...draft[r], threshold: Number(v) || 0 } })}
              error={save.fieldError(`rules.${r}.threshold`)}
            />
          </Group>
        ))}
        <ErrorAlert error={save.error} />
        <Group justify="flex-end">
          <Button
            loading={save.running}
            onClick={async () => {
              if (await save.run({ rules: draft })) onDone();
            }}
          >
            {t('regionWarnings.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
