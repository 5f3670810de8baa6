/**
 * 档案归档 (retention, issue 12): files of students who left more than N years ago, listed first; archiving writes
 * them to an encrypted file (downloaded) and removes them from the live store. Administrator only.
 */
import { Alert, Badge, Button, Card, Group, NumberInput, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { formatDateZh } from '../../../../shared/domain/dates';
import { saveFile } from '../../api/client';
import { useAction } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { t } from '../../i18n';

export function ArchiveCard() {
  const [years, setYears] = useState(3);
  const run = useAction('students.archive');
  const [result, setResult] = useState<Awaited<ReturnType<typeof run.run>>>(null);
  const [done, setDone] = useState('');
  const ready = (result?.students ?? []).filter((s) => !s.blockedBy).length;
  return (
    <Card withBorder data-testid="archive-card">
      <Title order={5} mb="xs">
        {t('archive.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('archive.intro')}
      </Text>
      <Group align="flex-end">
        <NumberInput label={t('archive.years')} value={years} min={1} max={30} onChange={(v) => setYears(Number(v) || 3)} w={140} />
        <Button variant="light" loading={run.running} onClick={async () => setResult(await run.run({ preview: true, years }))}>
          {t('archive.preview')}
        </Button>
        {result && ready > 0 && (
          <Button
            color="red"
            loading={run.running}
            onClick={async () => {
              const out = await run.run({ preview: false, years });
              if (out?.file) {
                saveFile(out.file, 'application/octet-stream');
                setDone(t('archive.done', { n: out.archived }));
                setResult(null);
              }
            }}
          >
            {t('archive.commit', { n: ready })}
          </Button>
        )}
      </Group>
      <ErrorAlert error={run.error} />
      {done && (
        <Alert color="teal" mt="sm">
          {done}
        </Alert>
      )}
      {result && (
        <Table mt="sm" striped>
          <Table.Tbody>
            {result.students.length === 0 && (
              <Table.Tr>
                <Table.Td>{t('archive.none', { date: formatDateZh(result.cutoff) })}</Table.Td>
              </Table.Tr>
            )}
            {result.students.map((s) => (
              <Table.Tr key={s.studentId}>
                <Table.Td>{s.name}</Table.Td>
                <Table.Td>{s.className}</Table.Td>
                <Table.Td>{formatDateZh(s.leftAt)}</Table.Td>
                <Table.Td>
                  {s.blockedBy ? (
                    <Badge color="gray">{t('archive.blocked', { table: s.blockedBy })}</Badge>
                  ) : (
                    <Badge color="orange">{t('archive.ready')}</Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
