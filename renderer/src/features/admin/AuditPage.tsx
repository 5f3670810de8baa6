/** 审计日志 (G4): who did what and when, filtered by person, action, student and date; exported; reading is audited. */
import { Button, Group, Pagination, Select, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { formatDateTimeZh } from '../../../../shared/domain/dates';
import { saveFile, XLSX_MIME } from '../../api/client';
import { useAction, useQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { t } from '../../i18n';
import { DateField } from '../../components/DateField';

const PAGE_SIZE = 50;

export function AuditPage() {
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const [actorId, setActorId] = useState('');
  const [action, setAction] = useState('');
  const [studentId, setStudentId] = useState('');
  const [page, setPage] = useState(1);
  const filters = {
    since: since || undefined,
    until: until || undefined,
    actorId: actorId ? Number(actorId) : undefined,
    action,
    studentId: /^\d+$/.test(studentId) ? Number(studentId) : undefined,
  };
  const list = useQuery('audit.list', { ...filters, page, pageSize: PAGE_SIZE });
  const exp = useAction('audit.export');
  const d = list.data;
  const reset =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setPage(1);
    };
  return (
    <Page title={t('auditLog.title')} intro={t('auditLog.intro')}>
      <Group align="flex-end">
        <DateField label={t('auditLog.since')} value={since} onChange={(v) => reset(setSince)(v)} w={170} />
        <DateField label={t('auditLog.until')} value={until} onChange={(v) => reset(setUntil)(v)} w={170} />
        <Select
          label={t('auditLog.actor')}
          data={[{ value: '', label: t('common.all') }, ...(d?.actors ?? []).map((a) => ({ value: String(a.id), label: a.name }))]}
          value={actorId}
          onChange={(v) => reset(setActorId)(v ?? '')}
          allowDeselect={false}
          w={160}
        />
        <Select
          label={t('auditLog.action')}
          searchable
          data={[{ value: '', label: t('common.all') }, ...(d?.actions ?? []).map((a) => ({ value: a.action, label: a.label }))]}
          value={action}
          onChange={(v) => reset(setAction)(v ?? '')}
          allowDeselect={false}
          w={240}
        />
        <TextInput
          label={t('auditLog.student')}
          value={studentId}
          onChange={(e) => reset(setStudentId)(e.currentTarget.value.trim())}
          w={120}
        />
        <Button
          variant="default"
          loading={exp.running}
          onClick={async () => {
            const out = await exp.run(filters);
            if (out) saveFile(out, XLSX_MIME);
          }}
        >
          {t('auditLog.export')}
        </Button>
      </Group>
      <ErrorAlert error={list.error ?? exp.error} />
      <Table striped withTableBorder data-testid="audit-table" fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('auditLog.at')}</Table.Th>
            <Table.Th>{t('auditLog.actor')}</Table.Th>
            <Table.Th>{t('auditLog.action')}</Table.Th>
            <Table.Th>{t('auditLog.entity')}</Table.Th>
            <Table.Th>{t('auditLog.detail')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {d?.rows.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTimeZh(r.at)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.actorName}</Table.Td>
              <Table.Td>{r.actionLabel}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.entityType ? `${r.entityType} ${r.entityId}` : '—'}</Table.Td>
              <Table.Td>
                <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                  {r.detail}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t('common.total', { n: d?.total ?? 0 })}
        </Text>
        <Pagination total={Math.max(1, Math.ceil((d?.total ?? 0) / PAGE_SIZE))} value={page} onChange={setPage} />
      </Group>
    </Page>
  );
}
