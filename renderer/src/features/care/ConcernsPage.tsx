/** 接诉即办 (P7): tickets with received time, owner, due date (3 working days by default), response and closure. */
import { Badge, Button, Checkbox, Group, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { CONCERN_KIND_LABELS, CONCERN_SOURCE_LABELS, type ConcernKind, type ConcernSource } from '../../../../shared/domain/care';
import { formatDateZh } from '../../../../shared/domain/dates';
import { useAction, useQuery } from '../../api/hooks';
import { useContractForm } from '../../api/useContractForm';
import { FormFooter } from '../../components/FormFooter';
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
  const respond = useAction('concerns.respond');
  const staff = useStaffOptions();
  const [open, setOpen] = useState(false);
  const create = useContractForm(
    'concerns.create',
    {
      studentId: null as number | null,
      source: 'guardian' as ConcernSource,
      kind: 'request' as ConcernKind,
      fromName: '',
      channel: DEFAULT_CONCERN_CHANNEL,
      content: '',
      receivedAt: today(),
      // A Select holds its choice as text; the method takes the account's id.
      ownerAccountId: null as string | null,
    },
    (v) => ({ ...v, ownerAccountId: Number(v.ownerAccountId) }),
  );
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
                create.reset({ receivedAt: today() });
                setOpen(true);
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
        <Stack ref={create.container}>
          <Group grow>
            <Select
              label={t('concerns.source')}
              data={toOptions(CONCERN_SOURCE_LABELS)}
              {...create.field('source')}
              allowDeselect={false}
            />
            <Select label={t('concerns.kind')} data={toOptions(CONCERN_KIND_LABELS)} {...create.field('kind')} allowDeselect={false} />
          </Group>
          <Group grow>
            <TextInput label={t('concerns.from')} withAsterisk {...create.field('fromName')} />
            <TextInput label={t('concerns.channel')} withAsterisk {...create.field('channel')} />
            <DateField label={t('concerns.received')} max={today()} {...create.field('receivedAt')} />
          </Group>
          <StudentPicker
            label={t('concerns.aboutStudent')}
            placeholder={t('apply.studentPlaceholder')}
            value={create.values.studentId}
            onChange={(id) => create.form.setFieldValue('studentId', id)}
          />
          <Textarea label={t('care.content')} withAsterisk {...create.field('content')} />
          <Select label={t('concerns.owner')} withAsterisk data={staff} {...create.field('ownerAccountId')} />
          <FormFooter
            form={create}
            onSaved={async (r) => {
              setOpen(false);
              setMessage(t('concerns.created', { due: formatDateZh(r.dueDate) }));
              await list.reload();
            }}
          />
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
