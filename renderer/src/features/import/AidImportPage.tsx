/** The 免申即享 import wizard: choose file → read with progress (cancellable) → preview per row → commit. */
import { Alert, Badge, Button, Card, FileButton, Group, Pagination, Progress, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMemo, useRef, useState } from 'react';
import { AID_FIELDS, AID_FIELD_LABELS, type AidField } from '../../../../shared/domain/aidList';
import type { AidPreviewView } from '../../../../shared/contract/importSchemas';
import { formatDateTimeZh } from '../../../../shared/domain/dates';
import { ApiError, call, fileToBase64 } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { t } from '../../i18n';
import { useJob, type JobStatus } from './useJob';

type Status = AidPreviewView['rows'][number]['status'];
const COLORS: Record<Status, string> = { matched: 'blue', new: 'teal', unchanged: 'gray', rejected: 'red' };
const PAGE = 50;

export function AidImportPage() {
  const file = useRef<{ name: string; base64: string } | null>(null);
  const resetFile = useRef<() => void>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [phase, setPhase] = useState<'idle' | 'reading' | 'preview' | 'committing' | 'done'>('idle');
  const [preview, setPreview] = useState<AidPreviewView | null>(null);
  const [mapping, setMapping] = useState<Partial<Record<AidField, number>>>({});
  const [result, setResult] = useState<JobStatus['counts']>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState('');
  const [filter, setFilter] = useState<'all' | Status>('all');
  const [page, setPage] = useState(1);

  const job = useJob(jobId, async (s) => {
    if (s.state === 'failed') {
      setError(new ApiError(s.error ?? { code: 'INTERNAL', message: '处理失败' }));
      setPhase(preview ? 'preview' : 'idle');
    } else if (s.state === 'cancelled') {
      setNotice(t('aidImport.cancelled'));
      setPhase(preview ? 'preview' : 'idle');
    } else if (s.kind === 'aidImport.preview') {
      const p = await call('aidImport.result', { jobId: s.jobId });
      setPreview(p);
      setMapping(p.mapping as Partial<Record<AidField, number>>);
      setPhase('preview');
    } else {
      setResult(s.counts);
      setPhase('done');
    }
  });

  const start = async (m?: Partial<Record<AidField, number>>) => {
    if (!file.current) return;
    setError(null);
    setNotice('');
    setPage(1);
    setPhase('reading');
    try {
      const r = await call('aidImport.preview', { fileName: file.current.name, base64: file.current.base64, mapping: m });
      setJobId(r.jobId);
    } catch (e) {
      setError(e as ApiError);
      setPhase('idle');
    }
  };
  const commit = async () => {
    if (!jobId) return;
    setPhase('committing');
    try {
      setJobId((await call('aidImport.commit', { jobId })).jobId);
    } catch (e) {
      setError(e as ApiError);
      setPhase('preview');
    }
  };
  const rows = useMemo(() => (preview?.rows ?? []).filter((r) => filter === 'all' || r.status === filter), [preview, filter]);
  const headerOptions = (preview?.headers ?? []).map((h, i) => ({ value: String(i), label: `${h || '（空）'}（第 ${i} 列）` })).filter((o) => o.value !== '0');
  const running = phase === 'reading' || phase === 'committing';

  return (
    <Page title={t('aidImport.title')} intro={t('aidImport.intro')}>
      <Group>
        <FileButton resetRef={resetFile} accept=".xlsx" onChange={async (f) => {
          resetFile.current?.();
          if (!f) return;
          file.current = { name: f.name, base64: await fileToBase64(f) };
          setPreview(null);
          setResult(null);
          await start();
        }}>
          {(props) => <Button {...props} disabled={running}>{phase === 'done' ? t('aidImport.again') : t('aidImport.choose')}</Button>}
        </FileButton>
        {file.current && <Text c="dimmed">{file.current.name}</Text>}
      </Group>
      <ErrorAlert error={error} />
      {notice && <Alert color="yellow">{notice}</Alert>}
      {running && (
        <Card withBorder>
          <Stack gap="xs">
            <Text>{phase === 'reading' ? t('aidImport.reading') : t('aidImport.committing')} {job.status?.message}</Text>
            <Progress value={(job.status?.progress ?? 0) * 100} animated data-testid="job-progress" />
            <Button variant="default" w={120} onClick={() => void job.cancel()}>{t('aidImport.cancel')}</Button>
          </Stack>
        </Card>
      )}
      {phase === 'done' && result && (
        <Alert color="teal" data-testid="import-done">{result.batchId === null ? t('aidImport.nothing') : t('aidImport.done', { newCases: result.newCases, created: result.created })}</Alert>
      )}
      {preview && phase !== 'done' && (
        <>
          <Card withBorder>
            <Title order={5} mb="xs">{t('aidImport.mapping', { row: preview.headerRow })}</Title>
            <SimpleGrid cols={4}>
              {AID_FIELDS.map((f) => (
                <Select key={f} size="xs" label={AID_FIELD_LABELS[f]} data={[{ value: '', label: t('aidImport.unmapped') }, ...headerOptions]}
                  value={mapping[f] !== undefined ? String(mapping[f]) : ''} allowDeselect={false}
                  onChange={(v) => setMapping((m) => { const n = { ...m }; if (v) n[f] = Number(v); else delete n[f]; return n; })} />
              ))}
            </SimpleGrid>
            <Button mt="sm" variant="light" size="xs" disabled={running} onClick={() => void start(mapping)}>{t('aidImport.remap')}</Button>
          </Card>
          {preview.alreadyImportedAt && <Alert color="yellow">{t('aidImport.already', { at: formatDateTimeZh(preview.alreadyImportedAt) })}</Alert>}
          <Group justify="space-between">
            <Text fw={500} data-testid="import-counts">{t('aidImport.counts', preview.counts)}</Text>
            <Button onClick={() => void commit()} disabled={running}>{t('aidImport.commit')}</Button>
          </Group>
          <SegmentedControl value={filter} onChange={(v) => { setFilter(v as typeof filter); setPage(1); }}
            data={[{ value: 'all', label: '全部' }, ...(['rejected', 'new', 'matched', 'unchanged'] as Status[]).map((s) => ({ value: s, label: `${t(`aidImport.statusLabels.${s}`)}` }))]} />
          <Table striped withTableBorder data-testid="import-preview">
            <Table.Thead>
              <Table.Tr><Table.Th>{t('aidImport.row')}</Table.Th><Table.Th>{t('aidImport.status')}</Table.Th><Table.Th>{t('aidImport.name')}</Table.Th><Table.Th>{t('aidImport.id')}</Table.Th><Table.Th>{t('aidImport.detail')}</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.slice((page - 1) * PAGE, page * PAGE).map((r) => (
                <Table.Tr key={r.rowNumber}>
                  <Table.Td>第 {r.rowNumber} 行</Table.Td>
                  <Table.Td><Badge color={COLORS[r.status]}>{t(`aidImport.statusLabels.${r.status}`)}</Badge></Table.Td>
                  <Table.Td>{r.name}</Table.Td>
                  <Table.Td ff="monospace">{r.idMasked}</Table.Td>
                  <Table.Td>
                    <Text size="sm" c={r.status === 'rejected' ? 'red' : undefined}>{r.reason || r.changes.join('；')}</Text>
                    {r.warnings.map((w) => <Text key={w} size="xs" c="orange">{w}</Text>)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Pagination total={Math.max(1, Math.ceil(rows.length / PAGE))} value={page} onChange={setPage} />
        </>
      )}
    </Page>
  );
}
