/** A student's change history (issue 12): each kept change, newest first, values masked as the service sends them. */
import { Badge, Card, Table, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { formatDateTimeZh, formatDateZh } from '../../../../shared/domain/dates';
import { useQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { t } from '../../i18n';

const SOURCE_COLOR = { edit: 'blue', roster: 'grape', rollover: 'teal' } as const;

export function StudentHistory({ studentId, tick }: { studentId: number; tick: number }) {
  const history = useQuery('students.history', { studentId });
  const { reload } = history;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` is the signal to read again (the file was just edited).
  useEffect(() => {
    if (tick) void reload();
  }, [tick]);
  const rows = history.data ?? [];
  return (
    <Card withBorder data-testid="student-history">
      <Title order={4} mb="sm">
        {t('history.title')}
      </Title>
      <ErrorAlert error={history.error} />
      {rows.length === 0 ? (
        <Text c="dimmed">{t('history.empty')}</Text>
      ) : (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('history.at')}</Table.Th>
              <Table.Th>{t('history.field')}</Table.Th>
              <Table.Th>{t('history.from')}</Table.Th>
              <Table.Th>{t('history.to')}</Table.Th>
              <Table.Th>{t('history.reason')}</Table.Th>
              <Table.Th>{t('history.by')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTimeZh(r.at)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {r.fieldLabel}
                  {r.effectiveFrom && (
                    <Text size="xs" c="dimmed">
                      {t('history.since', { date: formatDateZh(r.effectiveFrom) })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{r.from || '—'}</Table.Td>
                <Table.Td>{r.to || '—'}</Table.Td>
                <Table.Td>{r.reason || '—'}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {r.actorName}{' '}
                  <Badge size="xs" variant="light" color={SOURCE_COLOR[r.source]}>
                    {t(`history.source.${r.source}`)}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
