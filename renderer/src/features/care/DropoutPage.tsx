/**
 * 控辍保学 (A4): the semester registration check (bulk arrived / not arrived with a reason), the ledgers with their
 * follow-up and persuasion visits, and the monthly ledger export.
 */
import { Badge, Button, Checkbox, Group, Modal, Select, Stack, Tabs, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import {
  ABSENCE_REASON_LABELS,
  FOLLOW_UP_KIND_LABELS,
  LEDGER_LABELS,
  LEDGER_STATUS_LABELS,
  LEDGERS,
  type AbsenceReason,
  type FollowUpKind,
  type Ledger,
  type LedgerStatus,
} from '../../../../shared/domain/care';
import { semesterOf } from '../../../../shared/domain/calendar';
import { formatDateZh } from '../../../../shared/domain/dates';
import { compareClasses } from '../../../../shared/domain/ordering';
import { saveFile, XLSX_MIME } from '../../api/client';
import { useAction, useQuery } from '../../api/hooks';
import { DataTable } from '../../components/DataTable';
import { KeyCareMark } from '../../components/KeyCareMark';
import { ErrorAlert } from '../../components/ErrorAlert';
import { toOptions } from '../../components/options';
import { Page } from '../../components/Page';
import { t } from '../../i18n';
import { MonthSelect, SemesterSelect, thisMonth, today } from './shared';
import { DateField } from '../../components/DateField';

function Registration({ canEdit }: { canEdit: boolean }) {
  const [semester, setSemester] = useState(semesterOf(today()));
  const sheet = useQuery('dropout.registration', { semester });
  const mark = useAction('dropout.mark');
  const [selected, setSelected] = useState<number[]>([]);
  const [absent, setAbsent] = useState(false);
  const [reason, setReason] = useState<AbsenceReason>('sickLeave');
  const [note, setNote] = useState('');
  const [message, setMessage] = useState('');
  const rows = sheet.data ?? [];
  const submit = async (arrived: boolean) => {
    const r = await mark.run({ semester, studentIds: selected, arrived, reason: arrived ? undefined : reason, note });
    if (r) {
      setMessage(t('dropout.marked', { n: r.marked, opened: r.opened, closed: r.closed }));
      setSelected([]);
      setAbsent(false);
      await sheet.reload();
    }
  };
  return (
    <Stack>
      <Group align="flex-end">
        <SemesterSelect value={semester} onChange={setSemester} />
        <Text c="dimmed" size="sm">
          {t('dropout.checkedCount', { done: rows.filter((r) => r.arrived !== null).length, total: rows.length })}
        </Text>
      </Group>
      {message && <Text c="teal">{message}</Text>}
      <ErrorAlert error={sheet.error ?? mark.error} />
      <DataTable
        rows={rows}
        rowKey={(r) => r.studentId}
        testId="registration-table"
        toolbar={
          canEdit && (
            <Group>
              <Button
                variant="default"
                size="xs"
                onClick={() => setSelected(rows.filter((r) => r.arrived === null).map((r) => r.studentId))}
              >
                {t('dropout.selectUnchecked')}
              </Button>
              <Button size="xs" disabled={!selected.length} loading={mark.running} onClick={() => void submit(true)}>
                {t('dropout.markArrived', { n: selected.length })}
              </Button>
              <Button
                size="xs"
                color="red"
                variant="light"
                disabled={!selected.length}
                onClick={() => {
                  setAbsent(true);
                  mark.clearError();
                }}
              >
                {t('dropout.markAbsent', { n: selected.length })}
              </Button>
            </Group>
          )
        }
        columns={[
          {
            key: 'pick',
            label: '',
            render: (r) =>
              canEdit && (
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
          {
            key: 'name',
            label: t('students.name'),
            value: (r) => r.name,
            render: (r) => <KeyCareMark onList={r.onKeyCareList}>{r.name}</KeyCareMark>,
          },
          { key: 'class', compare: compareClasses, label: t('students.class'), value: (r) => r.className, render: (r) => r.className },
          {
            key: 'arrived',
            label: t('dropout.arrived'),
            value: (r) => String(r.arrived),
            render: (r) =>
              r.arrived === null ? (
                <Badge color="gray" variant="light">
                  {t('dropout.unchecked')}
                </Badge>
              ) : r.arrived ? (
                <Badge color="teal" variant="light">
                  {t('dropout.yes')}
                </Badge>
              ) : (
                <Badge color="red" variant="light">
                  {t('dropout.no')}
                </Badge>
              ),
          },
          {
            key: 'entry',
            label: t('dropout.ledgerStatus'),
            render: (r) =>
              r.openEntry ? `${ABSENCE_REASON_LABELS[r.openEntry.reason]} · ${LEDGER_STATUS_LABELS[r.openEntry.status]}` : '',
          },
        ]}
      />
      <Modal opened={absent} onClose={() => setAbsent(false)} title={t('dropout.markAbsent', { n: selected.length })}>
        <Stack>
          <Select
            label={t('dropout.reason')}
            data={toOptions(ABSENCE_REASON_LABELS)}
            value={reason}
            onChange={(v) => v && setReason(v as AbsenceReason)}
            allowDeselect={false}
          />
          <Textarea label={t('care.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          <ErrorAlert error={mark.error} />
          <Group justify="flex-end">
            <Button color="red" loading={mark.running} onClick={() => void submit(false)}>
              {t('common.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function Ledgers({ canEdit, canExport }: { canEdit: boolean; canExport: boolean }) {
  const [which, setWhich] = useState<Ledger | 'all'>('all');
  const [closed, setClosed] = useState(false);
  const [month, setMonth] = useState(thisMonth());
  const list = useQuery('dropout.ledger', { ledger: which === 'all' ? undefined : which, includeClosed: closed });
  const follow = useAction('dropout.followUp');
  const exp = useAction('dropout.exportLedger');
  const [entry, setEntry] = useState<number | null>(null);
  const [fu, setFu] = useState<{ date: string; kind: FollowUpKind; note: string; statusAfter: LedgerStatus }>({
    date: today(),
    kind: 'persuasion',
    note: '',
    statusAfter: 'persuading',
  });
  return (
    <Stack>
      <Group align="flex-end">
        <Select
          label={t('dropout.ledger')}
          data={[{ value: 'all', label: t('common.all') }, ...LEDGERS.map((l) => ({ value: l, label: LEDGER_LABELS[l] }))]}
          value={which}
          onChange={(v) => v && setWhich(v as Ledger | 'all')}
          allowDeselect={false}
          w={280}
        />
        <Checkbox label={t('dropout.includeClosed')} checked={closed} onChange={(e) => setClosed(e.currentTarget.checked)} mb={8} />
        {canExport && <MonthSelect value={month} onChange={setMonth} />}
        {canExport && (
          <Button
            variant="default"
            loading={exp.running}
            onClick={async () => {
              const f = await exp.run({ month });
              if (f) saveFile(f, XLSX_MIME);
            }}
          >
            {t('dropout.export')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={list.error ?? exp.error} />
      <DataTable
        rows={list.data ?? []}
        rowKey={(e) => e.id}
        testId="ledger-table"
        columns={[
          { key: 'name', label: t('students.name'), value: (e) => e.name, render: (e) => e.name },
          { key: 'class', compare: compareClasses, label: t('students.class'), value: (e) => e.className, render: (e) => e.className },
          { key: 'ledger', label: t('dropout.ledger'), value: (e) => e.ledger, render: (e) => LEDGER_LABELS[e.ledger] },
          { key: 'reason', label: t('dropout.reason'), value: (e) => e.reason, render: (e) => ABSENCE_REASON_LABELS[e.reason] },
          {
            key: 'status',
            label: t('care.status'),
            value: (e) => e.status,
            render: (e) => (
              <Badge variant="light" color={e.closedAt ? 'teal' : 'orange'}>
                {LEDGER_STATUS_LABELS[e.status]}
              </Badge>
            ),
          },
          { key: 'opened', label: t('dropout.opened'), value: (e) => e.openedAt, render: (e) => formatDateZh(e.openedAt) },
          {
            key: 'fus',
            label: t('dropout.followUps'),
            value: (e) => e.followUps.length,
            render: (e) => e.followUps.map((f) => `${formatDateZh(f.date)} ${FOLLOW_UP_KIND_LABELS[f.kind]}：${f.note}`).join('；') || '—',
          },
          {
            key: 'op',
            label: '',
            render: (e) =>
              canEdit &&
              !e.closedAt && (
                <Button
                  size="xs"
                  variant="subtle"
                  onClick={() => {
                    setEntry(e.id);
                    follow.clearError();
                  }}
                >
                  {t('dropout.addFollowUp')}
                </Button>
              ),
          },
        ]}
      />
      <Modal opened={entry !== null} onClose={() => setEntry(null)} title={t('dropout.addFollowUp')}>
        <Stack>
          <DateField label={t('care.date')} value={fu.date} max={today()} onChange={(v) => setFu({ ...fu, date: v })} />
          <Select
            label={t('dropout.kind')}
            data={toOptions(FOLLOW_UP_KIND_LABELS)}
            value={fu.kind}
            onChange={(v) => v && setFu({ ...fu, kind: v as FollowUpKind })}
            allowDeselect={false}
          />
          <Textarea
            label={t('care.content')}
            value={fu.note}
            onChange={(e) => setFu({ ...fu, note: e.currentTarget.value })}
            error={follow.fieldError('note')}
          />
          <Select
            label={t('dropout.statusAfter')}
            data={toOptions(LEDGER_STATUS_LABELS)}
            value={fu.statusAfter}
            onChange={(v) => v && setFu({ ...fu, statusAfter: v as LedgerStatus })}
            allowDeselect={false}
          />
          <ErrorAlert error={follow.error} />
          <Group justify="flex-end">
            <Button
              loading={follow.running}
              onClick={async () => {
                if (entry && (await follow.run({ entryId: entry, ...fu }))) {
                  setEntry(null);
                  await list.reload();
                }
              }}
            >
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

export function DropoutPage({ canEdit, canExport }: { canEdit: boolean; canExport: boolean }) {
  return (
    <Page title={t('dropout.title')} intro={t('dropout.intro')}>
      <Tabs defaultValue="registration" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="registration">{t('dropout.registrationTab')}</Tabs.Tab>
          <Tabs.Tab value="ledgers">{t('dropout.ledgersTab')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="registration" pt="sm">
          <Registration canEdit={canEdit} />
        </Tabs.Panel>
        <Tabs.Panel value="ledgers" pt="sm">
          <Ledgers canEdit={canEdit} canExport={canExport} />
        </Tabs.Panel>
      </Tabs>
    </Page>
  );
}
