/**
 * One graduate (E8): the profile, postings ranked for them with the reasons, the recommendations with the
 * student's response and result, and employment help. Flagged until three postings are recommended.
 */
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Table,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import {
  HELP_KIND_LABELS,
  JOB_FIELDS,
  OUTCOME_LABELS,
  REC_RESPONSE_LABELS,
  REC_RESULT_LABELS,
  type HelpKind,
  type Outcome,
  type RecResponse,
  type RecResult,
} from '../../../../shared/domain/employment';
import { formatDateZh } from '../../../../shared/domain/dates';
import { useAction, useQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { toOptions } from '../../components/options';
import { Page } from '../../components/Page';
import { t } from '../../i18n';
import { useNav } from '../../nav';
import { today, useStaffOptions } from '../care/shared';
import { RecCount } from './GraduatesPage';
import { reasonIsConcern } from '../../../../shared/domain/employment';
import { DateField } from '../../components/DateField';

export function GraduateDetailPage({ studentId, canEdit }: { studentId: number; canEdit: boolean }) {
  const { go } = useNav();
  const detail = useQuery('employment.graduate', { studentId });
  const suggest = useQuery('employment.suggest', { studentId, limit: 30 }, canEdit);
  const save = useAction('employment.saveGraduate');
  const recommend = useAction('employment.recommend');
  const update = useAction('employment.updateRecommendation');
  const addHelp = useAction('employment.addHelp');
  const staff = useStaffOptions();
  const [form, setForm] = useState<{
    intendedField: string;
    skills: string[];
    certificates: string[];
    locationPref: string;
    constraints: string;
    outcome: Outcome;
    outcomeDate: string;
    helper: string | null;
  } | null>(null);
  const [picked, setPicked] = useState<number[]>([]);
  const [message, setMessage] = useState('');
  const [help, setHelp] = useState<{ kind: HelpKind; date: string; title: string; detail: string } | null>(null);
  const d = detail.data;
  useEffect(() => {
    if (d)
      setForm({
        intendedField: d.graduate.intendedField,
        skills: d.graduate.skills,
        certificates: d.graduate.certificates,
        locationPref: d.graduate.locationPref,
        constraints: d.graduate.constraints,
        outcome: d.graduate.outcome,
        outcomeDate: d.graduate.outcomeDate ?? '',
        helper: d.graduate.helperAccountId ? String(d.graduate.helperAccountId) : null,
      });
  }, [d]);
  if (!d || !form)
    return (
      <Page title={t('common.loading')}>
        <ErrorAlert error={detail.error} />
      </Page>
    );
  const reload = async () => {
    await detail.reload();
    await suggest.reload();
  };

  return (
    <Page
      title={`${d.graduate.name} · ${d.graduate.className}`}
      intro={t('jobs.detailIntro')}
      actions={
        <Button variant="default" onClick={() => go({ name: 'graduates' })}>
          {t('jobs.back')}
        </Button>
      }
    >
      <Group>
        <Text>{t('jobs.recommendations')}：</Text>
        {!d.graduate.notForWork && <RecCount n={d.recommendations.length} />}
        {message && (
          <Text c="teal" data-testid="job-message">
            {message}
          </Text>
        )}
      </Group>
      <ErrorAlert error={detail.error ?? save.error ?? recommend.error ?? update.error} />
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Card withBorder>
          <Title order={4} mb="sm">
            {t('jobs.profile')}
          </Title>
          <Stack gap="xs">
            <Group grow>
              <Select
                label={t('jobs.intendedField')}
                data={[...JOB_FIELDS]}
                value={form.intendedField || null}
                onChange={(v) => setForm({ ...form, intendedField: v ?? '' })}
                disabled={!canEdit}
              />
              <TextInput
                label={t('jobs.locationPref')}
                value={form.locationPref}
                onChange={(e) => setForm({ ...form, locationPref: e.currentTarget.value })}
                disabled={!canEdit}
              />
            </Group>
            <TagsInput label={t('jobs.skills')} value={form.skills} onChange={(v) => setForm({ ...form, skills: v })} disabled={!canEdit} />
            <TagsInput
              label={t('jobs.certificates')}
              value={form.certificates}
              onChange={(v) => setForm({ ...form, certificates: v })}
              disabled={!canEdit}
            />
            <Textarea
              label={t('jobs.constraints')}
              value={form.constraints}
              onChange={(e) => setForm({ ...form, constraints: e.currentTarget.value })}
              disabled={!canEdit}
            />
            <Group grow>
              <Select
                label={t('jobs.outcome')}
                data={toOptions(OUTCOME_LABELS)}
                value={form.outcome}
                onChange={(v) => v && setForm({ ...form, outcome: v as Outcome })}
                allowDeselect={false}
                disabled={!canEdit}
              />
              <DateField
                label={t('jobs.outcomeDate')}
                value={form.outcomeDate}
                onChange={(v) => setForm({ ...form, outcomeDate: v })}
                disabled={!canEdit || form.outcome === 'looking'}
                error={save.fieldError('outcomeDate')}
              />
              <Select
                label={t('jobs.helper')}
                data={staff}
                value={form.helper}
                onChange={(v) => setForm({ ...form, helper: v })}
                clearable
                disabled={!canEdit}
              />
            </Group>
            {canEdit && (
              <Group>
                <Button
                  loading={save.running}
                  onClick={async () => {
                    if (
                      await save.run({
                        studentId,
                        intendedField: form.intendedField,
                        skills: form.skills,
                        certificates: form.certificates,
                        locationPref: form.locationPref,
                        constraints: form.constraints,
                        outcome: form.outcome,
                        outcomeDate: form.outcome === 'looking' ? null : form.outcomeDate || null,
                        helperAccountId: form.helper ? Number(form.helper) : null,
                      })
                    ) {
                      setMessage(t('care.saved'));
                      await reload();
                    }
                  }}
                >
                  {t('jobs.saveProfile')}
                </Button>
              </Group>
            )}
          </Stack>
        </Card>
        <Card withBorder>
          <Title order={4} mb="sm">
            {t('jobs.recommended')}
          </Title>
          <Table withTableBorder data-testid="recommendation-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('jobs.posting')}</Table.Th>
                <Table.Th>{t('jobs.score')}</Table.Th>
                <Table.Th>{t('jobs.response')}</Table.Th>
                <Table.Th>{t('jobs.result')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.recommendations.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {r.title}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t('jobs.postingLine', { employer: r.employer, location: r.location, deadline: formatDateZh(r.deadline) })}
                    </Text>
                  </Table.Td>
                  <Table.Td>{r.score}</Table.Td>
                  <Table.Td>
                    <Select
                      size="xs"
                      data={toOptions(REC_RESPONSE_LABELS)}
                      value={r.response}
                      disabled={!canEdit}
                      allowDeselect={false}
                      aria-label={t('jobs.response')}
                      onChange={async (v) => {
                        if (v && (await update.run({ id: r.id, response: v as RecResponse, result: r.result }))) await reload();
                      }}
                      w={110}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Select
                      size="xs"
                      data={toOptions(REC_RESULT_LABELS)}
                      value={r.result}
                      disabled={!canEdit}
                      allowDeselect={false}
                      aria-label={t('jobs.result')}
                      onChange={async (v) => {
                        if (v && (await update.run({ id: r.id, response: r.response, result: v as RecResult }))) await reload();
                      }}
                      w={140}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {d.recommendations.length === 0 && (
            <Text c="dimmed" size="sm" mt="xs">
              {t('jobs.noRecommendations')}
            </Text>
          )}
        </Card>
      </SimpleGrid>
      {d.graduate.notForWork && (
        <Alert color="orange" data-testid="not-for-work">
          {d.graduate.notForWork}
        </Alert>
      )}
      {canEdit && !d.graduate.notForWork && (
        <Card withBorder>
          <Group justify="space-between" mb="sm">
            <Title order={4}>{t('jobs.ranked')}</Title>
            <Button
              disabled={!picked.length}
              loading={recommend.running}
              onClick={async () => {
                const r = await recommend.run({ studentId, postingIds: picked });
                if (r) {
                  setPicked([]);
                  setMessage(t('jobs.recommendedDone', { n: r.recommended, total: r.total }));
                  await reload();
                }
              }}
            >
              {t('jobs.recommendPicked', { n: picked.length })}
            </Button>
          </Group>
          {suggest.data && (
            <Alert color="blue" mb="sm" data-testid="job-rule">
              {suggest.data.rule}
            </Alert>
          )}
          <ErrorAlert error={suggest.error} />
          <Stack gap="xs" data-testid="job-suggestions">
            {suggest.data?.suggestions.length === 0 && <Text c="dimmed">{t('jobs.noPostings')}</Text>}
            {suggest.data?.suggestions.map((p, i) => (
              <Card key={p.id} withBorder padding="xs">
                <Group wrap="nowrap" align="flex-start">
                  <Checkbox
                    mt={4}
                    aria-label={t('common.selectX', { name: p.title })}
                    checked={picked.includes(p.id)}
                    onChange={(e) => {
                      const on = e.currentTarget.checked;
                      setPicked((s) => (on ? [...s, p.id] : s.filter((x) => x !== p.id)));
                    }}
                  />
                  <Stack gap={2} style={{ flex: 1 }}>
                    <Group gap="xs">
                      <Badge variant="filled" color={i < 3 ? 'teal' : 'gray'}>
                        {i + 1}
                      </Badge>
                      <Text fw={600}>{p.title}</Text>
                      <Text c="dimmed">
                        {p.employer} · {p.location} · {p.field}
                      </Text>
                      <Badge variant="outline">
                        {t('jobs.score')} {p.score}
                      </Badge>
                      <Text size="sm" c="dimmed">
                        {t('jobs.deadlineOn', { date: formatDateZh(p.deadline) })}
                        {p.salaryMin !== null ? t('jobs.salaryRange', { min: p.salaryMin, max: p.salaryMax ?? '' }) : ''}
                      </Text>
                    </Group>
                    <Group gap={4}>
                      {p.reasons.map((r) => (
                        <Badge key={r} variant="light" color={reasonIsConcern(r) ? 'orange' : 'blue'}>
                          {r}
                        </Badge>
                      ))}
                    </Group>
                  </Stack>
                </Group>
              </Card>
            ))}
          </Stack>
        </Card>
      )}
      <Card withBorder>
        <Group justify="space-between" mb="sm">
          <Title order={4}>{t('jobs.help')}</Title>
          {canEdit && (
            <Button
              size="xs"
              onClick={() => {
                addHelp.clearError();
                setHelp({ kind: 'resumeClinic', date: today(), title: '', detail: '' });
              }}
            >
              {t('jobs.addHelp')}
            </Button>
          )}
        </Group>
        <Table withTableBorder>
          <Table.Tbody>
            {d.help.map((h) => (
              <Table.Tr key={h.id}>
                <Table.Td>{formatDateZh(h.date)}</Table.Td>
                <Table.Td>{HELP_KIND_LABELS[h.kind]}</Table.Td>
                <Table.Td>{h.title}</Table.Td>
                <Table.Td>{h.detail}</Table.Td>
                <Table.Td>{h.by}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {d.help.length === 0 && (
          <Text c="dimmed" size="sm">
            {t('common.none')}
          </Text>
        )}
      </Card>
      <Modal opened={help !== null} onClose={() => setHelp(null)} title={t('jobs.addHelp')}>
        {help && (
          <Stack>
            <Select
              label={t('jobs.helpKind')}
              data={toOptions(HELP_KIND_LABELS)}
              value={help.kind}
              onChange={(v) => v && setHelp({ ...help, kind: v as HelpKind })}
              allowDeselect={false}
            />
            <DateField label={t('care.date')} value={help.date} onChange={(v) => setHelp({ ...help, date: v })} />
            <TextInput
              label={t('jobs.helpTitle')}
              value={help.title}
              onChange={(e) => setHelp({ ...help, title: e.currentTarget.value })}
              error={addHelp.fieldError('title')}
            />
            <Textarea label={t('care.note')} value={help.detail} onChange={(e) => setHelp({ ...help, detail: e.currentTarget.value })} />
            <ErrorAlert error={addHelp.error} />
            <Group justify="flex-end">
              <Button
                loading={addHelp.running}
                onClick={async () => {
                  if (await addHelp.run({ studentId, ...help })) {
                    setHelp(null);
                    await detail.reload();
                  }
                }}
              >
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Page>
  );
}
