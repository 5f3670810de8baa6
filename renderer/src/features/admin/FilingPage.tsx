/**
 * I6 上级备案, for a person: the school's key file to hand to the bureau (its fingerprint as words to read over the
 * phone), the bureau's key file imported once, the period chosen by name with its due date, and the packages made.
 */
import { Alert, Badge, Button, Card, Checkbox, FileButton, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { formatDateTimeZh, formatDateZh } from '../../../../shared/domain/dates';
import { saveFile } from '../../api/client';
import { useAction, useQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { t } from '../../i18n';

export function FilingPage() {
  const status = useQuery('filing.status', {});
  const key = useQuery('filing.schoolKey', {});
  const setKey = useAction('filing.setBureauKey');
  const exp = useAction('filing.export');
  const [period, setPeriod] = useState<string | null>(null);
  const [correction, setCorrection] = useState(false);
  const [message, setMessage] = useState('');
  const s = status.data;
  const chosen = period ?? s?.periods[0]?.period ?? null;
  return (
    <Page title={t('filing.title')} intro={t('filing.intro')}>
      <ErrorAlert error={status.error} />
      <Card withBorder>
        <Group justify="space-between">
          <Title order={4}>{t('filing.schoolKey')}</Title>
          {key.data && (
            <Button
              variant="default"
              size="xs"
              onClick={() =>
                saveFile(
                  { fileName: 'school-public-key.json', base64: btoa(unescape(encodeURIComponent(key.data!.keyText))) },
                  'application/json',
                )
              }
            >
              {t('filing.downloadKey')}
            </Button>
          )}
        </Group>
        <Text size="sm" mt="xs" data-testid="school-fingerprint">
          {t('filing.fingerprint')}：<b>{s?.schoolFingerprint}</b>
        </Text>
        <Text size="xs" c="dimmed">
          {t('filing.fingerprintHint')}
        </Text>
      </Card>
      <Card withBorder>
        <Group justify="space-between">
          <Title order={4}>{t('filing.bureauKeyTitle')}</Title>
          <FileButton
            accept=".key,.txt,text/plain"
            onChange={async (file) => {
              if (!file) return;
              const r = await setKey.run({ keyText: (await file.text()).trim() });
              if (r) await status.reload();
            }}
          >
            {(props) => (
              <Button {...props} variant={s?.bureauKey ? 'default' : 'filled'} size="xs" loading={setKey.running}>
                {s?.bureauKey ? t('filing.replaceBureauKey') : t('filing.importBureauKey')}
              </Button>
            )}
          </FileButton>
        </Group>
        {s?.bureauKey ? (
          <Text size="sm" mt="xs" data-testid="bureau-fingerprint">
            {t('filing.fingerprint')}：<b>{s.bureauKey.fingerprint}</b>（
            {t('filing.importedAt', { at: formatDateTimeZh(s.bureauKey.savedAt) })}）
          </Text>
        ) : (
          <Alert color="yellow" mt="xs">
            {t('filing.noBureauKey')}
          </Alert>
        )}
        <ErrorAlert error={setKey.error} />
      </Card>
      <Card withBorder>
        <Stack>
          <Select
            label={t('filing.period')}
            w={360}
            data={(s?.periods ?? []).map((p) => ({
              value: p.period,
              label: t('filing.periodOption', { label: p.label, due: formatDateZh(p.due), state: p.filed ? t('filing.filedAlready') : '' }),
            }))}
            value={chosen}
            onChange={setPeriod}
            allowDeselect={false}
            error={exp.fieldError('period')}
          />
          <Checkbox
            label={t('filing.correction')}
            description={t('filing.correctionHint')}
            checked={correction}
            onChange={(e) => setCorrection(e.currentTarget.checked)}
          />
          <ErrorAlert error={exp.error} />
          {message && <Text c="teal">{message}</Text>}
          <Button
            w={200}
            loading={exp.running}
            disabled={!s?.bureauKey || !chosen}
            title={s?.bureauKey ? undefined : t('filing.noBureauKey')}
            onClick={async () => {
              if (!chosen) return;
              const out = await exp.run({ period: chosen, correction });
              if (out) {
                saveFile(out);
                setMessage(t('filing.exported', { count: out.count, sequence: out.sequence }));
                await status.reload();
              }
            }}
          >
            {t('filing.export')}
          </Button>
        </Stack>
      </Card>
      {s && s.packages.length > 0 && (
        <Card withBorder>
          <Title order={4} mb="xs">
            {t('filing.history')}
          </Title>
          <Table data-testid="filing-history">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('filing.sequence')}</Table.Th>
                <Table.Th>{t('filing.period')}</Table.Th>
                <Table.Th>{t('filing.madeAt')}</Table.Th>
                <Table.Th>{t('filing.count')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {s.packages.map((p) => (
                <Table.Tr key={p.sequence}>
                  <Table.Td>
                    <Badge variant="light">{t('filing.sequenceN', { n: p.sequence })}</Badge>
                  </Table.Td>
                  <Table.Td>{p.label}</Table.Td>
                  <Table.Td>{formatDateTimeZh(p.at)}</Table.Td>
                  <Table.Td>{p.count}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
    </Page>
  );
}
