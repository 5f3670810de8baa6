/**
 * 上报与下级 (issue 14 §6): a county or prefecture bureau sends its signing key up once and forwards a half-year's
 * value sets to the level above; a prefecture or the province registers its lower bureaus' keys and imports their
 * forwarded packages. Which parts show depends on this bureau's level.
 */
import { Button, Card, Code, Group, Select, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { BUREAU_LEVEL_LABELS } from '../../../../shared/domain/bureauLevels';
import { periodLabel, previousPeriod, recentPeriods } from '../../../../shared/domain/calendar';
import { formatDateZh, todayIso } from '../../../../shared/domain/dates';
import { saveFile, saveText } from '../../api/client';
import { useAction, useQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FilePickButton } from '../../components/FilePickButton';
import { t } from '../../i18n';

/** What an imported forwarded package is said as, wherever it was imported (this tab or the main import button). */
export function forwardImportedMessage(r: { status: string; area: string; period: string; sequence: number; schools: number }) {
  return t(r.status === 'unchanged' ? 'upward.unchanged' : 'upward.imported', {
    area: r.area,
    period: periodLabel(r.period),
    sequence: r.sequence,
    schools: r.schools,
  });
}

export function UpwardCard({ onChanged }: { onChanged: () => void }) {
  const q = useQuery('bureau.lowerBureaus', {});
  const keyFile = useAction('bureau.signingKey');
  const forward = useAction('bureau.forward');
  const register = useAction('bureau.registerBureau');
  const imp = useAction('bureau.importForward');
  const [recipient, setRecipient] = useState('');
  const [lowerKey, setLowerKey] = useState('');
  const [message, setMessage] = useState('');
  const current = recentPeriods(todayIso(new Date()))[0];
  const periods = [current, previousPeriod(current), previousPeriod(previousPeriod(current))];
  const [period, setPeriod] = useState(periods[1]);
  const d = q.data;
  if (!d) return null;
  return (
    <Card withBorder data-testid="upward">
      <Stack>
        <Title order={5}>{t('upward.title', { level: BUREAU_LEVEL_LABELS[d.level], area: d.area || t('upward.noArea') })}</Title>
        {d.level !== 'province' && (
          <Stack gap="xs">
            <Group>
              <Button
                variant="default"
                loading={keyFile.running}
                onClick={async () => {
                  const r = await keyFile.run({});
                  if (r) {
                    saveText(t('upward.keyFileName', { area: d.area }), r.keyText);
                    setMessage(t('upward.keySaved', { fingerprint: r.fingerprint }));
                  }
                }}
              >
                {t('upward.signingKey')}
              </Button>
            </Group>
            <Group align="flex-end">
              <Select
                label={t('bureau.period')}
                data={periods.map((p) => ({ value: p, label: periodLabel(p) }))}
                value={period}
                onChange={(v) => v && setPeriod(v)}
                allowDeselect={false}
              />
              <Textarea
                style={{ flex: 1 }}
                label={t('upward.recipient')}
                autosize
                minRows={1}
                value={recipient}
                onChange={(e) => setRecipient(e.currentTarget.value)}
                error={forward.fieldError('recipient')}
              />
              <Button
                loading={forward.running}
                onClick={async () => {
                  const r = await forward.run({ period, recipient });
                  if (r) {
                    saveFile(r);
                    setMessage(t('upward.forwarded', { sequence: r.sequence, schools: r.schools, unplaced: r.unplaced }));
                  }
                }}
              >
                {t('upward.forward')}
              </Button>
            </Group>
          </Stack>
        )}
        {d.level !== 'county' && (
          <Stack gap="xs">
            <Textarea
              label={t('upward.lowerKey')}
              autosize
              minRows={2}
              value={lowerKey}
              onChange={(e) => setLowerKey(e.currentTarget.value)}
              error={register.fieldError('keyText')}
            />
            <Group>
              <Button
                loading={register.running}
                onClick={async () => {
                  const r = await register.run({ keyText: lowerKey });
                  if (r) {
                    setMessage(t('upward.registered', { name: r.name, area: r.area }));
                    setLowerKey('');
                    await q.reload();
                  }
                }}
              >
                {t('upward.register')}
              </Button>
              <FilePickButton
                purpose="package"
                variant="light"
                label={t('upward.import')}
                disabled={imp.running}
                onError={(e) => setMessage(e.message)}
                onSent={async (sent) => {
                  setMessage('');
                  const r = await imp.run({ fileRef: sent.fileRef });
                  if (r) {
                    setMessage(forwardImportedMessage({ ...r, area: r.fromArea }));
                    await q.reload();
                    onChanged();
                  }
                }}
              />
            </Group>
            {d.bureaus.length > 0 && (
              <Table withTableBorder data-testid="lower-bureaus">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('upward.area')}</Table.Th>
                    <Table.Th>{t('upward.name')}</Table.Th>
                    <Table.Th>{t('upward.registeredOn')}</Table.Th>
                    <Table.Th>{t('upward.last')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.bureaus.map((b) => (
                    <Table.Tr key={b.area}>
                      <Table.Td>
                        <Code>{b.area}</Code> {BUREAU_LEVEL_LABELS[b.level]}
                      </Table.Td>
                      <Table.Td>{b.name}</Table.Td>
                      <Table.Td>{formatDateZh(b.registeredOn)}</Table.Td>
                      <Table.Td>
                        {b.lastPeriod
                          ? t('upward.lastForward', { period: b.lastPeriod, sequence: b.lastSequence ?? '', schools: b.lastSchools })
                          : t('upward.none')}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        )}
        <ErrorAlert error={keyFile.error ?? forward.error ?? register.error ?? imp.error ?? q.error} />
        {message && <Text c="teal">{message}</Text>}
      </Stack>
    </Card>
  );
}
