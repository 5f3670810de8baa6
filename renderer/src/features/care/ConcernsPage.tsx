/** 接诉即办 (P7): tickets with received time, owner, due date (3 working days by default), response and closure. */
import { Badge, Button, Checkbox, Group, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { CONCERN_KIND_LABELS, CONCERN_SOURCE_LABELS, type ConcernKind, type ConcernSource } from '../../../../shared/domain/care';
import { formatDateZh } from '../../../../shared/domain/dates';
import { useAction, useQuery } from '../../api/hooks';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { toOptions } from '../../components/options';
import { Page } from '../../components/Page';
import { t } from '../../i18n';
import { StudentPicker } from '../cases/StudentPicker';
import { today, useStaffOptions } from './shared';
import { DEFAULT_CONCERN_CHANNEL } from '../../../../shared/domain/care';
import { DateField } from '../../components/DateField';

export function ConcernsPage({ canEdit }: { canEdit: boolean }) {
  const list = useQuery('concerns.list', {});
  const create = useAction('concerns.create');
  const respond = useAction('concerns.respond');
  const staff = useStaffOptions();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({
    studentId: null as number | null,
    source: 'guardian' as ConcernSource,
    kind: 'request' as ConcernKind,
    fromName: '',
    channel: DEFAULT_CONCERN_CHANNEL,
    content: '',
    receivedAt: today(),
    ownerAccountId: null as number | null,
  });
  const [answering, setAnswering] = useState<{ id: number; response: string; close: boolean } | null>(null);
  const [message, setMessage] = useState('');
  return (
    <Page title={t('concerns.title')} intro={t('concerns.intro')}>
      {message && <Text c="teal">{message}</Text>}
      <ErrorAlert error={list.error} />
      <DataTable
        rows={list.data ?? []}
        rowKey={(c) => c.id}
        testId="concern-table"
        toolbar={
          canEdit && (
            <Button
              onClick={() => {
                setOpen(true);
                create.clearError();
              }}
            >
              {t('concerns.add')}
            </Button>
          )
        }
        columns={[
          { key: 'received', label: t('concerns.received'), value: (c) => c.receivedAt, render: (c) => formatDateZh(c.receivedAt) },
          {
            key: 'from',
            label: t('concerns.from'),
            value: (c) => c.fromName,
            render: (c) => `${c.fromName}（${CONCERN_SOURCE_LABELS[c.source]}）`,
          },
          {
            key: 'student',
            label: t('concerns.student'),
            value: (c) => c.studentName ?? '',
            render: (c) => (c.studentName ? `${c.studentName}（${c.className}）` : '—'),
          },
          { key: 'kind', label: t('concerns.kind'), value: (c) => c.kind, render: (c) => CONCERN_KIND_LABELS[c.kind] },
          { key: 'content', label: t('care.content'), render: (c) => c.content },
          { key: 'owner', label: t('concerns.owner'), value: (c) => c.owner, render: (c) => c.owner },
          {
            key: 'due',
            label: t('care.dueDate'),
            value: (c) => c.dueDate,
            render: (c) => (
              <Group gap={4}>
                {formatDateZh(c.dueDate)}
                {c.overdue && (
                  <Badge color="red" size="sm">
                    {t('care.overdue')}
                  </Badge>
                )}
              </Group>
            ),
          },
          {
            key: 'state',
            label: t('care.status'),
            value: (c) => (c.closedAt ? 1 : 0),
            render: (c) =>
              c.closedAt ? (
                <Stack gap={0}>
                  <Badge color="teal" variant="light">
                    {t('concerns.closed')}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    {formatDateZh(c.closedAt)}
                  </Text>
                </Stack>
              ) : (
                <Badge color="orange" variant="light">
                  {t('concerns.open')}
                </Badge>
              ),
          },
          {
            key: 'op',
            label: '',
            render: (c) =>
              !c.closedAt &&
              canEdit && (
                <Button
                  size="xs"
                  variant="subtle"
                  onClick={() => {
                    respond.clearError();
                    setAnswering({ id: c.id, response: c.response, close: true });
                  }}
                >
                  {t('concerns.respond')}
                </Button>
              ),
          },
        ]}
      />
      <Modal opened={open} onClose={() => setOpen(false)} title={t('concerns.add')} size="lg">
        <Stack>
          <Group grow>
            <Select
              label={t('concerns.source')}
              data={toOptions(CONCERN_SOURCE_LABELS)}
              value={form.source}
              onChange={(v) => v && setForm({ ...form, source: v as ConcernSource })}
              allowDeselect={false}
            />
            <Select
              label={t('concerns.kind')}
              data={toOptions(CONCERN_KIND_LABELS)}
              value={form.kind}
              onChange={(v) => v && setForm({ ...form, kind: v as ConcernKind })}
              allowDeselect={false}
            />
          </Group>
          <Group grow>
            <TextInput
              label={t('concerns.from')}
              value={form.fromName}
              onChange={(e) => setForm({ ...form, fromName: e.currentTarget.value })}
              error={create.fieldError('fromName')}
            />
            <TextInput
              label={t('concerns.channel')}
              value={form.channel}
              onChange={(e) => setForm({ ...form, channel: e.currentTarget.value })}
            />
            <DateField
              label={t('concerns.received')}
              value={form.receivedAt}
              max={today()}
              onChange={(v) => setForm({ ...form, receivedAt: v })}
            />
          </Group>
          <StudentPicker
            label={t('concerns.aboutStudent')}
            placeholder={t('apply.studentPlaceholder')}
            value={form.studentId}
            onChange={(id) => setForm({ ...form, studentId: id })}
          />
          <Textarea
            label={t('care.content')}
            value={form.content}
            onChange={(e) => setForm({ ...form, content: e.currentTarget.value })}
            error={create.fieldError('content')}
          />
          <Select
            label={t('concerns.owner')}
            data={staff}
            value={form.ownerAccountId ? String(form.ownerAccountId) : null}
            onChange={(v) => setForm({ ...form, ownerAccountId: v ? Number(v) : null })}
            error={create.fieldError('ownerAccountId')}
          />
          <ErrorAlert error={create.error} />
          <Group justify="flex-end">
            <Button
              loading={create.running}
              onClick={async () => {
                if (!form.ownerAccountId) return;
                const r = await create.run({ ...form, ownerAccountId: form.ownerAccountId });
                if (r) {
                  setOpen(false);
                  setMessage(t('concerns.created', { due: formatDateZh(r.dueDate) }));
                  await list.reload();
                }
              }}
            >
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Modal opened={answering !== null} onClose={() => setAnswering(null)} title={t('concerns.respond')}>
        {answering && (
          <Stack>
            <Textarea
              label={t('concerns.response')}
              value={answering.response}
              onChange={(e) => setAnswering({ ...answering, response: e.currentTarget.value })}
              minRows={3}
              autosize
            />
            <Checkbox
              label={t('concerns.closeNow')}
              checked={answering.close}
              onChange={(e) => setAnswering({ ...answering, close: e.currentTarget.checked })}
            />
            <ErrorAlert error={respond.error} />
            <Group justify="flex-end">
              <Button
                loading={respond.running}
                onClick={async () => {
                  if (await respond.run(answering)) {
                    setAnswering(null);
                    await list.reload();
                  }
                }}
              >
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Page>
  );
}
