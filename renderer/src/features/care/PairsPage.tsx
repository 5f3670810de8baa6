/**
 * 结对帮扶 (A3): suggested partners ranked by a rule shown on screen, the volunteer pool, and the pairs with their
 * activity log (create, pause, resume, end).
 */
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Stack,
  Tabs,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useState } from 'react';
import { PAIR_STATE_LABELS, SUBJECTS, type PairState } from '../../../../shared/domain/care';
import { formatDateZh } from '../../../../shared/domain/dates';
import { compareClasses } from '../../../../shared/domain/ordering';
import { useAction, useQuery } from '../../api/hooks';
import { useContractForm } from '../../api/useContractForm';
import { FormFooter } from '../../components/FormFooter';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { t } from '../../i18n';
import { StudentPicker } from '../cases/StudentPicker';
import { today } from './shared';
import { DateField } from '../../components/DateField';

const subjectOptions = SUBJECTS.map((s) => ({ value: s, label: s }));
type Subject = (typeof SUBJECTS)[number];

function Suggest() {
  const [studentId, setStudentId] = useState<number | null>(null);
  const [weak, setWeak] = useState<Subject[]>([]);
  const suggest = useAction('pairs.suggest');
  const create = useAction('pairs.create');
  const [result, setResult] = useState<Awaited<ReturnType<typeof suggest.run>>>(null);
  const [message, setMessage] = useState('');
  const run = async (id: number | null, subjects: Subject[]) => {
    setResult(id ? await suggest.run({ studentId: id, weakSubjects: subjects.length ? subjects : undefined }) : null);
  };
  return (
    <Stack>
      <Group align="flex-end">
        <div style={{ width: 320 }}>
          <StudentPicker
            label={t('pairs.student')}
            placeholder={t('apply.studentPlaceholder')}
            value={studentId}
            onChange={(id) => {
              setStudentId(id);
              setMessage('');
              void run(id, weak);
            }}
          />
        </div>
        <MultiSelect
          label={t('pairs.weakSubjects')}
          data={subjectOptions}
          value={weak}
          onChange={(v) => {
            setWeak(v as Subject[]);
            void run(studentId, v as Subject[]);
          }}
          w={320}
          placeholder={t('pairs.weakHint')}
          clearable
        />
      </Group>
      <ErrorAlert error={suggest.error ?? create.error} />
      {message && (
        <Text c="teal" data-testid="pair-message">
          {message}
        </Text>
      )}
      {result && (
        <>
          <Alert color="blue" data-testid="pair-rule">
            {result.rule}
          </Alert>
          {result.hasPartner && <Alert color="orange">{t('pairs.hasPartner')}</Alert>}
          <Text size="sm" c="dimmed">
            {t('pairs.usingWeak', { s: result.weakSubjects.join('、') || t('pairs.noWeak') })}
          </Text>
          <Stack gap="xs" data-testid="pair-suggestions">
            {result.suggestions.length === 0 && <Text c="dimmed">{t('pairs.noCandidates')}</Text>}
            {result.suggestions.map((s, i) => (
              <Card key={s.volunteerId} withBorder padding="sm">
                <Group justify="space-between">
                  <Group>
                    <Badge variant="filled" color={i === 0 ? 'teal' : 'gray'}>
                      {i + 1}
                    </Badge>
                    <Text fw={600}>{s.name}</Text>
                    <Text c="dimmed">{s.className}</Text>
                    {s.reasons.map((r) => (
                      <Badge key={r} variant="light">
                        {r}
                      </Badge>
                    ))}
                  </Group>
                  <Button
                    size="xs"
                    disabled={result.hasPartner}
                    loading={create.running}
                    onClick={async () => {
                      if (!studentId) return;
                      const subjects = (s.matched.length ? s.matched : result.weakSubjects) as Subject[];
                      if (await create.run({ volunteerId: s.volunteerId, studentId, subjects })) {
                        setMessage(t('pairs.created', { name: s.name }));
                        await run(studentId, weak);
                      }
                    }}
                  >
                    {t('pairs.create')}
                  </Button>
                </Group>
              </Card>
            ))}
          </Stack>
        </>
      )}
    </Stack>
  );
}

function Volunteers() {
  const list = useQuery('pairs.volunteers', {});
  const [open, setOpen] = useState(false);
  const save = useContractForm(
    'pairs.saveVolunteer',
    { studentId: null as number | null, strengths: [] as Subject[], capacity: 1, consent: false, consentNote: '' },
    (v) => ({ ...v, studentId: Number(v.studentId), active: true }),
  );
  return (
    <Stack>
      <ErrorAlert error={list.error} />
      <DataTable
        rows={list.data ?? []}
        rowKey={(v) => v.id}
        testId="volunteer-table"
        toolbar={
          <Button
            onClick={() => {
              save.reset();
              setOpen(true);
            }}
          >
            {t('pairs.addVolunteer')}
          </Button>
        }
        columns={[
          { key: 'name', label: t('students.name'), value: (v) => v.name, render: (v) => v.name },
          { key: 'class', compare: compareClasses, label: t('students.class'), value: (v) => v.className, render: (v) => v.className },
          { key: 'strengths', label: t('pairs.strengths'), value: (v) => v.strengths.join('、'), render: (v) => v.strengths.join('、') },
          { key: 'load', label: t('pairs.load'), value: (v) => v.load, render: (v) => `${v.load} / ${v.capacity}` },
          {
            key: 'consent',
            label: t('pairs.consent'),
            render: (v) =>
              v.consent ? (
                <Badge color="teal" variant="light">
                  {t('common.yes')}
                </Badge>
              ) : (
                <Badge color="red" variant="light">
                  {t('common.no')}
                </Badge>
              ),
          },
          { key: 'active', label: t('care.status'), render: (v) => (v.active ? t('accounts.active') : t('accounts.disabled')) },
        ]}
      />
      <Modal opened={open} onClose={() => setOpen(false)} title={t('pairs.addVolunteer')}>
        <Stack ref={save.container}>
          <StudentPicker
            label={t('pairs.volunteer')}
            placeholder={t('apply.studentPlaceholder')}
            required
            value={save.values.studentId}
            onChange={(id) => save.form.setFieldValue('studentId', id)}
            error={save.field('studentId').error}
          />
          <MultiSelect label={t('pairs.strengths')} withAsterisk data={subjectOptions} {...save.field('strengths')} />
          <NumberInput label={t('pairs.capacity')} min={1} max={3} {...save.field('capacity')} />
          <Checkbox label={t('pairs.consentLabel')} {...save.form.getInputProps('consent', { type: 'checkbox' })} />
          <TextInput label={t('pairs.consentNote')} {...save.field('consentNote')} />
          <FormFooter
            form={save}
            onSaved={async () => {
              setOpen(false);
              await list.reload();
            }}
          />
        </Stack>
      </Modal>
    </Stack>
  );
}

function Pairs() {
  const list = useQuery('pairs.list', {});
  const setState = useAction('pairs.setState');
  const addActivity = useAction('pairs.addActivity');
  const [logFor, setLogFor] = useState<number | null>(null);
  const [act, setAct] = useState({ date: today(), content: '', minutes: 30 });
  const change = async (pairId: number, state: PairState) => {
    if (await setState.run({ pairId, state })) await list.reload();
  };
  return (
    <Stack>
      <ErrorAlert error={list.error ?? setState.error} />
      <DataTable
        rows={list.data ?? []}
        rowKey={(p) => p.id}
        testId="pair-table"
        columns={[
          { key: 'student', label: t('pairs.student'), value: (p) => p.studentName, render: (p) => `${p.studentName}（${p.className}）` },
          {
            key: 'volunteer',
            label: t('pairs.volunteer'),
            value: (p) => p.volunteerName,
            render: (p) => `${p.volunteerName}（${p.volunteerClass}）`,
          },
          { key: 'subjects', label: t('pairs.subjects'), render: (p) => p.subjects.join('、') },
          {
            key: 'state',
            label: t('care.status'),
            value: (p) => p.state,
            render: (p) => (
              <Badge variant="light" color={p.state === 'active' ? 'teal' : p.state === 'paused' ? 'yellow' : 'gray'}>
                {PAIR_STATE_LABELS[p.state]}
              </Badge>
            ),
          },
          { key: 'started', label: t('pairs.started'), value: (p) => p.startedAt, render: (p) => formatDateZh(p.startedAt) },
          {
            key: 'acts',
            label: t('pairs.activities'),
            value: (p) => p.activities.length,
            render: (p) =>
              p.activities[0] ? t('pairs.activityCount', { n: p.activities.length, date: formatDateZh(p.activities[0].date) }) : '0',
          },
          {
            key: 'ops',
            label: '',
            render: (p) =>
              p.state === 'ended' ? null : (
                <Group gap={4} wrap="nowrap">
                  {p.state === 'active' && (
                    <Button
                      size="xs"
                      variant="subtle"
                      onClick={() => {
                        setLogFor(p.id);
                        addActivity.clearError();
                      }}
                    >
                      {t('pairs.logActivity')}
                    </Button>
                  )}
                  {p.state === 'active' ? (
                    <Button size="xs" variant="subtle" color="yellow" onClick={() => void change(p.id, 'paused')}>
                      {t('pairs.pause')}
                    </Button>
                  ) : (
                    <Button size="xs" variant="subtle" onClick={() => void change(p.id, 'active')}>
                      {t('pairs.resume')}
                    </Button>
                  )}
                  <Button size="xs" variant="subtle" color="gray" onClick={() => void change(p.id, 'ended')}>
                    {t('pairs.end')}
                  </Button>
                </Group>
              ),
          },
        ]}
      />
      <Modal opened={logFor !== null} onClose={() => setLogFor(null)} title={t('pairs.logActivity')}>
        <Stack>
          <DateField label={t('care.date')} value={act.date} onChange={(v) => setAct({ ...act, date: v })} />
          <Textarea label={t('care.content')} value={act.content} onChange={(e) => setAct({ ...act, content: e.currentTarget.value })} />
          <NumberInput
            label={t('care.minutes')}
            value={act.minutes}
            min={1}
            max={600}
            onChange={(v) => setAct({ ...act, minutes: Number(v) || 30 })}
          />
          <ErrorAlert error={addActivity.error} />
          <Group justify="flex-end">
            <Button
              loading={addActivity.running}
              onClick={async () => {
                if (logFor && (await addActivity.run({ pairId: logFor, ...act }))) {
                  setLogFor(null);
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

export function PairsPage() {
  // Tabs are not kept mounted: switching to the pairs tab after creating one loads it afresh.
  return (
    <Page title={t('pairs.title')} intro={t('pairs.intro')}>
      <Tabs defaultValue="suggest" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="suggest">{t('pairs.suggestTab')}</Tabs.Tab>
          <Tabs.Tab value="pairs">{t('pairs.pairsTab')}</Tabs.Tab>
          <Tabs.Tab value="pool">{t('pairs.poolTab')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="suggest" pt="sm">
          <Suggest />
        </Tabs.Panel>
        <Tabs.Panel value="pairs" pt="sm">
          <Pairs />
        </Tabs.Panel>
        <Tabs.Panel value="pool" pt="sm">
          <Volunteers />
        </Tabs.Panel>
      </Tabs>
    </Page>
  );
}
