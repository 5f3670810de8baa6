/** The key-care list (I1: never published). Sortable and filterable; exit after collective review (I2). */
import { Alert, Badge, Button, Group, Modal, Select, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import { formatDateZh } from '../../../../shared/domain/dates';
import { EXIT_REASON_LABELS, type ExitReason } from '../../../../shared/domain/enums';
import { compareClasses, compareNames } from '../../../../shared/domain/ordering';
import { saveFile, XLSX_MIME } from '../../api/client';
import { useAction, useQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { StateBadge } from '../../components/StateBadge';
import { t } from '../../i18n';
import { useNav } from '../../nav';

type SortKey = 'className' | 'studentName' | 'confirmedAt';
type Row = { className: string; studentName: string; confirmedAt: string | null };
/** Classes in school order then names by pinyin; names by pinyin; dates in time order. */
const BY: Record<SortKey, (a: Row, b: Row) => number> = {
  className: (a, b) => compareClasses(a.className, b.className) || compareNames(a.studentName, b.studentName),
  studentName: (a, b) => compareNames(a.studentName, b.studentName),
  confirmedAt: (a, b) => (a.confirmedAt ?? '').localeCompare(b.confirmedAt ?? ''),
};

export function KeyCareListPage({ canExit, canPrint, canExport }: { canExit: boolean; canPrint: boolean; canExport: boolean }) {
  const { go } = useNav();
  const list = useQuery('cases.keyCareList', {});
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<SortKey>('className');
  const [exiting, setExiting] = useState<number | null>(null);
  const [reason, setReason] = useState<ExitReason>('normalDevelopment');
  const [note, setNote] = useState('');
  const [message, setMessage] = useState('');
  const exit = useAction('cases.requestExit');
  const print = useAction('cases.printKeyCareList');
  const exportXlsx = useAction('cases.exportKeyCareList');
  const rows = useMemo(() => {
    const f = filter.trim();
    return (list.data ?? [])
      .filter((c) => !f || c.studentName.includes(f) || c.className.includes(f) || c.responsibleName.includes(f))
      .sort((a, b) => BY[sort](a, b));
  }, [list.data, filter, sort]);
  const th = (key: SortKey, label: string) => (
    <Table.Th onClick={() => setSort(key)} style={{ cursor: 'pointer' }}>
      {label}
      {sort === key ? ' ▲' : ''}
    </Table.Th>
  );
  return (
    <Page
      title={t('keyCare.title')}
      actions={
        <Group>
          {canPrint && (
            <Button
              variant="default"
              loading={print.running}
              onClick={async () => {
                const f = await print.run({});
                if (f) saveFile(f, 'application/pdf');
              }}
            >
              {t('keyCare.print')}
            </Button>
          )}
          {canExport && (
            <Button
              variant="default"
              loading={exportXlsx.running}
              onClick={async () => {
                const f = await exportXlsx.run({});
                if (f) saveFile(f, XLSX_MIME);
              }}
            >
              {t('keyCare.export')}
            </Button>
          )}
        </Group>
      }
    >
      <Alert color="orange" data-testid="never-publish">
        {t('keyCare.warning')}
      </Alert>
      {message && <Text c="teal">{message}</Text>}
      <Group>
        <TextInput placeholder={t('keyCare.filter')} value={filter} onChange={(e) => setFilter(e.currentTarget.value)} w={280} />
      </Group>
      <ErrorAlert error={list.error ?? print.error ?? exportXlsx.error} />
      <Table striped withTableBorder data-testid="key-care-table">
        <Table.Thead>
          <Table.Tr>
            {th('studentName', t('students.name'))}
            {th('className', t('students.class'))}
            <Table.Th>{t('keyCare.careContent')}</Table.Th>
            <Table.Th>{t('keyCare.responsible')}</Table.Th>
            {th('confirmedAt', t('keyCare.confirmedAt'))}
            <Table.Th>{t('keyCare.filed')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>
                <Text
                  component="a"
                  href="#"
                  onClick={(e) => {
                    e.preventDefault();
                    go({ name: 'student', id: c.studentId });
                  }}
                >
                  {c.studentName}
                </Text>
              </Table.Td>
              <Table.Td>{c.className}</Table.Td>
              <Table.Td>{c.careContent}</Table.Td>
              <Table.Td>{c.responsibleName}</Table.Td>
              <Table.Td>{formatDateZh(c.confirmedAt)}</Table.Td>
              <Table.Td>{c.filedPackage ?? <StateBadge state={c.state} />}</Table.Td>
              <Table.Td>
                {c.exitRequested ? (
                  <Badge color="orange" variant="light">
                    {t('keyCare.exitPending')}
                  </Badge>
                ) : (
                  canExit && (
                    <Button
                      size="xs"
                      variant="subtle"
                      color="gray"
                      onClick={() => {
                        setExiting(c.id);
                        setNote('');
                        exit.clearError();
                      }}
                    >
                      {t('keyCare.exit')}
                    </Button>
                  )
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {list.data && rows.length === 0 && (
        <Text c="dimmed" ta="center">
          {t('keyCare.empty')}
        </Text>
      )}
      <Text size="sm" c="dimmed">
        {t('common.total', { n: rows.length })}
      </Text>
      <Modal opened={exiting !== null} onClose={() => setExiting(null)} title={t('keyCare.exit')}>
        <Stack>
          <Select
            label={t('keyCare.exitReason')}
            data={Object.entries(EXIT_REASON_LABELS).map(([value, label]) => ({ value, label }))}
            value={reason}
            onChange={(v) => setReason((v ?? 'normalDevelopment') as ExitReason)}
            allowDeselect={false}
          />
          <Textarea label={t('keyCare.exitNote')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          <ErrorAlert error={exit.error} />
          <Group justify="flex-end">
            <Button
              onClick={async () => {
                if (exiting && (await exit.run({ caseId: exiting, reason, note }))) {
                  setExiting(null);
                  setMessage(t('keyCare.exitDone'));
                  await list.reload();
                }
              }}
              loading={exit.running}
            >
              {t('common.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Page>
  );
}
