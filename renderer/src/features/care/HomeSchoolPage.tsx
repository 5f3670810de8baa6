/** 家校协同 (P6): parent-school sessions, lectures and guardian guidance, and which families attended. */
import { Button, Group, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { ACTIVITY_KIND_LABELS, type ActivityKind } from '../../../../shared/domain/care';
import { formatDateZh } from '../../../../shared/domain/dates';
import { useAction, useQuery } from '../../api/hooks';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { toOptions } from '../../components/options';
import { Page } from '../../components/Page';
import { t } from '../../i18n';
import { StudentPicker } from '../cases/StudentPicker';
import { today } from './shared';
import { DateField } from '../../components/DateField';

export function HomeSchoolPage({ canEdit }: { canEdit: boolean }) {
  const list = useQuery('homeSchool.list', {});
  const create = useAction('homeSchool.create');
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ date: today(), kind: 'parentSchool' as ActivityKind, title: '', content: '' });
  const [attendees, setAttendees] = useState<Array<{ studentId: number | null; guardian: string }>>([{ studentId: null, guardian: '' }]);
  return (
    <Page title={t('homeSchool.title')} intro={t('homeSchool.intro')}>
      <ErrorAlert error={list.error} />
      <DataTable
        rows={list.data ?? []}
        rowKey={(a) => a.id}
        testId="activity-table"
        toolbar={
          canEdit && (
            <Button
              onClick={() => {
                setOpen(true);
                create.clearError();
              }}
            >
              {t('homeSchool.add')}
            </Button>
          )
        }
        columns={[
          { key: 'date', label: t('care.date'), value: (a) => a.date, render: (a) => formatDateZh(a.date) },
          { key: 'kind', label: t('homeSchool.kind'), value: (a) => a.kind, render: (a) => ACTIVITY_KIND_LABELS[a.kind] },
          { key: 'title', label: t('homeSchool.titleField'), value: (a) => a.title, render: (a) => a.title },
          {
            key: 'n',
            label: t('homeSchool.attendees'),
            value: (a) => a.attendees.length,
            render: (a) => (
              <Text size="sm">{a.attendees.map((x) => `${x.name}${x.guardian ? `（${x.guardian}）` : ''}`).join('、') || '—'}</Text>
            ),
          },
        ]}
      />
      <Modal opened={open} onClose={() => setOpen(false)} title={t('homeSchool.add')} size="lg">
        <Stack>
          <Group grow>
            <DateField label={t('care.date')} value={form.date} onChange={(v) => setForm({ ...form, date: v })} />
            <Select
              label={t('homeSchool.kind')}
              data={toOptions(ACTIVITY_KIND_LABELS)}
              value={form.kind}
              onChange={(v) => v && setForm({ ...form, kind: v as ActivityKind })}
              allowDeselect={false}
            />
          </Group>
          <TextInput
            label={t('homeSchool.titleField')}
            value={form.title}
            onChange={(e) => setForm({ ...form, title: e.currentTarget.value })}
            error={create.fieldError('title')}
          />
          <Textarea label={t('care.content')} value={form.content} onChange={(e) => setForm({ ...form, content: e.currentTarget.value })} />
          <Text fw={600} size="sm">
            {t('homeSchool.attendees')}
          </Text>
          {attendees.map((a, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows of a list being edited have no identity but their place
            <Group key={i} align="flex-end" grow>
              <StudentPicker
                label={t('pairs.student')}
                placeholder={t('apply.studentPlaceholder')}
                value={a.studentId}
                onChange={(id) => setAttendees((xs) => xs.map((x, j) => (j === i ? { ...x, studentId: id } : x)))}
              />
              <TextInput
                label={t('homeSchool.guardian')}
                value={a.guardian}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  setAttendees((xs) => xs.map((x, j) => (j === i ? { ...x, guardian: v } : x)));
                }}
              />
            </Group>
          ))}
          <Group>
            <Button variant="default" size="xs" onClick={() => setAttendees((xs) => [...xs, { studentId: null, guardian: '' }])}>
              {t('homeSchool.addAttendee')}
            </Button>
          </Group>
          <ErrorAlert error={create.error} />
          <Group justify="flex-end">
            <Button
              loading={create.running}
              onClick={async () => {
                const list2 = attendees.filter((a): a is { studentId: number; guardian: string } => a.studentId !== null);
                if (await create.run({ ...form, attendees: list2 })) {
                  setOpen(false);
                  setAttendees([{ studentId: null, guardian: '' }]);
                  await list.reload();
                }
              }}
            >
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Page>
  );
}
