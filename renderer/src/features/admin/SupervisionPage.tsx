/** 督查视图 (G4): each clause's implementation as a share of the people it is owed to — counts shown, no score. */
import { Badge, Card, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { formatDateZh } from '../../../../shared/domain/dates';
import { useQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { t } from '../../i18n';
import { InspectionsCard } from './InspectionsCard';

export function SupervisionPage({ canCreate, canClose, canPrint }: { canCreate: boolean; canClose: boolean; canPrint: boolean }) {
  const q = useQuery('supervision.indicators', {});
  const d = q.data;
  return (
    <Page title={t('supervision.title')} intro={t('supervision.intro')}>
      <ErrorAlert error={q.error} />
      {d && (
        <>
          <Text size="sm" c="dimmed">
            {t('supervision.asOf', { date: formatDateZh(d.asOf) })}
          </Text>
          <SimpleGrid cols={2} data-testid="supervision">
            {d.indicators.map((i) => {
              const color = i.rate === null ? 'gray' : i.rate >= i.target ? 'teal' : i.rate >= 80 ? 'yellow' : 'red';
              return (
                <Card withBorder key={i.key}>
                  <Stack gap={6}>
                    <Title order={5}>
                      <Badge variant="light" mr={6}>
                        {i.clause}
                      </Badge>
                      {i.label}
                    </Title>
                    <Text size="xl" fw={700} c={color}>
                      {i.rate === null ? t('supervision.nobody') : `${i.rate.toFixed(1)}%`}
                      <Text span size="sm" c="dimmed" ml={8}>
                        {t('supervision.fraction', { n: i.numerator, d: i.denominator })}
                      </Text>
                    </Text>
                    <Progress value={i.rate ?? 0} color={color} />
                    <Text size="sm" c="dimmed">
                      {i.note}
                    </Text>
                  </Stack>
                </Card>
              );
            })}
          </SimpleGrid>
        </>
      )}
      <InspectionsCard canCreate={canCreate} canClose={canClose} canPrint={canPrint} />
    </Page>
  );
}
