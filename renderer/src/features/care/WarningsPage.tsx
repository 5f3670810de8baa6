/**
 * 预警 (G1): the warnings of the rule engine with their evidence, routing and deadline; acknowledging and closing
 * them; the rules (thresholds per indicator); the attendance and exam-score imports they read; and the evaluation
 * of past warnings against what happened next. No risk score is shown anywhere: a level, the value and its threshold.
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Tabs,
  Text,
  Textarea,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../../shared/contract/index';
import { addDays } from '../../../../shared/domain/calendar';
import { SUBJECTS } from '../../../../shared/domain/care';
import { formatDateTimeZh, formatDateZh } from '../../../../shared/domain/dates';
import {
  INDICATOR_SPECS,
  INDICATORS,
  WARNING_LEVEL_LABELS,
  WARNING_LEVELS,
  WARNING_STATE_LABELS,
  type WarningLevel,
  type WarningRules,
} from '../../../../shared/domain/warnings';
import { useAction, useQuery } from '../../api/hooks';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { t } from '../../i18n';
import { useNav } from '../../nav';
import { ImportWizard } from '../import/ImportWizard';
import { today } from './shared';
import { DateField } from '../../components/DateField';

const LEVEL_COLOR: Record<WarningLevel, string> = { yellow: 'yellow', orange: 'orange', red: 'red' };
type Warning = MethodOutput<'warnings.list'>['warnings'][number];

export function LevelBadge({ level }: { level: WarningLevel }) {
  return (
    <Badge color={LEVEL_COLOR[level]} variant={level === 'yellow' ? 'light' : 'filled'}>
      {WARNING_LEVEL_LABELS[level]}
    </Badge>
  );
}

function WarningList({ canRun }: { canRun: boolean }) {
  const { go } = useNav();
  const [state, setState] = useState<'open' | 'closed' | 'all'>('open');
  const [level, setLevel] = useState<'all' | WarningLevel>('all');
  const list = useQuery('warnings.list', { state });
  const run = useAction('warnings.run');
  const ack = useAction('warnings.acknowledge');
  const close = useAction('warnings.close');
  const [acting, setActing] = useState<{ w: Warning; kind: 'ack' | 'close'; text: string } | null>(null);
  const [message, setMessage] = useState('');
  const rows = (list.data?.warnings ?? []).filter((w) => level === 'all' || w.level === level);
  const count = (l: WarningLevel) => (list.data?.warnings ?? []).filter((w) => w.level === l && w.state !== 'closed').length;
  const act = acting?.kind === 'ack' ? ack : close;
  const openAct = (w: Warning, kind: 'ack' | 'close') => {
    (kind === 'ack' ? ack : close).clearError();
    setActing({ w, kind, text: '' });
  };
  return (
    <Stack>
      <SimpleGrid cols={4}>
        {WARNING_LEVELS.map((l) => (
          <Card withBorder key={l} data-testid={`count-${l}`}>
            <Text size="sm" c="dimmed">
              {WARNING_LEVEL_LABELS[l]}
            </Text>
            <Text size="xl" fw={700} c={LEVEL_COLOR[l]}>
              {count(l)}
            </Text>
          </Card>
        ))}
        <Card withBorder>
          <Text size="sm" c="dimmed">
            {t('warnings.overdue')}
          </Text>
          <Text size="xl" fw={700} c="red">
            {(list.data?.warnings ?? []).filter((w) => w.overdue).length}
          </Text>
        </Card>
      </SimpleGrid>
      <Group justify="space-between">
        <Text size="sm" c="dimmed" data-testid="last-run">
          {list.data?.lastRun
            ? t('warnings.lastRun', {
                date: formatDateZh(list.data.lastRun.date),
                at: formatDateTimeZh(list.data.lastRun.at),
                by: list.data.lastRun.by,
              })
            : t('warnings.neverRun')}
        </Text>
        {canRun && (
          <Button
            loading={run.running}
            onClick={async () => {
              const r = await run.run({});
              if (r) {
                setMessage(t('warnings.ran', { watched: r.watched, raised: r.raised, escalated: r.escalated, cleared: r.cleared }));
                await list.reload();
              }
            }}
          >
            {t('warnings.run')}
          </Button>
        )}
      </Group>
      {message && <Text c="teal">{message}</Text>}
      <ErrorAlert error={list.error ?? run.error} />
      <DataTable
        rows={rows}
        rowKey={(w) => w.id}
        testId="warning-table"
        empty={t('warnings.none')}
        toolbar={
          <Group>
            <SegmentedControl
              value={state}
              onChange={(v) => setState(v as typeof state)}
              data={[
                { value: 'open', label: t('warnings.stateOpen') },
                { value: 'closed', label: t('warnings.stateClosed') },
                { value: 'all', label: t('warnings.stateAll') },
              ]}
            />
            <SegmentedControl
              value={level}
              onChange={(v) => setLevel(v as typeof level)}
              data={[
                { value: 'all', label: t('warnings.allLevels') },
                ...WARNING_LEVELS.map((l) => ({ value: l, label: WARNING_LEVEL_LABELS[l] })),
              ]}
            />
          </Group>
        }
        columns={[
          {
            key: 'level',
            label: t('warnings.level'),
            value: (w) => -['yellow', 'orange', 'red'].indexOf(w.level),
            render: (w) => <LevelBadge level={w.level} />,
          },
          {
            key: 'student',
            label: t('warnings.student'),
            value: (w) => w.studentName,
            render: (w) => (
              <Anchor component="button" onClick={() => go({ name: 'student', id: w.studentId })}>
                {w.studentName}
              </Anchor>
            ),
          },
          { key: 'class', label: t('warnings.className'), value: (w) => w.className, render: (w) => w.className },
          { key: 'indicator', label: t('warnings.indicator'), value: (w) => w.indicatorLabel, render: (w) => w.indicatorLabel },
          {
            key: 'evidence',
            label: t('warnings.evidence'),
            render: (w) => (
              <Stack gap={2}>
                <Text size="sm">{w.evidence}</Text>
                {w.clearedOn && (
                  <Text size="xs" c="teal">
                    {t('warnings.cleared', { date: formatDateZh(w.clearedOn) })}
                  </Text>
                )}
              </Stack>
            ),
          },
          { key: 'raised', label: t('warnings.raised'), value: (w) => w.raisedOn, render: (w) => formatDateZh(w.raisedOn) },
          {
            key: 'routed',
            label: t('warnings.routedTo'),
            value: (w) => w.routedTo,
            render: (w) => (
              <Stack gap={2}>
                <Text size="sm">{w.routedTo}</Text>
                {w.escalations > 0 && (
                  <Badge size="xs" color="red" variant="light">
                    {t('warnings.escalated', { n: w.escalations })}
                  </Badge>
                )}
              </Stack>
            ),
          },
          {
            key: 'due',
            label: t('warnings.due'),
            value: (w) => w.dueDate,
            render: (w) => (
              <Group gap={4}>
                {formatDateZh(w.dueDate)}
                {w.overdue && (
                  <Badge color="red" size="sm">
                    {t('care.overdue')}
                  </Badge>
                )}
              </Group>
            ),
          },
          {
            key: 'state',
            label: t('care.status'),
            value: (w) => w.state,
            render: (w) => (
              <Stack gap={0}>
                <Badge variant="light" color={w.state === 'closed' ? 'teal' : w.state === 'acknowledged' ? 'blue' : 'orange'}>
                  {WARNING_STATE_LABELS[w.state]}
                </Badge>
                {w.acknowledgedBy && (
                  <Text size="xs" c="dimmed">
                    {t('warnings.ackBy', { who: w.acknowledgedBy })}：{w.disposition}
                  </Text>
                )}
                {w.closedAt && (
                  <Text size="xs" c="dimmed">
                    {t('warnings.closedBy', { who: w.closedBy ?? '' })}：{w.outcome}
                  </Text>
                )}
              </Stack>
            ),
          },
          {
            key: 'op',
            label: '',
            render: (w) =>
              w.canAct && (
                <Group gap={4} wrap="nowrap">
                  {w.state === 'open' && (
                    <Button size="xs" variant="light" onClick={() => openAct(w, 'ack')}>
                      {t('warnings.acknowledge')}
                    </Button>
                  )}
                  <Button size="xs" variant="subtle" onClick={() => openAct(w, 'close')}>
                    {t('warnings.close')}
                  </Button>
                </Group>
              ),
          },
        ]}
      />
      <Modal
        opened={!!acting}
        onClose={() => setActing(null)}
        title={
          acting
            ? `${acting.kind === 'ack' ? t('warnings.acknowledge') : t('warnings.close')}：${acting.w.studentName} · ${acting.w.indicatorLabel}`
            : ''
        }
        size="lg"
      >
        {acting && (
          <Stack>
            <Text size="sm">{acting.w.evidence}</Text>
            <Textarea
              autosize
              minRows={3}
              label={acting.kind === 'ack' ? t('warnings.disposition') : t('warnings.outcome')}
              description={acting.kind === 'ack' ? t('warnings.dispositionHint') : t('warnings.outcomeHint')}
              value={acting.text}
              onChange={(e) => setActing({ ...acting, text: e.currentTarget.value })}
              error={act.fieldError(acting.kind === 'ack' ? 'disposition' : 'outcome')}
              data-testid="warning-text"
            />
            <ErrorAlert error={act.error && !act.error.issues.length ? act.error : null} />
            <Group justify="flex-end">
              <Button
                loading={act.running}
                onClick={async () => {
                  const ok =
                    acting.kind === 'ack'
                      ? await ack.run({ id: acting.w.id, disposition: acting.text })
                      : await close.run({ id: acting.w.id, outcome: acting.text });
                  if (ok) {
                    setMessage(acting.kind === 'ack' ? t('warnings.acknowledged') : t('warnings.closed'));
                    setActing(null);
                    await list.reload();
                  }
                }}
              >
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}

function RulesCard() {
  const q = useQuery('warnings.rules', {});
  const save = useAction('warnings.saveRules');
  const [rules, setRules] = useState<WarningRules | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (q.data) setRules(q.data.rules);
  }, [q.data]);
  if (!rules || !q.data) return <ErrorAlert error={q.error} />;
  const editable = q.data.mayEdit;
  /** Any edit makes the “saved” line stale. */
  const edit = (next: WarningRules) => {
    setSaved(false);
    setRules(next);
  };
  const set = (k: (typeof INDICATORS)[number], patch: Partial<WarningRules['indicators'][typeof k]>) =>
    edit({ ...rules, indicators: { ...rules.indicators, [k]: { ...rules.indicators[k], ...patch } } });
  return (
    <Stack>
      <Alert color="blue">{t('warnings.rulesIntro')}</Alert>
      <Table striped withTableBorder data-testid="warning-rules">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('warnings.indicator')}</Table.Th>
            <Table.Th>{t('warnings.explain')}</Table.Th>
            <Table.Th>{t('warnings.enabled')}</Table.Th>
            {WARNING_LEVELS.map((l) => (
              <Table.Th key={l}>{WARNING_LEVEL_LABELS[l]}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {INDICATORS.map((k) => {
            const r = rules.indicators[k];
            const issue = save.fieldError(`indicators.${k}`);
            return (
              <Table.Tr key={k}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {INDICATOR_SPECS[k].label}
                  {issue && (
                    <Text size="xs" c="red">
                      {issue}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed">
                    {INDICATOR_SPECS[k].explain}
                    {INDICATOR_SPECS[k].listOnly ? t('warnings.listOnly') : ''}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Switch
                    checked={r.enabled}
                    disabled={!editable}
                    onChange={(e) => set(k, { enabled: e.currentTarget.checked })}
                    aria-label={t('warnings.enabledAria', { indicator: INDICATOR_SPECS[k].label })}
                  />
                </Table.Td>
                {WARNING_LEVELS.map((l) => (
                  <Table.Td key={l}>
                    <NumberInput
                      w={90}
                      min={0}
                      disabled={!editable || !r.enabled}
                      value={r[l]}
                      suffix={INDICATOR_SPECS[k].unit === '%' ? '%' : ''}
                      aria-label={t('warnings.thresholdAria', { indicator: INDICATOR_SPECS[k].label, level: WARNING_LEVEL_LABELS[l] })}
                      onChange={(v) => set(k, { [l]: typeof v === 'number' ? v : Number(v) || 0 })}
                    />
                  </Table.Td>
                ))}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <Group align="flex-end">
        {WARNING_LEVELS.map((l) => (
          <NumberInput
            key={l}
            w={170}
            min={0}
            max={60}
            disabled={!editable}
            label={t('warnings.dueDaysOf', { level: WARNING_LEVEL_LABELS[l] })}
            value={rules.dueDays[l]}
            onChange={(v) => edit({ ...rules, dueDays: { ...rules.dueDays, [l]: typeof v === 'number' ? v : 0 } })}
          />
        ))}
        <MultiSelect
          w={320}
          disabled={!editable}
          label={t('warnings.coreSubjects')}
          data={[...SUBJECTS]}
          value={rules.coreSubjects}
          error={save.fieldError('coreSubjects')}
          onChange={(v) => edit({ ...rules, coreSubjects: v })}
        />
      </Group>
      <ErrorAlert error={save.error} />
      {editable && (
        <Group>
          <Button loading={save.running} onClick={async () => (await save.run(rules)) && setSaved(true)}>
            {t('warnings.saveRules')}
          </Button>
          <Button variant="subtle" onClick={() => edit(q.data?.defaults ?? rules)}>
            {t('warnings.restoreDefaults')}
          </Button>
          {saved && <Text c="teal">{t('warnings.rulesSaved')}</Text>}
        </Group>
      )}
    </Stack>
  );
}

function EvaluationCard() {
  const [from, setFrom] = useState(`${today().slice(0, 4)}-01-01`);
  const [to, setTo] = useState(today());
  const q = useQuery('warnings.evaluate', { from, to });
  const d = q.data;
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('warnings.evalIntro')}
      </Text>
      <Group>
        <DateField label={t('warnings.from')} value={from} onChange={(v) => setFrom(v)} />
        <DateField label={t('warnings.to')} value={to} onChange={(v) => setTo(v)} />
      </Group>
      <ErrorAlert error={q.error} />
      {d && (
        <>
          {!d.complete && (
            <Alert color="yellow" data-testid="evaluation-incomplete">
              {t('warnings.evalIncomplete', { date: formatDateZh(addDays(d.to, d.windowDays)) })}
            </Alert>
          )}
          <SimpleGrid cols={2}>
            <Card withBorder>
              <Text size="sm" c="dimmed">
                {t('warnings.precision')}
              </Text>
              <Text size="xl" fw={700}>
                {d.precision === null ? '—' : `${d.precision.toFixed(1)}%`}
              </Text>
              <Text size="sm">
                {t('warnings.precisionOf', { hits: d.warnedWithOutcome, warned: d.warnedStudents, days: d.windowDays })}
              </Text>
            </Card>
            <Card withBorder>
              <Text size="sm" c="dimmed">
                {t('warnings.recall')}
              </Text>
              <Text size="xl" fw={700}>
                {d.recall === null ? '—' : `${d.recall.toFixed(1)}%`}
              </Text>
              <Text size="sm">{t('warnings.recallOf', { hits: d.outcomeForetold, all: d.outcomeStudents })}</Text>
            </Card>
          </SimpleGrid>
          <Table withTableBorder data-testid="evaluation">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('warnings.indicator')}</Table.Th>
                <Table.Th>{t('warnings.warnedStudents')}</Table.Th>
                <Table.Th>{t('warnings.hits')}</Table.Th>
                <Table.Th>{t('warnings.precision')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.byIndicator.map((x) => (
                <Table.Tr key={x.indicator}>
                  <Table.Td>{x.label}</Table.Td>
                  <Table.Td>{x.warned}</Table.Td>
                  <Table.Td>{x.hits}</Table.Td>
                  <Table.Td>{x.precision === null ? '—' : `${x.precision.toFixed(1)}%`}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}

export function WarningsPage({ canRun, canImport, canEvaluate }: { canRun: boolean; canImport: boolean; canEvaluate: boolean }) {
  const [data, setData] = useState<'attendance' | 'grades'>('attendance');
  return (
    <Page title={t('warnings.title')} intro={t('warnings.intro')}>
      <Tabs defaultValue="list" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="list">{t('warnings.listTab')}</Tabs.Tab>
          <Tabs.Tab value="rules">{t('warnings.rulesTab')}</Tabs.Tab>
          {canImport && <Tabs.Tab value="data">{t('warnings.dataTab')}</Tabs.Tab>}
          {canEvaluate && <Tabs.Tab value="eval">{t('warnings.evalTab')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="list" pt="md">
          <WarningList canRun={canRun} />
        </Tabs.Panel>
        <Tabs.Panel value="rules" pt="md">
          <RulesCard />
        </Tabs.Panel>
        {canImport && (
          <Tabs.Panel value="data" pt="md">
            <Stack>
              <SegmentedControl
                w={320}
                value={data}
                onChange={(v) => setData(v as typeof data)}
                data={[
                  { value: 'attendance', label: t('warnings.attendance') },
                  { value: 'grades', label: t('warnings.grades') },
                ]}
              />
              <Text size="sm" c="dimmed">
                {data === 'attendance' ? t('warnings.attendanceHint') : t('warnings.gradesHint')}
              </Text>
              <ImportWizard key={data} kind={data} doneText={(r) => t('warnings.imported', { n: r.counts.written ?? 0 })} />
            </Stack>
          </Tabs.Panel>
        )}
        {canEvaluate && (
          <Tabs.Panel value="eval" pt="md">
            <EvaluationCard />
          </Tabs.Panel>
        )}
      </Tabs>
    </Page>
  );
}
