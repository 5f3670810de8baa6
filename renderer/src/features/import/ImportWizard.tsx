/**
 * The one import wizard, for every kind of spreadsheet import (the one protocol: imports.preview → result →
 * commit): choose a file → read with progress (cancellable) → the column mapping and every row with its status and
 * reason → commit, and what the commit will do is said on the button.
 */
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Pagination,
  Progress,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMemo, useRef, useState } from 'react';
import type { ImportPreviewView } from '../../../../shared/contract/imports';
import { formatDateTimeZh } from '../../../../shared/domain/dates';
import { IMPORT_ROW_STATUS_LABELS, type ImportKind, type ImportRowStatus } from '../../../../shared/domain/imports';
import { ApiError, call, saveFile, XLSX_MIME } from '../../api/client';
import { FilePickButton } from '../../components/FilePickButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { t } from '../../i18n';
import { type JobStatus, useJob } from './useJob';

const COLORS: Record<ImportRowStatus, string> = { matched: 'blue', new: 'teal', update: 'cyan', unchanged: 'gray', rejected: 'red' };
const PAGE = 50;
type Result = NonNullable<JobStatus['result']>;

export function ImportWizard({ kind, doneText, onDone }: { kind: ImportKind; doneText: (r: Result) => string; onDone?: () => void }) {
  const [fileName, setFileName] = useState('');
  /** The finished preview whose file a new column mapping reads again. */
  const previewJob = useRef<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [phase, setPhase] = useState<'idle' | 'reading' | 'preview' | 'committing' | 'done'>('idle');
  const [preview, setPreview] = useState<ImportPreviewView | null>(null);
  const [mapping, setMapping] = useState<Record<string, number>>({});
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState('');
  const [filter, setFilter] = useState<'all' | ImportRowStatus>('all');
  const [page, setPage] = useState(1);

  const job = useJob(jobId, async (s) => {
    if (s.state === 'failed') {
      setError(new ApiError(s.error ?? { code: 'INTERNAL', message: t('errors.generic') }));
      setPhase(preview ? 'preview' : 'idle');
    } else if (s.state === 'cancelled') {
      setNotice(t('aidImport.cancelled'));
      setPhase(preview ? 'preview' : 'idle');
    } else if (s.kind === 'imports.preview') {
      previewJob.current = s.jobId;
      const p = await call('imports.result', { jobId: s.jobId });
      setPreview(p);
      setMapping(p.mapping);
      setPhase('preview');
    } else {
      setResult(s.result);
      setPhase('done');
      onDone?.();
    }
  });

  const start = async (source: { fileRef: string } | { againOf: string }, m?: Record<string, number>) => {
    setError(null);
    setNotice('');
    setPage(1);
    setPhase('reading');
    try {
      const r = await call('imports.preview', { kind, ...source, mapping: m });
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
      setJobId((await call('imports.commit', { jobId })).jobId);
    } catch (e) {
      setError(e as ApiError);
      setPhase('preview');
    }
  };
  const rows = useMemo(() => (preview?.rows ?? []).filter((r) => filter === 'all' || r.status === filter), [preview, filter]);
  const present = useMemo(() => [...new Set((preview?.rows ?? []).map((r) => r.status))], [preview]);
  const headerOptions = (preview?.headers ?? [])
    .map((h, i) => ({ value: String(i), label: t('aidImport.column', { header: h || t('aidImport.emptyHeader'), n: i }) }))
    .filter((o) => o.value !== '0');
  const running = phase === 'reading' || phase === 'committing';
  const writes = (preview?.rows ?? []).filter((r) => r.status === 'new' || r.status === 'matched' || r.status === 'update').length;
  const rejected = (preview?.rows ?? []).filter((r) => r.status === 'rejected').length;
  const blocked = !!preview?.allOrNothing && rejected > 0;

  return (
    <Stack>
      <Group>
        <FilePickButton
          purpose="import"
          disabled={running}
          label={phase === 'done' ? t('aidImport.again') : t('aidImport.choose')}
          onError={setError}
          onSent={async (sent) => {
            setFileName(sent.fileName);
            setPreview(null);
            setResult(null);
            await start({ fileRef: sent.fileRef });
          }}
        />
        {fileName && <Text c="dimmed">{fileName}</Text>}
      </Group>
      <ErrorAlert error={error} />
      {notice && <Alert color="yellow">{notice}</Alert>}
      {running && (
        <Card withBorder>
          <Stack gap="xs">
            <Text>
              {phase === 'reading' ? t('aidImport.reading') : t('aidImport.committing')} {job.status?.message}
            </Text>
            <Progress value={(job.status?.progress ?? 0) * 100} animated data-testid="job-progress" />
            <Button variant="default" w={120} onClick={() => void job.cancel()}>
              {t('aidImport.cancel')}
            </Button>
          </Stack>
        </Card>
      )}
      {phase === 'done' && result && (
        <Alert color="teal" data-testid="import-done">
          {doneText(result)}
        </Alert>
      )}
      {preview && phase !== 'done' && (
        <>
          <Card withBorder>
            <Title order={5} mb="xs">
              {t('aidImport.mapping', { row: preview.headerRow })}
            </Title>
            <SimpleGrid cols={4}>
              {preview.fields.map((f) => (
                <Select
                  key={f.key}
                  size="xs"
                  label={f.label}
                  data={[{ value: '', label: t('aidImport.unmapped') }, ...headerOptions]}
                  value={mapping[f.key] !== undefined ? String(mapping[f.key]) : ''}
                  allowDeselect={false}
                  onChange={(v) =>
                    setMapping((m) => {
                      const n = { ...m };
                      if (v) n[f.key] = Number(v);
                      else delete n[f.key];
                      return n;
                    })
                  }
                />
              ))}
            </SimpleGrid>
            <Button
              mt="sm"
              variant="light"
              size="xs"
              disabled={running}
              onClick={() => previewJob.current && void start({ againOf: previewJob.current }, mapping)}
            >
              {t('aidImport.remap')}
            </Button>
          </Card>
          {preview.alreadyImportedAt && (
            <Alert color="yellow">{t('aidImport.already', { at: formatDateTimeZh(preview.alreadyImportedAt) })}</Alert>
          )}
          <Group justify="space-between">
            <Text fw={500} data-testid="import-counts">
              {t('aidImport.summary', { total: preview.rows.length, writes, rejected })}
            </Text>
            {rejected > 0 && (
              <Button
                variant="default"
                disabled={running}
                onClick={async () => {
                  if (!jobId) return;
                  try {
                    saveFile(await call('imports.exportRejected', { jobId }), XLSX_MIME);
                  } catch (e) {
                    setError(e as ApiError);
                  }
                }}
              >
                {t('aidImport.exportRejected', { n: rejected })}
              </Button>
            )}
            <Button onClick={() => void commit()} disabled={running || blocked || writes === 0}>
              {blocked
                ? t('aidImport.fixFirst', { n: rejected })
                : preview.allOrNothing
                  ? t('aidImport.commitAll', { n: writes })
                  : rejected
                    ? t('aidImport.commitSkipping', { n: writes, rejected })
                    : t('aidImport.commitClean', { n: writes })}
            </Button>
          </Group>
          {!!preview.missing?.length && (
            <Card withBorder data-testid="import-missing">
              <Title order={5}>{t('aidImport.missingTitle', { n: preview.missing.length })}</Title>
              <Text size="sm" c="dimmed" mb="xs">
                {t('aidImport.missingHint')}
              </Text>
              <Group gap={6}>
                {preview.missing.slice(0, 200).map((m) => (
                  <Badge key={m.studentId} variant="light" color="orange">
                    {m.name} · {m.className}
                  </Badge>
                ))}
                {preview.missing.length > 200 && <Text size="sm">{t('aidImport.missingMore', { n: preview.missing.length - 200 })}</Text>}
              </Group>
            </Card>
          )}
          <SegmentedControl
            value={filter}
            onChange={(v) => {
              setFilter(v as typeof filter);
              setPage(1);
            }}
            data={[{ value: 'all', label: t('common.all') }, ...present.map((s) => ({ value: s, label: IMPORT_ROW_STATUS_LABELS[s] }))]}
          />
          <Table striped withTableBorder data-testid="import-preview">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('aidImport.row')}</Table.Th>
                <Table.Th>{t('aidImport.status')}</Table.Th>
                <Table.Th>{preview.rowLabel}</Table.Th>
                {preview.idLabel && <Table.Th>{preview.idLabel}</Table.Th>}
                <Table.Th>{t('aidImport.detail')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.slice((page - 1) * PAGE, page * PAGE).map((r) => (
                <Table.Tr key={r.rowNumber}>
                  <Table.Td>{t('aidImport.rowN', { n: r.rowNumber })}</Table.Td>
                  <Table.Td>
                    <Badge color={COLORS[r.status]}>{IMPORT_ROW_STATUS_LABELS[r.status]}</Badge>
                  </Table.Td>
                  <Table.Td>{r.name}</Table.Td>
                  {preview.idLabel && <Table.Td ff="monospace">{r.idMasked}</Table.Td>}
                  <Table.Td>
                    <Text size="sm" c={r.status === 'rejected' ? 'red' : undefined}>
                      {r.reason || r.changes.join('；')}
                    </Text>
                    {r.warnings.map((w) => (
                      <Text key={w} size="xs" c="orange">
                        {w}
                      </Text>
                    ))}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Pagination total={Math.max(1, Math.ceil(rows.length / PAGE))} value={page} onChange={setPage} />
        </>
      )}
    </Stack>
  );
}
