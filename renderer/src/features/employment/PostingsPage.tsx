/** 岗位信息 (E8): postings entered by hand or imported from an xlsx (preview with a reason per row, then all or nothing). */
import { Badge, Button, Checkbox, FileButton, Group, Modal, NumberInput, Select, Stack, TagsInput, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { JOB_FIELDS } from '../../../../shared/domain/employment';
import { formatDateZh } from '../../../../shared/domain/dates';
import { fileToBase64, saveFile } from '../../api/client';
import { useAction, useQuery } from '../../api/hooks';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { t } from '../../i18n';

const STATUS = { ok: ['teal', '可导入'], unchanged: ['gray', '已存在'], rejected: ['red', '拒绝'] } as const;
const empty = { employer: '', title: '', location: '', field: '', requirements: '', requiredCertificates: [] as string[], salaryMin: null as number | null, salaryMax: null as number | null, deadline: '', contact: '' };

export function PostingsPage({ canEdit, canExport }: { canEdit: boolean; canExport: boolean }) {
  const [expired, setExpired] = useState(false);
  const list = useQuery('postings.list', { includeExpired: expired });
  const add = useAction('postings.add');
  const imp = useAction('postings.import');
  const exp = useAction('exports.postings');
  const [form, setForm] = useState<typeof empty | null>(null);
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [preview, setPreview] = useState<Awaited<ReturnType<typeof imp.run>>>(null);
  const [message, setMessage] = useState('');
  return (
    <Page title={t('jobs.postingsTitle')} intro={t('jobs.postingsIntro')}>
      {message && <Text c="teal">{message}</Text>}
      <ErrorAlert error={list.error ?? exp.error} />
      <DataTable rows={list.data ?? []} rowKey={(p) => p.id} testId="posting-table"
        toolbar={
          <Group>
            <Checkbox label={t('jobs.includeExpired')} checked={expired} onChange={(e) => setExpired(e.currentTarget.checked)} />
            {canEdit && <Button variant="default" onClick={() => { add.clearError(); setForm({ ...empty }); }}>{t('jobs.addPosting')}</Button>}
            {canEdit && <FileButton accept=".xlsx" onChange={async (f) => {
              if (!f) return;
              const picked = { name: f.name, base64: await fileToBase64(f) };
              setFile(picked);
              setPreview(await imp.run({ fileName: picked.name, base64: picked.base64, commit: false }));
            }}>{(props) => <Button variant="default" {...props}>{t('jobs.importPostings')}</Button>}</FileButton>}
            {canExport && <Button variant="default" loading={exp.running} onClick={async () => { const f = await exp.run({}); if (f) saveFile(f, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'); }}>{t('jobs.exportPostings')}</Button>}
          </Group>
        }
        columns={[
          { key: 'title', label: t('jobs.postingTitle'), value: (p) => p.title, render: (p) => p.title },
          { key: 'employer', label: t('jobs.employer'), value: (p) => p.employer, render: (p) => p.employer },
          { key: 'location', label: t('jobs.location'), value: (p) => p.location, render: (p) => p.location },
          { key: 'field', label: t('jobs.field'), value: (p) => p.field, render: (p) => p.field },
          { key: 'certs', label: t('jobs.requiredCertificates'), render: (p) => p.requiredCertificates.join('、') || '—' },
          { key: 'salary', label: t('jobs.salary'), value: (p) => p.salaryMin ?? 0, render: (p) => (p.salaryMin !== null || p.salaryMax !== null ? `${p.salaryMin ?? ''}–${p.salaryMax ?? ''}` : '—') },
          { key: 'deadline', label: t('jobs.deadline'), value: (p) => p.deadline, render: (p) => <Group gap={4}>{formatDateZh(p.deadline)}{p.expired && <Badge color="gray" size="sm">{t('jobs.expired')}</Badge>}</Group> },
        ]} />
      <Modal opened={form !== null} onClose={() => setForm(null)} title={t('jobs.addPosting')} size="lg">
        {form && <Stack>
          <Group grow>
            <TextInput label={t('jobs.employer')} value={form.employer} onChange={(e) => setForm({ ...form, employer: e.currentTarget.value })} error={add.fieldError('employer')} />
            <TextInput label={t('jobs.postingTitle')} value={form.title} onChange={(e) => setForm({ ...form, title: e.currentTarget.value })} error={add.fieldError('title')} />
          </Group>
          <Group grow>
            <TextInput label={t('jobs.location')} value={form.location} onChange={(e) => setForm({ ...form, location: e.currentTarget.value })} error={add.fieldError('location')} />
            <Select label={t('jobs.field')} data={[...JOB_FIELDS]} value={form.field || null} onChange={(v) => setForm({ ...form, field: v ?? '' })} error={add.fieldError('field')} />
            <TextInput label={t('jobs.deadline')} type="date" value={form.deadline} onChange={(e) => setForm({ ...form, deadline: e.currentTarget.value })} error={add.fieldError('deadline')} />
          </Group>
          <Textarea label={t('jobs.requirements')} value={form.requirements} onChange={(e) => setForm({ ...form, requirements: e.currentTarget.value })} />
          <TagsInput label={t('jobs.requiredCertificates')} value={form.requiredCertificates} onChange={(v) => setForm({ ...form, requiredCertificates: v })} />
          <Group grow>
            <NumberInput label={t('jobs.salaryMin')} value={form.salaryMin ?? ''} min={0} onChange={(v) => setForm({ ...form, salaryMin: v === '' ? null : Number(v) })} />
            <NumberInput label={t('jobs.salaryMax')} value={form.salaryMax ?? ''} min={0} onChange={(v) => setForm({ ...form, salaryMax: v === '' ? null : Number(v) })} error={add.fieldError('salaryMax')} />
            <TextInput label={t('jobs.contact')} value={form.contact} onChange={(e) => setForm({ ...form, contact: e.currentTarget.value })} />
          </Group>
          <ErrorAlert error={add.error} />
          <Group justify="flex-end"><Button loading={add.running} onClick={async () => { if (await add.run(form)) { setForm(null); await list.reload(); } }}>{t('common.save')}</Button></Group>
        </Stack>}
      </Modal>
      <Modal opened={preview !== null || !!imp.error} onClose={() => { setPreview(null); imp.clearError(); }} title={t('jobs.importPreview', { name: file?.name ?? '' })} size="xl">
        <Stack>
          <ErrorAlert error={imp.error} />
          {preview && <>
            <Text>{t('jobs.importCounts', preview.counts)}</Text>
            <DataTable rows={preview.rows} rowKey={(r) => r.row} testId="posting-import-table" columns={[
              { key: 'row', label: t('aidImport.row'), value: (r) => r.row, render: (r) => r.row },
              { key: 'status', label: t('aidImport.status'), value: (r) => r.status, render: (r) => <Badge color={STATUS[r.status][0]} variant="light">{STATUS[r.status][1]}</Badge> },
              { key: 'employer', label: t('jobs.employer'), value: (r) => r.employer, render: (r) => r.employer },
              { key: 'title', label: t('jobs.postingTitle'), value: (r) => r.title, render: (r) => r.title },
              { key: 'reason', label: t('aidImport.detail'), value: (r) => r.reason, render: (r) => <Text size="sm" c={r.status === 'rejected' ? 'red' : undefined}>{r.reason}</Text> },
            ]} />
            <Group justify="flex-end">
              <Button disabled={preview.counts.rejected > 0 || preview.counts.ok === 0} loading={imp.running} onClick={async () => {
                if (!file) return;
                const r = await imp.run({ fileName: file.name, base64: file.base64, commit: true });
                if (r) { setPreview(null); setMessage(t('jobs.imported', { n: r.added })); await list.reload(); }
              }}>{preview.counts.rejected > 0 ? t('jobs.fixFirst') : t('jobs.commitImport', { n: preview.counts.ok })}</Button>
            </Group>
          </>}
        </Stack>
      </Modal>
    </Page>
  );
}
