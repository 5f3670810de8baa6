/**
 * 今日联系 (P5): the head teacher's "today" screen. One click records the daily ask for a student, one click for
 * all who are left (with a note for anything unusual); the principal's weekly see, monthly talks and the county's
 * monthly look are recorded here too.
 */
import { Alert, Badge, Button, Checkbox, Group, Modal, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { CONTACT_KIND_LABELS, type ContactKind } from '../../../../shared/domain/care';
import { formatDateZh } from '../../../../shared/domain/dates';
import type { Role } from '../../../../shared/domain/enums';
import { compareClasses } from '../../../../shared/domain/ordering';
import { useAction, useQuery } from '../../api/hooks';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { t } from '../../i18n';
import { useNav } from '../../nav';
import { today } from './shared';
import { DateField } from '../../components/DateField';

const KINDS_OF: Record<Role, ContactKind[]> = {
  headTeacher: ['dailyAsk', 'monthlyTalk'],
  principal: ['weeklySee', 'monthlyTalk', 'countyLook'],
  counsellor: ['monthlyTalk'],
  tutor: ['monthlyTalk'],
  admin: ['dailyAsk', 'weeklySee', 'monthlyTalk', 'countyLook'],
  officer: ['dailyAsk', 'monthlyTalk', 'countyLook'],
  inspector: [],
};

export function CadencePage({ role, onRecorded }: { role: Role; onRecorded: () => void }) {
  const { go } = useNav();
  const kinds = KINDS_OF[role];
  const [kind, setKind] = useState<ContactKind>(kinds[0] ?? 'dailyAsk');
  const [date, setDate] = useState(today());
  const list = useQuery('cadence.today', { date });
  const record = useAction('cadence.record');
  const [unusualFor, setUnusualFor] = useState<{ id: number; name: string } | null>(null);
  const [note, setNote] = useState('');
  const [message, setMessage] = useState('');
  const [selected, setSelected] = useState<number[]>([]);
  const rows = list.data?.rows ?? [];
  const doneOf = (r: (typeof rows)[number]) =>
    kind === 'dailyAsk' ? r.askedToday : kind === 'weeklySee' ? r.seenThisWeek : kind === 'monthlyTalk' ? r.talkedThisMonth : false;
  const missing = rows.filter((r) => !doneOf(r));
  const needsNote = kind === 'monthlyTalk' || kind === 'countyLook';

  const save = async (entries: Array<{ studentId: number; note?: string; unusual?: boolean }>) => {
    const r = await record.run({ kind, date, entries });
    if (r) {
      setMessage(t('care.recorded', { n: r.recorded, kind: CONTACT_KIND_LABELS[kind] }));
      setSelected([]);
      await list.reload();
      onRecorded();
    }
    return r;
  };

  return (
    <Page title={t('care.cadenceTitle')} intro={t('care.cadenceIntro')}>
      <Group align="flex-end">
        <SegmentedControl
          data={kinds.map((k) => ({ value: k, label: CONTACT_KIND_LABELS[k] }))}
          value={kind}
          onChange={(v) => {
            setKind(v as ContactKind);
            setMessage('');
          }}
        />
        <DateField label={t('care.date')} value={date} max={today()} onChange={(v) => v && setDate(v)} w={170} />
      </Group>
      {list.data && !list.data.schoolDay && kind === 'dailyAsk' && <Alert color="gray">{t('care.notSchoolDay')}</Alert>}
      {message && (
        <Text c="teal" data-testid="cadence-message">
          {message}
        </Text>
      )}
      <ErrorAlert error={list.error ?? record.error} />
      <DataTable
        testId="cadence-table"
        rows={rows}
        rowKey={(r) => r.studentId}
        empty={t('care.noKeyStudents')}
        toolbar={
          <Group>
            {!needsNote && (
              <Button disabled={!selected.length} variant="light" onClick={() => void save(selected.map((studentId) => ({ studentId })))}>
                {t('care.recordSelected', { n: selected.length })}
              </Button>
            )}
            {kind === 'dailyAsk' && list.data?.schoolDay && (
              <Button
                disabled={!missing.length}
                loading={record.running}
                onClick={() => void save(missing.map((r) => ({ studentId: r.studentId })))}
              >
                {t('care.recordAll', { n: missing.length })}
              </Button>
            )}
          </Group>
        }
        columns={[
          {
            key: 'pick',
            label: '',
            render: (r) =>
              !doneOf(r) && !needsNote ? (
                <Checkbox
                  aria-label={t('common.selectX', { name: r.name })}
                  checked={selected.includes(r.studentId)}
                  onChange={(e) => {
                    const on = e.currentTarget.checked;
                    setSelected((s) => (on ? [...s, r.studentId] : s.filter((x) => x !== r.studentId)));
                  }}
                />
              ) : null,
          },
          {
            key: 'name',
            label: t('students.name'),
            value: (r) => r.name,
            render: (r) => (
              <Text
                component="a"
                href="#"
                onClick={(e) => {
                  e.preventDefault();
                  go({ name: 'student', id: r.studentId });
                }}
              >
                {r.name}
              </Text>
            ),
          },
          { key: 'class', compare: compareClasses, label: t('students.class'), value: (r) => r.className, render: (r) => r.className },
          {
            key: 'status',
            label: CONTACT_KIND_LABELS[kind],
            value: (r) => (doneOf(r) ? 1 : 0),
            render: (r) =>
              doneOf(r) ? (
                <Badge color="teal" variant="light">
                  {t('care.done')}
                </Badge>
              ) : kind === 'dailyAsk' && !list.data?.schoolDay ? (
                <Badge color="gray" variant="light">
                  {t('care.notOwed')}
                </Badge>
              ) : (
                <Badge color="orange" variant="light">
                  {t('care.notYet')}
                </Badge>
              ),
          },
          {
            key: 'unusual',
            label: t('care.unusual'),
            render: (r) =>
              r.unusualToday ? (
                <Text size="sm" c="red">
                  {r.unusualToday}
                </Text>
              ) : (
                ''
              ),
          },
          { key: 'lastTalk', label: t('care.lastTalk'), value: (r) => r.lastTalk ?? '', render: (r) => formatDateZh(r.lastTalk) || '—' },
          {
            key: 'act',
            label: '',
            render: (r) =>
              doneOf(r) && kind !== 'countyLook' ? null : (
                <Group gap={4} wrap="nowrap">
                  {!needsNote && (
                    <Button size="xs" variant="subtle" onClick={() => void save([{ studentId: r.studentId }])}>
                      {t('care.recordOne')}
                    </Button>
                  )}
                  <Button
                    size="xs"
                    variant="subtle"
                    color={needsNote ? 'blue' : 'red'}
                    onClick={() => {
                      setUnusualFor({ id: r.studentId, name: r.name });
                      setNote('');
                      record.clearError();
                    }}
                  >
                    {needsNote ? t('care.recordWithNote') : t('care.recordUnusual')}
                  </Button>
                </Group>
              ),
          },
        ]}
      />
      <Modal
        opened={unusualFor !== null}
        onClose={() => setUnusualFor(null)}
        title={`${CONTACT_KIND_LABELS[kind]} · ${unusualFor?.name ?? ''}`}
      >
        <Stack>
          <Textarea
            label={needsNote ? t('care.talkNote') : t('care.unusualNote')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            minRows={3}
            autosize
          />
          <ErrorAlert error={record.error} />
          <Group justify="flex-end">
            <Button
              loading={record.running}
              onClick={async () => {
                if (unusualFor && (await save([{ studentId: unusualFor.id, note, unusual: !needsNote }]))) setUnusualFor(null);
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
