/** Bureau workspace: its public key, school registration, package import and the per-school summary. */
import { Button, Card, Code, Group, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { CATEGORY_LABELS, type Category } from '../../../../shared/domain/enums';
import { formatDateTimeZh } from '../../../../shared/domain/dates';
import { FilePickButton } from '../../components/FilePickButton';
import { useAction, useQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { t } from '../../i18n';

export function BureauPage() {
  const key = useQuery('bureau.key', {});
  const summary = useQuery('bureau.summary', {});
  const register = useAction('bureau.registerSchool');
  const imp = useAction('bureau.importPackage');
  const [keyText, setKeyText] = useState('');
  const [message, setMessage] = useState('');
  // Cleared after each pick, so choosing the same file again (a retry) still fires.
  return (
    <Page title={t('bureau.title')}>
      <Card withBorder>
        <Title order={5}>{t('bureau.key')}</Title>
        <Code block mt="xs" data-testid="bureau-key">
          {key.data?.recipient ?? ''}
        </Code>
      </Card>
      <Card withBorder>
        <Stack>
          <Textarea
            label={t('bureau.keyText')}
            autosize
            minRows={3}
            value={keyText}
            onChange={(e) => setKeyText(e.currentTarget.value)}
            error={register.fieldError('keyText')}
          />
          <Group>
            <Button
              onClick={async () => {
                const r = await register.run({ keyText });
                if (r) {
                  setMessage(`${t('bureau.registered')}：${r.schoolName}`);
                  setKeyText('');
                  await summary.reload();
                }
              }}
              loading={register.running}
            >
              {t('bureau.register')}
            </Button>
            <FilePickButton
              purpose="package"
              variant="light"
              label={t('bureau.import')}
              disabled={imp.running}
              onError={(e) => setMessage(e.message)}
              onSent={async (sent) => {
                setMessage('');
                const r = await imp.run({ fileRef: sent.fileRef });
                if (r) {
                  setMessage(t('bureau.imported', { school: r.schoolCode, period: r.period, sequence: r.sequence, count: r.count }));
                  await summary.reload();
                }
              }}
            />
          </Group>
          <ErrorAlert error={register.error ?? imp.error} />
          {message && <Text c="teal">{message}</Text>}
        </Stack>
      </Card>
      <Table striped withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('bureau.school')}</Table.Th>
            <Table.Th>{t('bureau.code')}</Table.Th>
            <Table.Th>{t('bureau.lastPeriod')}</Table.Th>
            <Table.Th>{t('bureau.students')}</Table.Th>
            <Table.Th>{t('bureau.byCategory')}</Table.Th>
            <Table.Th>{t('bureau.auditChain')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {summary.data?.map((s) => (
            <Table.Tr key={s.schoolCode}>
              <Table.Td>{s.schoolName}</Table.Td>
              <Table.Td>{s.schoolCode}</Table.Td>
              <Table.Td>
                {s.lastPeriod
                  ? t('bureau.lastFiled', { period: s.lastPeriod, sequence: s.lastSequence ?? '', at: formatDateTimeZh(s.lastImportedAt) })
                  : t('bureau.notFiled')}
              </Table.Td>
              <Table.Td>{s.students}</Table.Td>
              <Table.Td>
                {Object.entries(s.byCategory)
                  .map(([c, n]) => `${CATEGORY_LABELS[c as Category] ?? c} ${n}`)
                  .join('，')}
              </Table.Td>
              <Table.Td>
                {s.auditFlag ? (
                  <Text size="sm" c="red" data-testid="audit-flag">
                    {s.auditFlag}
                  </Text>
                ) : (
                  s.lastPeriod && t('bureau.auditOk')
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Page>
  );
}
