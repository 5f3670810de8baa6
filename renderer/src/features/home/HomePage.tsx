/**
 * 工作台 (issue 13 §5): what is due and how many days are left (statistics table, annual summary, filing), the open
 * warnings in the user's scope, monthly-talk coverage over six months and the population counts. No names.
 */
import { Anchor, Badge, Card, Group, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { MethodOutput } from '../../../../shared/contract/index';
import { formatDateZh } from '../../../../shared/domain/dates';
import { WARNING_LEVEL_LABELS, WARNING_LEVELS } from '../../../../shared/domain/warnings';
import { useQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { t } from '../../i18n';
import { type Route, useNav } from '../../nav';

type Deadline = MethodOutput<'home.overview'>['deadlines'][number];
const ROUTE_OF: Record<string, Route['name']> = { statistics: 'statistics', filing: 'filing', summary: 'summary' };
const LEVEL_COLOR = { yellow: 'yellow', orange: 'orange', red: 'red' } as const;

function left(d: Deadline): { text: string; color: string } {
  if (d.done) return { text: d.note, color: 'teal' };
  if (d.daysLeft < 0) return { text: t('home.overdueBy', { n: -d.daysLeft }), color: 'red' };
  return { text: t('home.daysLeft', { n: d.daysLeft }), color: d.daysLeft <= 15 ? 'orange' : 'gray' };
}

function Figure({ label, value }: { label: string; value: number }) {
  return (
    <Card withBorder>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
    </Card>
  );
}

export function HomePage({ may }: { may: (route: Route['name']) => boolean }) {
  const { go } = useNav();
  const q = useQuery('home.overview', {});
  const d = q.data;
  const top = d ? Math.max(1, d.warnings.red, d.warnings.orange, d.warnings.yellow) : 1;
  return (
    <Page title={t('home.title')} intro={t('home.intro')}>
      <ErrorAlert error={q.error} />
      {d && (
        <>
          <SimpleGrid cols={4}>
            <Card withBorder data-testid="home-tasks">
              <Text size="sm" c="dimmed">
                {t('home.tasks')}
              </Text>
              <Text size="xl" fw={700} c={d.tasks.overdue ? 'red' : undefined}>
                {t('home.tasksOverdue', { n: d.tasks.overdue })}
              </Text>
              <Group gap="xs">
                <Text size="sm">{t('home.tasksDue', { n: d.tasks.due })}</Text>
                {may('compliance') && (
                  <Anchor size="sm" component="button" onClick={() => go({ name: 'compliance' })}>
                    {t('home.openTasks')}
                  </Anchor>
                )}
              </Group>
            </Card>
            <Figure label={t('home.population')} value={d.figures.population} />
            <Figure label={t('home.onList')} value={d.figures.onList} />
            <Figure label={t('home.awaitingReview')} value={d.figures.awaitingReview} />
          </SimpleGrid>
          <Card withBorder data-testid="home-deadlines">
            <Title order={4} mb="xs">
              {t('home.deadlines')}
            </Title>
            <Table>
              <Table.Tbody>
                {d.deadlines.map((x) => {
                  const l = left(x);
                  const route = ROUTE_OF[x.key.split(':')[0]];
                  return (
                    <Table.Tr key={x.key}>
                      <Table.Td w={150}>{formatDateZh(x.date)}</Table.Td>
                      <Table.Td>
                        {route && may(route) ? (
                          <Anchor component="button" onClick={() => go({ name: route } as Route)}>
                            {x.label}
                          </Anchor>
                        ) : (
                          x.label
                        )}
                      </Table.Td>
                      <Table.Td w={240}>
                        <Badge color={l.color} variant={x.done ? 'light' : 'filled'}>
                          {l.text}
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Card>
          <SimpleGrid cols={2}>
            <Card withBorder data-testid="home-warnings">
              <Group justify="space-between" mb="xs">
                <Title order={4}>{t('home.warnings')}</Title>
                {may('warnings') && (
                  <Anchor component="button" onClick={() => go({ name: 'warnings' })}>
                    {t('home.open')}
                  </Anchor>
                )}
              </Group>
              <Stack gap={6}>
                {[...WARNING_LEVELS].reverse().map((l) => (
                  <Group key={l} gap="xs" wrap="nowrap">
                    <Text size="sm" w={80}>
                      {WARNING_LEVEL_LABELS[l]}
                    </Text>
                    <Progress value={(100 * d.warnings[l]) / top} color={LEVEL_COLOR[l]} style={{ flex: 1 }} />
                    <Text size="sm" w={40} ta="right">
                      {d.warnings[l]}
                    </Text>
                  </Group>
                ))}
                <Text size="sm" c={d.warnings.overdue ? 'red' : 'dimmed'}>
                  {t('home.warningsOverdue', { n: d.warnings.overdue })}
                </Text>
              </Stack>
            </Card>
            <Card withBorder data-testid="home-talks">
              <Title order={4} mb="xs">
                {t('home.talks')}
              </Title>
              {d.talks.length === 0 && (
                <Text size="sm" c="dimmed">
                  {t('home.noTalks')}
                </Text>
              )}
              <Stack gap={6}>
                {d.talks.map((m) => (
                  <Group key={m.label} gap="xs" wrap="nowrap">
                    <Text size="sm" w={50}>
                      {m.label}
                    </Text>
                    <Progress value={m.value} color={m.value >= 100 ? 'teal' : m.value >= 80 ? 'yellow' : 'red'} style={{ flex: 1 }} />
                    <Text size="sm" w={60} ta="right">
                      {m.value.toFixed(1)}%
                    </Text>
                  </Group>
                ))}
              </Stack>
            </Card>
          </SimpleGrid>
        </>
      )}
    </Page>
  );
}
