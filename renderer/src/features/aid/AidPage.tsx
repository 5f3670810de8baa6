/**
 * 资助 (F9): the difficulty grading per semester (highest tier, or a recorded reason), awards, the gaps check,
 * the programme catalogue (amounts editable) and work-study hours.
 */
import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Switch,
  Tabs,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { semesterLabel, semesterOf } from '../../../../shared/domain/calendar';
import {
  AID_SOURCE_LABELS,
  DIFFICULTY_TYPES,
  PROGRAMME_KIND_LABELS,
  WORK_STUDY,
  type AidSource,
  type ProgrammeKind,
  standardLevelLabel,
} from '../../../../shared/domain/employment';
import { STAGE_LABELS, type Stage } from '../../../../shared/domain/enums';
import { formatDateZh } from '../../../../shared/domain/dates';
import { compareClasses } from '../../../../shared/domain/ordering';
import { saveFile, XLSX_MIME } from '../../api/client';
import { useAction, useQuery } from '../../api/hooks';
import { useContractForm } from '../../api/useContractForm';
import { DataTable } from '../../components/DataTable';
import { KeyCareMark } from '../../components/KeyCareMark';
import { ErrorAlert } from '../../components/ErrorAlert';
import { toOptions } from '../../components/options';
import { Page } from '../../components/Page';
import { t } from '../../i18n';
import { useNav } from '../../nav';
import { StudentPicker } from '../cases/StudentPicker';
import { SemesterSelect, today } from '../care/shared';
import { DateField } from '../../components/DateField';
import { FormFooter } from '../../components/FormFooter';

function Grading({ canEdit, isAdmin }: { canEdit: boolean; isAdmin: boolean }) {
  const [semester, setSemester] = useState(semesterOf(today()));
  const sheet = useQuery('aid.grading', { semester });
  const levels = useQuery('aid.levels', {});
  const grade = useAction('aid.grade');
  const carry = useAction('aid.carryOver');
  const [carried, setCarried] = useState('');
  const [form, setForm] = useState<{ studentId: number; name: string; levelKey: string; types: string[]; reason: string } | null>(null);
  const top = levels.data?.[0];
  const rows = sheet.data ?? [];
  return (
    <Stack>
      <Group align="flex-end">
        <SemesterSelect value={semester} onChange={setSemester} />
        <Text size="sm" c="dimmed">
          {t('aid.gradingSummary', {
            total: rows.length,
            ungraded: rows.filter((r) => r.ungraded).length,
            below: rows.filter((r) => r.belowHighest).length,
          })}
        </Text>
        {canEdit && rows.some((r) => r.ungraded) && (
          <Button
            variant="light"
            size="xs"
            loading={carry.running}
            onClick={async () => {
              const r = await carry.run({ semester });
              if (r) {
                setCarried(t('aid.carried', { n: r.copied, from: semesterLabel(r.from) }));
                await sheet.reload();
              }
            }}
          >
            {t('aid.carryOver')}
          </Button>
        )}
        {carried && (
          <Text size="sm" c="teal">
            {carried}
          </Text>
        )}
      </Group>
      <ErrorAlert error={carry.error} />
      {isAdmin && <LevelLabels />}
      <ErrorAlert error={sheet.error} />
      <DataTable
        rows={rows}
        rowKey={(r) => r.studentId}
        testId="grading-table"
        columns={[
          {
            key: 'name',
            label: t('students.name'),
            value: (r) => r.name,
            render: (r) => <KeyCareMark onList={r.onKeyCareList}>{r.name}</KeyCareMark>,
          },
          { key: 'class', compare: compareClasses, label: t('students.class'), value: (r) => r.className, render: (r) => r.className },
          {
            key: 'level',
            label: t('aid.level'),
            value: (r) => r.levelLabel,
            render: (r) =>
              r.ungraded ? (
                <Badge color="orange" variant="light">
                  {t('aid.ungraded')}
                </Badge>
              ) : r.belowHighest ? (
                <Badge color="red" variant="light">
                  {r.levelLabel} · {t('aid.belowHighest')}
                </Badge>
              ) : (
                <Badge color="teal" variant="light">
                  {r.levelLabel}
                </Badge>
              ),
          },
          { key: 'types', label: t('aid.types'), render: (r) => r.types.join('、') || '—' },
          { key: 'reason', label: t('aid.reason'), render: (r) => r.reason || '' },
          {
            key: 'op',
            label: '',
            render: (r) =>
              canEdit && (
                <Button
                  size="xs"
                  variant="subtle"
                  onClick={() => {
                    grade.clearError();
                    setForm({
                      studentId: r.studentId,
                      name: r.name,
                      levelKey: r.levelKey ?? top?.key ?? '',
                      types: r.types,
                      reason: r.reason,
                    });
                  }}
                >
                  {t('aid.grade')}
                </Button>
              ),
          },
        ]}
      />
      <Modal
        opened={form !== null}
        onClose={() => setForm(null)}
        title={`${t('aid.grade')} · ${form?.name ?? ''} · ${semesterLabel(semester)}`}
      >
        {form && (
          <Stack>
            <Alert color="blue">{t('aid.highestHint', { top: top?.label ?? '' })}</Alert>
            <Select
              label={t('aid.level')}
              data={(levels.data ?? []).map((l) => ({ value: l.key, label: l.label }))}
              value={form.levelKey}
              onChange={(v) => v && setForm({ ...form, levelKey: v })}
              allowDeselect={false}
            />
            <MultiSelect
              label={t('aid.types')}
              data={[...DIFFICULTY_TYPES]}
              value={form.types}
              onChange={(v) => setForm({ ...form, types: v })}
            />
            {form.levelKey !== top?.key && (
              <Textarea
                label={t('aid.reasonLabel')}
                value={form.reason}
                onChange={(e) => setForm({ ...form, reason: e.currentTarget.value })}
                error={grade.fieldError('reason')}
              />
            )}
            <ErrorAlert error={grade.error} />
            <Group justify="flex-end">
              <Button
                loading={grade.running}
                onClick={async () => {
                  if (
                    await grade.run({
                      studentId: form.studentId,
                      semester,
                      levelKey: form.levelKey,
                      types: form.types,
                      reason: form.reason,
                    })
                  ) {
                    setForm(null);
                    await sheet.reload();
                  }
                }}
              >
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}

/** The administrator renames the levels (some places say 比较困难); keys and ranks keep their meaning. */
function LevelLabels() {
  const levels = useQuery('aid.levels', {});
  const save = useAction('aid.saveLevels');
  const [labels, setLabels] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  return (
    <Group align="flex-end" data-testid="level-labels">
      {(levels.data ?? []).map((l) => (
        <TextInput
          key={l.key}
          label={t('aid.levelLabel', { standard: standardLevelLabel(l.key, l.label) })}
          value={labels[l.key] ?? l.label}
          onChange={(e) => {
            const v = e.currentTarget.value;
            setLabels((x) => ({ ...x, [l.key]: v }));
            setSaved(false);
          }}
          w={140}
        />
      ))}
      <Button
        variant="default"
        loading={save.running}
        onClick={async () => {
          if (levels.data && (await save.run({ levels: levels.data.map((l) => ({ ...l, label: labels[l.key] ?? l.label })) }))) {
            setSaved(true);
            await levels.reload();
          }
        }}
      >
        {t('aid.saveLabels')}
      </Button>
      {saved && <Text c="teal">{t('care.saved')}</Text>}
      <ErrorAlert error={save.error} />
    </Group>
  );
}

function Awards({ canEdit, canExport }: { canEdit: boolean; canExport: boolean }) {
  const [semester, setSemester] = useState(semesterOf(today()));
  const list = useQuery('aid.awards', { semester });
  const progs = useQuery('aid.programmes', {});
  const exp = useAction('aid.exportAwards');
  const [adding, setAdding] = useState(false);
  const add = useContractForm(
    'aid.addAward',
    { studentId: null as number | null, programmeId: null as string | null, amountYuan: 0, date: today(), source: 'national' as AidSource },
    (v) => ({ ...v, studentId: Number(v.studentId), programmeId: Number(v.programmeId), semester }),
  );
  const total = (list.data ?? []).reduce((a, r) => a + Math.round(Number(r.amount) * 100), 0);
  return (
    <Stack>
      <Group align="flex-end">
        <SemesterSelect value={semester} onChange={setSemester} />
        <Text size="sm">{t('aid.total', { amount: (total / 100).toFixed(2) })}</Text>
      </Group>
      <ErrorAlert error={list.error ?? exp.error} />
      <DataTable
        rows={list.data ?? []}
        rowKey={(r) => r.id}
        testId="award-table"
        toolbar={
          <Group>
            {canEdit && (
              <Button
                onClick={() => {
                  add.reset({ date: today() });
                  setAdding(true);
                }}
              >
                {t('aid.addAward')}
              </Button>
            )}
            {canExport && (
              <Button
                variant="default"
                loading={exp.running}
                onClick={async () => {
                  const f = await exp.run({ semester });
                  if (f) saveFile(f, XLSX_MIME);
                }}
              >
                {t('aid.exportAwards')}
              </Button>
            )}
          </Group>
        }
        columns={[
          { key: 'name', label: t('students.name'), value: (r) => r.name, render: (r) => r.name },
          { key: 'class', compare: compareClasses, label: t('students.class'), value: (r) => r.className, render: (r) => r.className },
          { key: 'programme', label: t('aid.programme'), value: (r) => r.programme, render: (r) => r.programme },
          {
            key: 'amount',
            label: t('aid.amount'),
            value: (r) => Number(r.amount),
            render: (r) => (r.waiver ? t(Number(r.amount) > 0 ? 'aid.waivedAmount' : 'aid.waived', { amount: r.amount }) : r.amount),
          },
          { key: 'date', label: t('care.date'), value: (r) => r.date, render: (r) => formatDateZh(r.date) },
          { key: 'source', label: t('aid.source'), value: (r) => r.source, render: (r) => AID_SOURCE_LABELS[r.source] },
        ]}
      />
      <Modal opened={adding} onClose={() => setAdding(false)} title={t('aid.addAward')}>
        <Stack ref={add.container}>
          <StudentPicker
            label={t('pairs.student')}
            placeholder={t('apply.studentPlaceholder')}
            required
            value={add.values.studentId}
            onChange={(id) => add.form.setFieldValue('studentId', id)}
            error={add.field('studentId').error}
          />
          <Select
            label={t('aid.programme')}
            withAsterisk
            data={(progs.data ?? [])
              .filter((p) => p.active)
              .map((p) => ({
                value: String(p.id),
                label: t(p.amountYuan !== null ? 'aid.programmeOptionAmount' : 'aid.programmeOption', {
                  stage: STAGE_LABELS[p.stage],
                  name: p.name,
                  amount: p.amountYuan?.toFixed(2) ?? '',
                }),
              }))}
            searchable
            {...add.field('programmeId')}
            onChange={(v) => {
              // Choosing a programme fills its standard amount and funding source, which the office may still change.
              const p = progs.data?.find((x) => String(x.id) === v);
              add.form.setValues({ programmeId: v, amountYuan: p?.amountYuan ?? 0, source: p?.source ?? add.values.source });
            }}
          />
          <Group grow>
            <NumberInput label={t('aid.amount')} decimalScale={2} fixedDecimalScale min={0} {...add.field('amountYuan')} />
            <DateField label={t('care.date')} {...add.field('date')} />
            <Select label={t('aid.source')} data={toOptions(AID_SOURCE_LABELS)} {...add.field('source')} allowDeselect={false} />
          </Group>
          <FormFooter
            form={add}
            onSaved={async () => {
              setAdding(false);
              await list.reload();
            }}
          />
        </Stack>
      </Modal>
    </Stack>
  );
}

function Gaps() {
  const { go } = useNav();
  const gaps = useQuery('aid.gaps', {});
  return (
    <Stack>
      <ErrorAlert error={gaps.error} />
      {gaps.data && (
        <Alert color="orange" data-testid="gap-summary">
          {t('aid.gapSummary', { year: gaps.data.schoolYear, n: gaps.data.students.length, top: gaps.data.highest })}
        </Alert>
      )}
      <DataTable
        rows={gaps.data?.students ?? []}
        rowKey={(r) => r.studentId}
        testId="gap-table"
        empty={t('aid.noGaps')}
        columns={[
          {
            key: 'name',
            label: t('students.name'),
            value: (r) => r.name,
            render: (r) => (
              <KeyCareMark onList={r.onKeyCareList}>
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
              </KeyCareMark>
            ),
          },
          { key: 'class', compare: compareClasses, label: t('students.class'), value: (r) => r.className, render: (r) => r.className },
          {
            key: 'level',
            label: t('aid.level'),
            value: (r) => r.levelLabel,
            render: (r) =>
              r.belowHighest ? (
                <Badge color="red" variant="light">
                  {r.levelLabel || t('aid.ungraded')}
                </Badge>
              ) : (
                r.levelLabel
              ),
          },
          {
            key: 'missing',
            label: t('aid.missing'),
            value: (r) => r.missingProgrammes.length,
            render: (r) => r.missingProgrammes.join('、') || '—',
          },
          {
            key: 'reasons',
            label: t('aid.reasons'),
            render: (r) => (
              <Stack gap={0}>
                {r.reasons.map((x) => (
                  <Text key={x} size="sm">
                    {x}
                  </Text>
                ))}
              </Stack>
            ),
          },
        ]}
      />
    </Stack>
  );
}

function Catalogue({ isAdmin }: { isAdmin: boolean }) {
  const list = useQuery('aid.programmes', {});
  const save = useAction('aid.saveProgramme');
  type Form = {
    id?: number;
    code: string;
    stage: Stage;
    name: string;
    amountYuan: number | null;
    kind: ProgrammeKind;
    source: AidSource;
    note: string;
    active: boolean;
  };
  const [form, setForm] = useState<Form | null>(null);
  return (
    <Stack>
      <ErrorAlert error={list.error} />
      <DataTable
        rows={list.data ?? []}
        rowKey={(p) => p.id}
        testId="programme-table"
        pageSize={30}
        toolbar={
          isAdmin && (
            <Button
              variant="default"
              onClick={() => {
                save.clearError();
                setForm({
                  code: '',
                  stage: 'junior',
                  name: '',
                  amountYuan: null,
                  kind: 'entitlement',
                  source: 'local',
                  note: '',
                  active: true,
                });
              }}
            >
              {t('aid.addProgramme')}
            </Button>
          )
        }
        columns={[
          { key: 'stage', label: t('studentForm.stage'), value: (p) => p.stage, render: (p) => STAGE_LABELS[p.stage] },
          { key: 'name', label: t('aid.programme'), value: (p) => p.name, render: (p) => p.name },
          {
            key: 'amount',
            label: t('aid.amountPerYear'),
            value: (p) => p.amountYuan ?? 0,
            render: (p) => (p.amountYuan === null ? t('aid.waiver') : p.amountYuan.toFixed(2)),
          },
          { key: 'kind', label: t('aid.kind'), value: (p) => p.kind, render: (p) => PROGRAMME_KIND_LABELS[p.kind] },
          { key: 'source', label: t('aid.source'), value: (p) => p.source, render: (p) => AID_SOURCE_LABELS[p.source] },
          { key: 'note', label: t('care.note'), render: (p) => <Text size="sm">{p.note}</Text> },
          { key: 'active', label: t('care.status'), render: (p) => (p.active ? t('accounts.active') : t('accounts.disabled')) },
          {
            key: 'op',
            label: '',
            render: (p) =>
              isAdmin && (
                <Button
                  size="xs"
                  variant="subtle"
                  onClick={() => {
                    save.clearError();
                    setForm({ ...p });
                  }}
                >
                  {t('crisis.edit')}
                </Button>
              ),
          },
        ]}
      />
      <Modal opened={form !== null} onClose={() => setForm(null)} title={t('aid.programme')}>
        {form && (
          <Stack>
            <Group grow>
              <TextInput
                label={t('aid.code')}
                value={form.code}
                disabled={!!form.id}
                onChange={(e) => setForm({ ...form, code: e.currentTarget.value })}
                error={save.fieldError('code')}
              />
              <Select
                label={t('studentForm.stage')}
                data={toOptions(STAGE_LABELS)}
                value={form.stage}
                onChange={(v) => v && setForm({ ...form, stage: v as Stage })}
                allowDeselect={false}
              />
            </Group>
            <TextInput
              label={t('aid.programme')}
              value={form.name}
              onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
              error={save.fieldError('name')}
            />
            <Group grow>
              <NumberInput
                label={t('aid.amountPerYear')}
                decimalScale={2}
                fixedDecimalScale
                min={0}
                value={form.amountYuan ?? ''}
                placeholder={t('aid.waiver')}
                onChange={(v) => setForm({ ...form, amountYuan: v === '' ? null : Number(v) })}
                error={save.fieldError('amountYuan')}
              />
              <Select
                label={t('aid.kind')}
                data={toOptions(PROGRAMME_KIND_LABELS)}
                value={form.kind}
                onChange={(v) => v && setForm({ ...form, kind: v as ProgrammeKind })}
                allowDeselect={false}
              />
              <Select
                label={t('aid.source')}
                data={toOptions(AID_SOURCE_LABELS)}
                value={form.source}
                onChange={(v) => v && setForm({ ...form, source: v as AidSource })}
                allowDeselect={false}
              />
            </Group>
            <Textarea label={t('care.note')} value={form.note} onChange={(e) => setForm({ ...form, note: e.currentTarget.value })} />
            <Switch label={t('aid.active')} checked={form.active} onChange={(e) => setForm({ ...form, active: e.currentTarget.checked })} />
            <ErrorAlert error={save.error} />
            <Group justify="flex-end">
              <Button
                loading={save.running}
                onClick={async () => {
                  if (await save.run(form)) {
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
    </Stack>
  );
}

function WorkStudy({ canEdit }: { canEdit: boolean }) {
  const [studentId, setStudentId] = useState<number | null>(null);
  const list = useQuery('aid.workStudy', { studentId: studentId ?? 1 }, studentId !== null);
  const add = useAction('aid.addWorkStudy');
  const [form, setForm] = useState({ date: today(), post: '', hours: 2, yuanPerHour: 15 });
  return (
    <Stack>
      <Alert color="blue">
        {t('aid.workStudyRule', { week: WORK_STUDY.maxHoursPerWeek, month: WORK_STUDY.maxHoursPerMonth, rate: WORK_STUDY.minYuanPerHour })}
      </Alert>
      <div style={{ maxWidth: 360 }}>
        <StudentPicker label={t('pairs.student')} placeholder={t('apply.studentPlaceholder')} value={studentId} onChange={setStudentId} />
      </div>
      {studentId && canEdit && (
        <Group align="flex-end">
          <DateField label={t('care.date')} value={form.date} max={today()} onChange={(v) => setForm({ ...form, date: v })} />
          <TextInput label={t('aid.post')} value={form.post} onChange={(e) => setForm({ ...form, post: e.currentTarget.value })} />
          <NumberInput
            label={t('aid.hours')}
            value={form.hours}
            min={0.5}
            max={8}
            step={0.5}
            decimalScale={1}
            onChange={(v) => setForm({ ...form, hours: Number(v) || 1 })}
            w={110}
          />
          <NumberInput
            label={t('aid.rate')}
            value={form.yuanPerHour}
            min={0}
            decimalScale={2}
            onChange={(v) => setForm({ ...form, yuanPerHour: Number(v) || 0 })}
            w={130}
          />
          <Button
            loading={add.running}
            onClick={async () => {
              if (await add.run({ studentId, ...form })) await list.reload();
            }}
          >
            {t('common.save')}
          </Button>
        </Group>
      )}
      <ErrorAlert error={add.error ?? list.error} />
      {studentId && (
        <DataTable
          rows={list.data ?? []}
          rowKey={(r) => r.id}
          columns={[
            { key: 'date', label: t('care.date'), value: (r) => r.date, render: (r) => formatDateZh(r.date) },
            { key: 'post', label: t('aid.post'), value: (r) => r.post, render: (r) => r.post },
            { key: 'hours', label: t('aid.hours'), value: (r) => r.hours, render: (r) => r.hours.toFixed(1) },
            { key: 'rate', label: t('aid.rate'), value: (r) => r.yuanPerHour, render: (r) => r.yuanPerHour.toFixed(2) },
            { key: 'pay', label: t('aid.pay'), value: (r) => Number(r.pay), render: (r) => r.pay },
          ]}
        />
      )}
    </Stack>
  );
}

export function AidPage({ canEdit, canExport, isAdmin }: { canEdit: boolean; canExport: boolean; isAdmin: boolean }) {
  // 勤工助学 (its hour and pay limits) belongs to vocational and higher education: a junior school does not see it.
  const stages = useQuery('app.status', {}).data?.stages ?? [];
  const workStudy = stages.includes('higher') || stages.includes('vocational');
  return (
    <Page title={t('aid.title')} intro={t('aid.intro')}>
      <Tabs defaultValue="gaps" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="gaps">{t('aid.gapsTab')}</Tabs.Tab>
          <Tabs.Tab value="grading">{t('aid.gradingTab')}</Tabs.Tab>
          <Tabs.Tab value="awards">{t('aid.awardsTab')}</Tabs.Tab>
          <Tabs.Tab value="catalogue">{t('aid.catalogueTab')}</Tabs.Tab>
          {workStudy && <Tabs.Tab value="workStudy">{t('aid.workStudyTab')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="gaps" pt="sm">
          <Gaps />
        </Tabs.Panel>
        <Tabs.Panel value="grading" pt="sm">
          <Grading canEdit={canEdit} isAdmin={isAdmin} />
        </Tabs.Panel>
        <Tabs.Panel value="awards" pt="sm">
          <Awards canEdit={canEdit} canExport={canExport} />
        </Tabs.Panel>
        <Tabs.Panel value="catalogue" pt="sm">
          <Catalogue isAdmin={isAdmin} />
        </Tabs.Panel>
        {workStudy && (
          <Tabs.Panel value="workStudy" pt="sm">
            <WorkStudy canEdit={canEdit} />
          </Tabs.Panel>
        )}
      </Tabs>
    </Page>
  );
}
