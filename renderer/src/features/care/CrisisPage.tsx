/**
 * 心理危机预警 (P5): records on the school's configurable level scheme, dispositions and referrals. Only the
 * counsellor, the administrator and the principal reach this screen (and the router refuses everyone else).
 */
import { Alert, Badge, Button, Group, Modal, NumberInput, Select, Stack, Table, Tabs, Text, Textarea, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { CRISIS_COLOR_LABELS, CRISIS_COLORS, DISPOSITION_LABELS, type CrisisLevel, type Disposition } from '../../../../shared/domain/care';
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
import { today } from './shared';
import { DateField } from '../../components/DateField';

function SchemeEditor() {
  const scheme = useQuery('crisis.scheme', {});
  const save = useAction('crisis.saveScheme');
  const [levels, setLevels] = useState<CrisisLevel[]>([]);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (scheme.data) setLevels(scheme.data);
  }, [scheme.data]);
  const set = (i: number, p: Partial<CrisisLevel>) => setLevels((ls) => ls.map((l, j) => (j === i ? { ...l, ...p } : l)));
  return (
    <Stack maw={760}>
      <Alert color="blue">{t('crisis.schemeHint')}</Alert>
      <Table withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('crisis.key')}</Table.Th>
            <Table.Th>{t('crisis.label')}</Table.Th>
            <Table.Th>{t('crisis.color')}</Table.Th>
            <Table.Th>{t('crisis.severity')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {levels.map((l, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows of a list being edited have no identity but their place
            <Table.Tr key={i}>
              <Table.Td>
                <TextInput value={l.key} onChange={(e) => set(i, { key: e.currentTarget.value })} w={80} aria-label={t('crisis.key')} />
              </Table.Td>
              <Table.Td>
                <TextInput value={l.label} onChange={(e) => set(i, { label: e.currentTarget.value })} aria-label={t('crisis.label')} />
              </Table.Td>
              <Table.Td>
                <Select
                  data={CRISIS_COLORS.map((c) => ({ value: c, label: CRISIS_COLOR_LABELS[c] }))}
                  value={l.color}
                  onChange={(v) => v && set(i, { color: v as CrisisLevel['color'] })}
                  w={100}
                  allowDeselect={false}
                  aria-label={t('crisis.color')}
                />
              </Table.Td>
              <Table.Td>
                <NumberInput
                  value={l.severity}
                  min={1}
                  max={9}
                  onChange={(v) => set(i, { severity: Number(v) || 1 })}
                  w={90}
                  aria-label={t('crisis.severity')}
                />
              </Table.Td>
              <Table.Td>
                <Button size="xs" variant="subtle" color="red" onClick={() => setLevels((ls) => ls.filter((_, j) => j !== i))}>
                  {t('crisis.remove')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group>
        <Button
          variant="default"
          size="xs"
          onClick={() => setLevels((ls) => [...ls, { key: `L${ls.length + 1}`, label: '', color: 'gray', severity: 1 }])}
        >
          {t('crisis.addLevel')}
        </Button>
        <Button
          loading={save.running}
          onClick={async () => {
            setSaved(false);
            if (await save.run({ levels })) {
              setSaved(true);
              await scheme.reload();
            }
          }}
        >
          {t('common.save')}
        </Button>
        {saved && <Text c="teal">{t('care.saved')}</Text>}
      </Group>
      <ErrorAlert error={save.error ?? scheme.error} />
    </Stack>
  );
}

export function CrisisPage({ isAdmin }: { isAdmin: boolean }) {
  const list = useQuery('crisis.list', {});
  const scheme = useQuery('crisis.scheme', {});
  const referral = useAction('crisis.addReferral');
  const [editing, setEditing] = useState(false);
  const record = useContractForm(
    'crisis.record',
    {
      id: undefined as number | undefined,
      studentId: null as number | null,
      date: today(),
      levelKey: '',
      disposition: 'watch' as Disposition,
      note: '',
    },
    (v) => ({ ...v, studentId: Number(v.studentId) }),
  );
  const editingId = record.values.id;
  const [referFor, setReferFor] = useState<number | null>(null);
  const [ref, setRef] = useState({ institution: '', date: today(), result: '' });
  return (
    <Page title={t('crisis.title')} intro={t('crisis.intro')}>
      <Alert color="red" variant="light">
        {t('crisis.privacy')}
      </Alert>
      <Tabs defaultValue="records" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="records">{t('crisis.records')}</Tabs.Tab>
          {isAdmin && <Tabs.Tab value="scheme">{t('crisis.scheme')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="records" pt="sm">
          <Stack>
            <ErrorAlert error={list.error} />
            <DataTable
              rows={list.data ?? []}
              rowKey={(r) => r.id}
              testId="crisis-table"
              toolbar={
                <Button
                  onClick={() => {
                    // No default level: a warning's level is a judgement the counsellor makes, never a pre-filled choice.
                    record.reset({ date: today() });
                    setEditing(true);
                  }}
                >
                  {t('crisis.add')}
                </Button>
              }
              columns={[
                { key: 'name', label: t('students.name'), value: (r) => r.name, render: (r) => `${r.name}（${r.className}）` },
                {
                  key: 'level',
                  label: t('crisis.level'),
                  value: (r) => r.severity,
                  render: (r) => <Badge color={r.levelColor}>{r.levelLabel}</Badge>,
                },
                {
                  key: 'disp',
                  label: t('crisis.disposition'),
                  value: (r) => r.disposition,
                  render: (r) => DISPOSITION_LABELS[r.disposition],
                },
                { key: 'date', label: t('care.date'), value: (r) => r.date, render: (r) => formatDateZh(r.date) },
                { key: 'note', label: t('care.note'), render: (r) => r.note },
                {
                  key: 'refs',
                  label: t('crisis.referrals'),
                  render: (r) =>
                    r.referrals.map((f) => `${formatDateZh(f.date)} ${f.institution}${f.result ? `：${f.result}` : ''}`).join('；') || '—',
                },
                { key: 'by', label: t('crisis.by'), value: (r) => r.by, render: (r) => r.by },
                {
                  key: 'ops',
                  label: '',
                  render: (r) => (
                    <Group gap={4} wrap="nowrap">
                      <Button
                        size="xs"
                        variant="subtle"
                        onClick={() => {
                          record.reset({
                            id: r.id,
                            studentId: r.studentId,
                            date: r.date,
                            levelKey: r.levelKey,
                            disposition: r.disposition,
                            note: r.note,
                          });
                          setEditing(true);
                        }}
                      >
                        {t('crisis.edit')}
                      </Button>
                      {r.disposition !== 'closed' && (
                        <Button
                          size="xs"
                          variant="subtle"
                          onClick={() => {
                            referral.clearError();
                            setReferFor(r.id);
                          }}
                        >
                          {t('crisis.refer')}
                        </Button>
                      )}
                    </Group>
                  ),
                },
              ]}
            />
          </Stack>
        </Tabs.Panel>
        {isAdmin && (
          <Tabs.Panel value="scheme" pt="sm">
            <SchemeEditor />
          </Tabs.Panel>
        )}
      </Tabs>
      <Modal opened={editing} onClose={() => setEditing(false)} title={editingId ? t('crisis.edit') : t('crisis.add')}>
        <Stack ref={record.container}>
          {!editingId && (
            <StudentPicker
              label={t('crisis.student')}
              placeholder={t('apply.studentPlaceholder')}
              required
              value={record.values.studentId}
              onChange={(id) => record.form.setFieldValue('studentId', id)}
              error={record.field('studentId').error}
            />
          )}
          <DateField label={t('care.date')} withAsterisk max={today()} {...record.field('date')} />
          <Select
            label={t('crisis.level')}
            withAsterisk
            data={(scheme.data ?? []).map((l) => ({
              value: l.key,
              label: t('crisis.levelOption', { label: l.label, severity: l.severity }),
            }))}
            placeholder={t('crisis.pickLevel')}
            allowDeselect={false}
            {...record.field('levelKey')}
            value={record.values.levelKey || null}
          />
          <Select
            label={t('crisis.disposition')}
            data={toOptions(DISPOSITION_LABELS)}
            allowDeselect={false}
            {...record.field('disposition')}
          />
          <Textarea label={t('care.note')} withAsterisk minRows={3} autosize {...record.field('note')} />
          <FormFooter
            form={record}
            onSaved={async () => {
              setEditing(false);
              await list.reload();
            }}
          />
        </Stack>
      </Modal>
      <Modal opened={referFor !== null} onClose={() => setReferFor(null)} title={t('crisis.refer')}>
        <Stack>
          <TextInput
            label={t('crisis.institution')}
            value={ref.institution}
            onChange={(e) => setRef({ ...ref, institution: e.currentTarget.value })}
            error={referral.fieldError('institution')}
          />
          <DateField label={t('care.date')} value={ref.date} onChange={(v) => setRef({ ...ref, date: v })} />
          <Textarea label={t('crisis.result')} value={ref.result} onChange={(e) => setRef({ ...ref, result: e.currentTarget.value })} />
          <ErrorAlert error={referral.error} />
          <Group justify="flex-end">
            <Button
              loading={referral.running}
              onClick={async () => {
                if (referFor && (await referral.run({ crisisId: referFor, ...ref }))) {
                  setReferFor(null);
                  await list.reload();
                }
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
