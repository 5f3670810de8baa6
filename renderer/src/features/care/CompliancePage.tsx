/**
 * 合规提醒 (P5, P7): for the month, every obligation still owed — per student, per responsible person, and in
 * detail. Computed from the calendar and the list, so a student nobody has recorded anything about still appears.
 */
import { Badge, Group, Tabs, Text } from '@mantine/core';
import { useState } from 'react';
import { OBLIGATION_LABELS, type Obligation } from '../../../../shared/domain/care';
import { formatDateZh } from '../../../../shared/domain/dates';
import { compareClasses } from '../../../../shared/domain/ordering';
import { useQuery } from '../../api/hooks';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { t } from '../../i18n';
import { useNav } from '../../nav';
import { MonthSelect, thisMonth } from './shared';
import { CareSettingsCard } from './CareSettingsCard';

const StatusBadge = ({ status }: { status: 'overdue' | 'due' }) =>
  status === 'overdue' ? (
    <Badge color="red" variant="light">
      {t('care.overdue')}
    </Badge>
  ) : (
    <Badge color="yellow" variant="light">
      {t('care.due')}
    </Badge>
  );

export function CompliancePage({ isAdmin }: { isAdmin: boolean }) {
  const { go } = useNav();
  const [month, setMonth] = useState(thisMonth());
  const report = useQuery('cadence.compliance', { month });
  const r = report.data;
  const overdue = r?.items.filter((i) => i.status === 'overdue').length ?? 0;
  const open = (id: number) => (e: React.MouseEvent) => {
    e.preventDefault();
    if (id) go({ name: 'student', id });
  };
  return (
    <Page title={t('care.complianceTitle')} intro={t('care.complianceIntro')}>
      <Group align="flex-end">
        <MonthSelect value={month} onChange={setMonth} />
        {r && (
          <Text data-testid="compliance-summary">
            {t('care.complianceSummary', { asOf: formatDateZh(r.asOf), students: r.keyStudents, overdue, due: r.items.length - overdue })}
          </Text>
        )}
      </Group>
      <ErrorAlert error={report.error} />
      <Tabs defaultValue="students">
        <Tabs.List>
          <Tabs.Tab value="students">{t('care.byStudent')}</Tabs.Tab>
          <Tabs.Tab value="people">{t('care.byResponsible')}</Tabs.Tab>
          <Tabs.Tab value="items">{t('care.detail')}</Tabs.Tab>
          {isAdmin && <Tabs.Tab value="settings">{t('care.settings')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="students" pt="sm">
          <DataTable
            testId="compliance-students"
            rows={r?.byStudent ?? []}
            rowKey={(x) => `${x.studentId}-${x.studentName}`}
            empty={t('care.allDone')}
            columns={[
              {
                key: 'name',
                label: t('students.name'),
                value: (x) => x.studentName,
                render: (x) => (
                  <Text component="a" href="#" onClick={open(x.studentId)}>
                    {x.studentName}
                  </Text>
                ),
              },
              { key: 'class', compare: compareClasses, label: t('students.class'), value: (x) => x.className, render: (x) => x.className },
              {
                key: 'what',
                label: t('care.owed'),
                render: (x) => (
                  <Group gap={4}>
                    {(Object.entries(x.obligations) as Array<[Obligation, number]>).map(([o, n]) => (
                      <Badge key={o} variant="outline" color="gray">
                        {OBLIGATION_LABELS[o]} × {n}
                      </Badge>
                    ))}
                  </Group>
                ),
              },
              {
                key: 'overdue',
                label: t('care.overdue'),
                value: (x) => x.overdue,
                render: (x) => (x.overdue ? <Badge color="red">{x.overdue}</Badge> : '0'),
              },
              { key: 'due', label: t('care.due'), value: (x) => x.due, render: (x) => x.due },
              { key: 'earliest', label: t('care.earliestDue'), value: (x) => x.earliestDue, render: (x) => formatDateZh(x.earliestDue) },
            ]}
          />
        </Tabs.Panel>
        <Tabs.Panel value="people" pt="sm">
          <DataTable
            testId="compliance-people"
            rows={r?.byResponsible ?? []}
            rowKey={(x) => String(x.responsibleId)}
            empty={t('care.allDone')}
            columns={[
              { key: 'who', label: t('care.responsible'), value: (x) => x.responsibleName, render: (x) => x.responsibleName },
              { key: 'students', label: t('care.studentsCount'), value: (x) => x.students, render: (x) => x.students },
              {
                key: 'overdue',
                label: t('care.overdue'),
                value: (x) => x.overdue,
                render: (x) => (x.overdue ? <Badge color="red">{x.overdue}</Badge> : '0'),
              },
              { key: 'due', label: t('care.due'), value: (x) => x.due, render: (x) => x.due },
            ]}
          />
        </Tabs.Panel>
        <Tabs.Panel value="items" pt="sm">
          <DataTable
            testId="compliance-items"
            rows={r?.items ?? []}
            rowKey={(x) => `${x.obligation}-${x.studentId}-${x.ref}-${x.dueDate}`}
            pageSize={50}
            empty={t('care.allDone')}
            columns={[
              { key: 'name', label: t('students.name'), value: (x) => x.studentName, render: (x) => x.studentName },
              { key: 'class', compare: compareClasses, label: t('students.class'), value: (x) => x.className, render: (x) => x.className },
              { key: 'what', label: t('care.obligation'), value: (x) => x.obligationLabel, render: (x) => x.obligationLabel },
              { key: 'dueDate', label: t('care.dueDate'), value: (x) => x.dueDate, render: (x) => formatDateZh(x.dueDate) },
              { key: 'status', label: t('care.status'), value: (x) => x.status, render: (x) => <StatusBadge status={x.status} /> },
              { key: 'who', label: t('care.responsible'), value: (x) => x.responsibleName, render: (x) => x.responsibleName },
            ]}
          />
        </Tabs.Panel>
        {isAdmin && (
          <Tabs.Panel value="settings" pt="sm">
            <CareSettingsCard onSaved={() => void report.reload()} />
          </Tabs.Panel>
        )}
      </Tabs>
    </Page>
  );
}
