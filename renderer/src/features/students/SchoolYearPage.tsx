/**
 * 学年升级 (issue 12): the school year, its grade sequences, and the rollover — a preview of every move, graduation,
 * exit and head-teacher change first; the commit downloads the backup taken just before it.
 */
import { Alert, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { STAGE_LABELS, type Stage } from '../../../../shared/domain/enums';
import { nextSchoolYear, rolloverYearFor } from '../../../../shared/domain/schoolYear';
import { todayIso } from '../../../../shared/domain/dates';
import { saveFile } from '../../api/client';
import { useAction, useQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { t } from '../../i18n';
import { ArchiveCard } from './ArchiveCard';
import { DateField } from '../../components/DateField';

const BACKUP_MIME = 'application/octet-stream';

export function SchoolYearPage({ canArchive }: { canArchive: boolean }) {
  const status = useQuery('year.status', {});
  const rollover = useAction('year.rollover');
  const recorded = status.data?.schoolYear ?? null;
  const [toYear, setToYear] = useState('');
  const [date, setDate] = useState(todayIso(new Date()));
  const [plan, setPlan] = useState<NonNullable<Awaited<ReturnType<typeof rollover.run>>>['plan'] | null>(null);
  const [done, setDone] = useState(false);
  const target = toYear || (recorded ? nextSchoolYear(recorded) : rolloverYearFor(date));
  const err = rollover.fieldError;

  const run = async (preview: boolean) => {
    const out = await rollover.run({ toYear: target, date, preview });
    if (!out) return;
    setPlan(out.plan);
    if (out.done) {
      if (out.backup) saveFile(out.backup, BACKUP_MIME);
      setDone(true);
      void status.reload();
    }
  };

  return (
    <Page title={t('year.title')} intro={t('year.intro')}>
      <Card withBorder>
        <Group align="flex-end">
          <Text>{recorded ? t('year.current', { year: recorded }) : t('year.noneRecorded')}</Text>
          <TextInput
            label={t('year.toYear')}
            value={target}
            onChange={(e) => setToYear(e.currentTarget.value)}
            error={err('toYear')}
            w={160}
          />
          <DateField label={t('year.date')} value={date} onChange={(v) => setDate(v)} error={err('date')} w={180} />
          <Button variant="light" loading={rollover.running} onClick={() => void run(true)}>
            {t('year.preview')}
          </Button>
        </Group>
      </Card>
      <ErrorAlert error={rollover.error} />
      {done && plan && (
        <Alert color="teal" data-testid="rollover-done">
          {t('year.done', { year: plan.toYear })}
        </Alert>
      )}
      {plan && !done && (
        <Stack data-testid="rollover-plan">
          <SimpleGrid cols={2}>
            <Card withBorder>
              <Title order={5} mb="xs">
                {t('year.moves')}
              </Title>
              <Table>
                <Table.Tbody>
                  {plan.moves.map((m) => (
                    <Table.Tr key={m.fromGrade}>
                      <Table.Td>
                        {m.fromGrade} → {m.toGrade}
                      </Table.Td>
                      <Table.Td>{t('year.persons', { n: m.students })}</Table.Td>
                    </Table.Tr>
                  ))}
                  {plan.graduating.map((g) => (
                    <Table.Tr key={g.grade}>
                      <Table.Td>
                        {g.grade} → <Badge color="teal">{t('year.graduate')}</Badge>
                      </Table.Td>
                      <Table.Td>{t('year.persons', { n: g.students })}</Table.Td>
                    </Table.Tr>
                  ))}
                  {plan.unknownGrades.map((g) => (
                    <Table.Tr key={g.grade}>
                      <Table.Td c="red">{t('year.unknown', { grade: g.grade })}</Table.Td>
                      <Table.Td c="red">{t('year.persons', { n: g.students })}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
            <Card withBorder>
              <Title order={5} mb="xs">
                {t('year.exits', { n: plan.exits.length })}
              </Title>
              <Group gap={6}>
                {plan.exits.map((e) => (
                  <Badge key={e.caseId} variant="light">
                    {e.studentName} · {e.className}
                  </Badge>
                ))}
              </Group>
              <Title order={5} mt="md" mb="xs">
                {t('year.staff')}
              </Title>
              {plan.staff.length === 0 && <Text c="dimmed">{t('year.noStaff')}</Text>}
              {plan.staff.map((s) => (
                <Text key={s.accountId} size="sm">
                  {s.name}：{s.from.join('、')} → {s.to.join('、')}
                </Text>
              ))}
              {plan.tutors.map((s) => (
                <Text key={s.accountId} size="sm">
                  {t('year.tutor', { name: s.name, n: s.graduating })}
                </Text>
              ))}
            </Card>
          </SimpleGrid>
          <Group justify="flex-end">
            <Button color="orange" loading={rollover.running} disabled={plan.unknownGrades.length > 0} onClick={() => void run(false)}>
              {plan.unknownGrades.length ? t('year.fixFirst') : t('year.commit', { year: plan.toYear })}
            </Button>
          </Group>
        </Stack>
      )}
      {canArchive && <ArchiveCard />}
      <Card withBorder>
        <Title order={5} mb="xs">
          {t('year.progression')}
        </Title>
        <Table>
          <Table.Tbody>
            {Object.entries(status.data?.progression ?? {}).map(([stage, seqs]) => (
              <Table.Tr key={stage}>
                <Table.Td w={120}>{STAGE_LABELS[stage as Stage]}</Table.Td>
                <Table.Td>{(seqs ?? []).map((seq) => seq.join(' → ')).join('；')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
    </Page>
  );
}
