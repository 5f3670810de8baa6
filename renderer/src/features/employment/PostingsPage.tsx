/** 岗位信息 (E8): postings entered by hand or imported from an xlsx (preview with a reason per row, then all or nothing). */
import { Badge, Button, Checkbox, Group, Modal, NumberInput, Select, Stack, TagsInput, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { JOB_FIELDS } from '../../../../shared/domain/employment';
import { formatDateZh } from '../../../../shared/domain/dates';
import { saveFile, XLSX_MIME } from '../../api/client';
import { ImportWizard } from '../import/ImportWizard';
import { useAction, useQuery } from '../../api/hooks';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { t } from '../../i18n';
import { DateField } from '../../components/DateField';

const empty = {
  employer: '',
  title: '',
  location: '',
  field: '',
  requirements: '',
  requiredCertificates: [] as string[],
  salaryMin: null as number | null,
  salaryMax: null as number | null,
  deadline: '',
  contact: '',
};

export function PostingsPage({ canEdit, canExport }: { canEdit: boolean; canExport: boolean }) {
  const [expired, setExpired] = useState(false);
  const list = useQuery('employment.postings', { includeExpired: expired });
  const add = useAction('employment.addPosting');
  const exp = useAction('employment.exportPostings');
  const [form, setForm] = useState<typeof empty | null>(null);
  const [importing, setImporting] = useState(false);
  return (
    <Page title={t('jobs.postingsTitle')} intro={t('jobs.postingsIntro')}>
      <ErrorAlert error={list.error ?? exp.error} />
      <DataTable
        rows={list.data ?? []}
        rowKey={(p) => p.id}
        testId="posting-table"
        toolbar={
          <Group>
            <Checkbox label={t('jobs.includeExpired')} checked={expired} onChange={(e) => setExpired(e.currentTarget.checked)} />
            {canEdit && (
              <Button
                variant="default"
                onClick={() => {
                  add.clearError();
                  setForm({ ...empty });
                }}
              >
                {t('jobs.addPosting')}
              </Button>
            )}
            {canEdit && (
              <Button variant="default" onClick={() => setImporting(true)}>
                {t('jobs.importPostings')}
              </Button>
            )}
            {canExport && (
              <Button
                variant="default"
                loading={exp.running}
                onClick={async () => {
                  const f = await exp.run({});
                  if (f) saveFile(f, XLSX_MIME);
                }}
              >
                {t('jobs.exportPostings')}
              </Button>
            )}
          </Group>
        }
        columns={[
          { key: 'title', label: t('jobs.postingTitle'), value: (p) => p.title, render: (p) => p.title },
          { key: 'employer', label: t('jobs.employer'), value: (p) => p.employer, render: (p) => p.employer },
          { key: 'location', label: t('jobs.location'), value: (p) => p.location, render: (p) => p.location },
          { key: 'field', label: t('jobs.field'), value: (p) => p.field, render: (p) => p.field },
          { key: 'certs', label: t('jobs.requiredCertificates'), render: (p) => p.requiredCertificates.join('、') || '—' },
          {
            key: 'salary',
            label: t('jobs.salary'),
            value: (p) => p.salaryMin ?? 0,
            render: (p) => (p.salaryMin !== null || p.salaryMax !== null ? `${p.salaryMin ?? ''}–${p.salaryMax ?? ''}` : '—'),
          },
          {
            key: 'deadline',
            label: t('jobs.deadline'),
            value: (p) => p.deadline,
            render: (p) => (
              <Group gap={4}>
                {formatDateZh(p.deadline)}
                {p.expired && (
                  <Badge color="gray" size="sm">
                    {t('jobs.expired')}
                  </Badge>
                )}
              </Group>
            ),
          },
        ]}
      />
      <Modal opened={form !== null} onClose={() => setForm(null)} title={t('jobs.addPosting')} size="lg">
        {form && (
          <Stack>
            <Group grow>
              <TextInput
                label={t('jobs.employer')}
                value={form.employer}
                onChange={(e) => setForm({ ...form, employer: e.currentTarget.value })}
                error={add.fieldError('employer')}
              />
              <TextInput
                label={t('jobs.postingTitle')}
                value={form.title}
                onChange={(e) => setForm({ ...form, title: e.currentTarget.value })}
                error={add.fieldError('title')}
              />
            </Group>
            <Group grow>
              <TextInput
                label={t('jobs.location')}
                value={form.location}
                onChange={(e) => setForm({ ...form, location: e.currentTarget.value })}
                error={add.fieldError('location')}
              />
              <Select
                label={t('jobs.field')}
                data={[...JOB_FIELDS]}
                value={form.field || null}
                onChange={(v) => setForm({ ...form, field: v ?? '' })}
                error={add.fieldError('field')}
              />
              <DateField
                label={t('jobs.deadline')}
                value={form.deadline}
                onChange={(v) => setForm({ ...form, deadline: v })}
                error={add.fieldError('deadline')}
              />
            </Group>
            <Textarea
              label={t('jobs.requirements')}
              value={form.requirements}
              onChange={(e) => setForm({ ...form, requirements: e.currentTarget.value })}
            />
            <TagsInput
              label={t('jobs.requiredCertificates')}
              value={form.requiredCertificates}
              onChange={(v) => setForm({ ...form, requiredCertificates: v })}
            />
            <Group grow>
              <NumberInput
                label={t('jobs.salaryMin')}
                value={form.salaryMin ?? ''}
                min={0}
                onChange={(v) => setForm({ ...form, salaryMin: v === '' ? null : Number(v) })}
              />
              <NumberInput
                label={t('jobs.salaryMax')}
                value={form.salaryMax ?? ''}
                min={0}
                onChange={(v) => setForm({ ...form, salaryMax: v === '' ? null : Number(v) })}
                error={add.fieldError('salaryMax')}
              />
              <TextInput
                label={t('jobs.contact')}
                value={form.contact}
                onChange={(e) => setForm({ ...form, contact: e.currentTarget.value })}
              />
            </Group>
            <ErrorAlert error={add.error} />
            <Group justify="flex-end">
              <Button
                loading={add.running}
                onClick={async () => {
                  if (await add.run(form)) {
                    setForm(null);
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
      <Modal opened={importing} onClose={() => setImporting(false)} title={t('jobs.importPostings')} size="xl">
        <Text size="sm" c="dimmed" mb="sm">
          {t('jobs.postingsIntro')}
        </Text>
        <ImportWizard kind="postings" doneText={(r) => t('jobs.imported', { n: r.counts.added ?? 0 })} onDone={() => void list.reload()} />
      </Modal>
    </Page>
  );
}
