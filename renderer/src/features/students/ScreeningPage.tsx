/**
 * 一个都不少 (issue 12 part 5): every student in school with a T1 category or two or more risk factors, and who among
 * them is not yet served — never applied, not yet decided, approved care not yet delivered.
 */
import { Badge, Card, Group, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { CARE_KIND_LABELS, CASE_STATE_LABELS, CATEGORY_LABELS, RISK_FACTOR_LABELS } from '../../../../shared/domain/enums';
import { formatDateZh } from '../../../../shared/domain/dates';
import { useQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { t } from '../../i18n';
import { useNav } from '../../nav';

function Stat({ label, value, color }: { label: string; value: number; color?: string }) {
  return (
    <Card withBorder>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700} c={color}>
        {value}
      </Text>
    </Card>
  );
}

export function ScreeningPage() {
  const { go } = useNav();
  const q = useQuery('students.screening', {});
  const s = q.data;
  const open = (id: number) => go({ name: 'student', id });
  return (
    <Page title={t('screening.title')} intro={t('screening.intro')}>
      <ErrorAlert error={q.error} />
      {s && (
        <>
          <SimpleGrid cols={5}>
            <Stat label={t('screening.population')} value={s.population} />
            <Stat label={t('screening.onList')} value={s.onList} />
            <Stat label={t('screening.neverApplied')} value={s.neverApplied.length} color={s.neverApplied.length ? 'orange' : undefined} />
            <Stat label={t('screening.undecided')} value={s.undecided.length} color={s.undecided.length ? 'orange' : undefined} />
            <Stat label={t('screening.notDelivered')} value={s.notDelivered.length} color={s.notDelivered.length ? 'red' : undefined} />
          </SimpleGrid>
          <Card withBorder data-testid="screening-never">
            <Title order={5} mb="xs">
              {t('screening.neverApplied')}（{s.neverApplied.length}）
            </Title>
            <Text size="sm" c="dimmed" mb="xs">
              {t('screening.neverHint')}
            </Text>
            {s.neverApplied.length === 0 && <Text c="dimmed">{t('screening.none')}</Text>}
            <Table striped highlightOnHover>
              <Table.Tbody>
                {s.neverApplied.map((p) => (
                  <Table.Tr key={p.studentId} onClick={() => open(p.studentId)} style={{ cursor: 'pointer' }}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{p.name}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{p.className}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {p.categories.map((c) => (
                          <Badge key={c} variant="light">
                            {CATEGORY_LABELS[c]}
                          </Badge>
                        ))}
                        {p.riskFactors.map((f) => (
                          <Badge key={f} variant="light" color="orange">
                            {RISK_FACTOR_LABELS[f]}
                          </Badge>
                        ))}
                        {p.multipleFactors && <Badge color="orange">{t('students.multipleBadge')}</Badge>}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
          <SimpleGrid cols={2}>
            <Card withBorder data-testid="screening-undecided">
              <Title order={5} mb="xs">
                {t('screening.undecided')}（{s.undecided.length}）
              </Title>
              {s.undecided.length === 0 && <Text c="dimmed">{t('screening.none')}</Text>}
              <Table striped highlightOnHover>
                <Table.Tbody>
                  {s.undecided.map((p) => (
                    <Table.Tr key={p.caseId} onClick={() => open(p.studentId)} style={{ cursor: 'pointer' }}>
                      <Table.Td>{p.name}</Table.Td>
                      <Table.Td>{p.className}</Table.Td>
                      <Table.Td>{CASE_STATE_LABELS[p.state]}</Table.Td>
                      <Table.Td>{t('screening.waiting', { date: formatDateZh(p.since), days: p.days })}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
            <Card withBorder data-testid="screening-not-delivered">
              <Title order={5} mb="xs">
                {t('screening.notDelivered')}（{s.notDelivered.length}）
              </Title>
              {s.notDelivered.length === 0 && <Text c="dimmed">{t('screening.none')}</Text>}
              <Table striped highlightOnHover>
                <Table.Tbody>
                  {s.notDelivered.map((p) => (
                    <Table.Tr key={p.caseId} onClick={() => open(p.studentId)} style={{ cursor: 'pointer' }}>
                      <Table.Td>{p.name}</Table.Td>
                      <Table.Td>{p.className}</Table.Td>
                      <Table.Td>
                        {p.missing.map((k) => (
                          <Badge key={k} color="red" variant="light" mr={4}>
                            {CARE_KIND_LABELS[k]}
                          </Badge>
                        ))}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
          </SimpleGrid>
        </>
      )}
    </Page>
  );
}
