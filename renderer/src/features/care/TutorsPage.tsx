/** 育人导师 (G2): assign key students to tutors each semester; the workload report, printable and exportable. */
import { Button, Checkbox, Group, Select, Stack, Tabs, Text } from '@mantine/core';
import { useState } from 'react';
import { semesterOf } from '../../../../shared/domain/calendar';
import { compareClasses } from '../../../../shared/domain/ordering';
import { saveFile, XLSX_MIME } from '../../api/client';
import { useAction, useQuery } from '../../api/hooks';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { t } from '../../i18n';
import { SemesterSelect, today, useStaffOptions } from './shared';
import { TUTOR_ROLES } from '../../../../shared/contract/roleGroups';

function Assignments({ semester, canAssign }: { semester: string; canAssign: boolean }) {
  const list = useQuery('tutors.assignments', { semester });
  const assign = useAction('tutors.assign');
  const tutors = useStaffOptions(TUTOR_ROLES);
  const [selected, setSelected] = useState<number[]>([]);
  const [tutor, setTutor] = useState<string | null>(null);
  return (
    <Stack>
      <ErrorAlert error={list.error ?? assign.error} />
      <DataTable
        rows={list.data ?? []}
        rowKey={(r) => r.studentId}
        testId="assignment-table"
        toolbar={
          canAssign && (
            <Group>
              <Select
                placeholder={t('tutors.pickTutor')}
                data={tutors}
                value={tutor}
                onChange={setTutor}
                w={220}
                aria-label={t('tutors.pickTutor')}
              />
              <Button
                disabled={!selected.length || !tutor}
                loading={assign.running}
                onClick={async () => {
                  if (tutor && (await assign.run({ semester, tutorAccountId: Number(tutor), studentIds: selected }))) {
                    setSelected([]);
                    await list.reload();
                  }
                }}
              >
                {t('tutors.assign', { n: selected.length })}
              </Button>
            </Group>
          )
        }
        columns={[
          {
            key: 'pick',
            label: '',
            render: (r) =>
              canAssign && (
                <Checkbox
                  aria-label={t('common.selectX', { name: r.name })}
                  checked={selected.includes(r.studentId)}
                  onChange={(e) => {
                    const on = e.currentTarget.checked;
                    setSelected((s) => (on ? [...s, r.studentId] : s.filter((x) => x !== r.studentId)));
                  }}
                />
              ),
          },
          { key: 'name', label: t('students.name'), value: (r) => r.name, render: (r) => r.name },
          { key: 'class', compare: compareClasses, label: t('students.class'), value: (r) => r.className, render: (r) => r.className },
          {
            key: 'tutor',
            label: t('tutors.tutor'),
            value: (r) => r.tutorName,
            render: (r) =>
              r.tutorName || (
                <Text c="orange" size="sm">
                  {t('tutors.unassigned')}
                </Text>
              ),
          },
        ]}
      />
    </Stack>
  );
}

function Workload({ semester, canPrint }: { semester: string; canPrint: boolean }) {
  const list = useQuery('tutors.workload', { semester });
  const print = useAction('tutors.printWorkload');
  const exp = useAction('tutors.exportWorkload');
  return (
    <Stack>
      <ErrorAlert error={list.error ?? print.error ?? exp.error} />
      <DataTable
        rows={list.data ?? []}
        rowKey={(r) => r.tutorAccountId}
        testId="workload-table"
        toolbar={
          canPrint && (
            <Group>
              <Button
                variant="default"
                loading={print.running}
                onClick={async () => {
                  const f = await print.run({ semester });
                  if (f) saveFile(f, 'application/pdf');
                }}
              >
                {t('tutors.print')}
              </Button>
              <Button
                variant="default"
                loading={exp.running}
                onClick={async () => {
                  const f = await exp.run({ semester });
                  if (f) saveFile(f, XLSX_MIME);
                }}
              >
                {t('tutors.export')}
              </Button>
            </Group>
          )
        }
        columns={[
          { key: 'name', label: t('tutors.tutor'), value: (r) => r.tutorName, render: (r) => r.tutorName },
          { key: 'students', label: t('tutors.students'), value: (r) => r.students, render: (r) => r.students },
          { key: 'talks', label: t('tutors.talks'), value: (r) => r.talks, render: (r) => r.talks },
          { key: 'home', label: t('tutors.homeContacts'), value: (r) => r.homeContacts, render: (r) => r.homeContacts },
          { key: 'sessions', label: t('tutors.sessions'), value: (r) => r.sessions, render: (r) => r.sessions },
          { key: 'hours', label: t('tutors.hours'), value: (r) => r.hours, render: (r) => r.hours.toFixed(1) },
          { key: 'outcomes', label: t('tutors.outcomes'), value: (r) => r.outcomes, render: (r) => `${r.outcomes} / ${r.plans}` },
        ]}
      />
    </Stack>
  );
}

export function TutorsPage({ canAssign, canPrint, onlyWorkload }: { canAssign: boolean; canPrint: boolean; onlyWorkload: boolean }) {
  const [semester, setSemester] = useState(semesterOf(today()));
  return (
    <Page title={t('tutors.title')} intro={t('tutors.intro')}>
      <SemesterSelect value={semester} onChange={setSemester} />
      <Tabs defaultValue={onlyWorkload ? 'workload' : 'assign'} keepMounted={false}>
        <Tabs.List>
          {!onlyWorkload && <Tabs.Tab value="assign">{t('tutors.assignTab')}</Tabs.Tab>}
          <Tabs.Tab value="workload">{t('tutors.workloadTab')}</Tabs.Tab>
        </Tabs.List>
        {!onlyWorkload && (
          <Tabs.Panel value="assign" pt="sm">
            <Assignments semester={semester} canAssign={canAssign} />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="workload" pt="sm">
          <Workload semester={semester} canPrint={canPrint} />
        </Tabs.Panel>
      </Tabs>
    </Page>
  );
}
