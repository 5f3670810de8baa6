/** 毕业生数据库 (E8): final-year students in difficulty (on the key-care list or not), their outcome and how many postings they have been given (≥ 3). */
import { Badge, Button, Group, Text } from '@mantine/core';
import { MIN_RECOMMENDATIONS, OUTCOME_LABELS } from '../../../../shared/domain/employment';
import { formatDateZh } from '../../../../shared/domain/dates';
import { compareClasses } from '../../../../shared/domain/ordering';
import { saveFile, XLSX_MIME } from '../../api/client';
import { useAction, useQuery } from '../../api/hooks';
import { DataTable } from '../../components/DataTable';
import { KeyCareMark } from '../../components/KeyCareMark';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { t } from '../../i18n';
import { useNav } from '../../nav';

export function RecCount({ n }: { n: number }) {
  return n < MIN_RECOMMENDATIONS ? (
    <Badge color="red" variant="light" data-testid="rec-flag">
      {t('jobs.flag', { n, min: MIN_RECOMMENDATIONS })}
    </Badge>
  ) : (
    <Badge color="teal" variant="light">
      {t('jobs.enough', { n })}
    </Badge>
  );
}

export function GraduatesPage({ canExport }: { canExport: boolean }) {
  const { go } = useNav();
  const list = useQuery('employment.graduates', {});
  const exp = useAction('employment.exportGraduates');
  const rows = list.data ?? [];
  const flagged = rows.filter((g) => g.flagged).length;
  return (
    <Page title={t('jobs.graduatesTitle')} intro={t('jobs.graduatesIntro')}>
      <ErrorAlert error={list.error ?? exp.error} />
      {list.data && <Text data-testid="graduate-summary">{t('jobs.summary', { total: rows.length, flagged })}</Text>}
      <DataTable
        rows={rows}
        rowKey={(g) => g.studentId}
        testId="graduate-table"
        empty={t('jobs.noGraduates')}
        toolbar={
          canExport && (
            <Button
              variant="default"
              loading={exp.running}
              onClick={async () => {
                const f = await exp.run({});
                if (f) saveFile(f, XLSX_MIME);
              }}
            >
              {t('jobs.exportGraduates')}
            </Button>
          )
        }
        columns={[
          {
            key: 'name',
            label: t('students.name'),
            value: (g) => g.name,
            render: (g) => (
              <KeyCareMark onList={g.onKeyCareList}>
                <Text
                  component="a"
                  href="#"
                  onClick={(e) => {
                    e.preventDefault();
                    go({ name: 'graduate', studentId: g.studentId });
                  }}
                >
                  {g.name}
                </Text>
              </KeyCareMark>
            ),
          },
          { key: 'class', compare: compareClasses, label: t('students.class'), value: (g) => g.className, render: (g) => g.className },
          {
            key: 'field',
            label: t('jobs.intendedField'),
            value: (g) => g.intendedField,
            render: (g) =>
              g.intendedField || (
                <Text c="dimmed" size="sm">
                  {t('jobs.noProfile')}
                </Text>
              ),
          },
          {
            key: 'recs',
            label: t('jobs.recommendations'),
            value: (g) => g.recommendations,
            render: (g) =>
              g.notForWork ? (
                <Badge color="gray" variant="light" title={g.notForWork}>
                  {t('jobs.studyGuidance')}
                </Badge>
              ) : g.outcome === 'looking' ? (
                <RecCount n={g.recommendations} />
              ) : (
                g.recommendations
              ),
          },
          {
            key: 'outcome',
            label: t('jobs.outcome'),
            value: (g) => g.outcome,
            render: (g) => `${OUTCOME_LABELS[g.outcome]}${g.outcomeDate ? `（${formatDateZh(g.outcomeDate)}）` : ''}`,
          },
          { key: 'helper', label: t('jobs.helper'), value: (g) => g.helperName, render: (g) => g.helperName || '—' },
          {
            key: 'op',
            label: '',
            render: (g) => (
              <Group gap={4}>
                <Button size="xs" variant="subtle" onClick={() => go({ name: 'graduate', studentId: g.studentId })}>
                  {t('jobs.open')}
                </Button>
              </Group>
            ),
          },
        ]}
      />
    </Page>
  );
}
