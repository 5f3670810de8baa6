/** I5: collective review meetings — create, agenda of pending applications and exit requests, decisions, close. */
import {
  Alert,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Radio,
  Stack,
  Table,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import {
  CARE_KIND_LABELS,
  MEETING_ITEM_KIND_LABELS,
  REVIEW_DECISION_LABELS,
  type CareKind,
  type ReviewDecision,
} from '../../../../shared/domain/enums';
import { formatDateZh, todayIso } from '../../../../shared/domain/dates';
import { saveFile } from '../../api/client';
import { useAction } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { careOptions, decisionOptions } from '../../components/options';
import { Page } from '../../components/Page';
import { t } from '../../i18n';
import { useMeetings } from './useMeetings';
import { DateField } from '../../components/DateField';

/** A new form starts empty: no decision is pre-chosen, no approved care pre-filled. */
const EMPTY_DECISION = {
  decision: null as ReviewDecision | null,
  necessity: '',
  feasibility: '',
  careApproved: [] as CareKind[],
  votesFor: 0,
  votesAgainst: 0,
  votesAbstain: 0,
  notes: '',
};

export function ReviewPage({ canPrint }: { canPrint: boolean }) {
  const [selected, setSelected] = useState<number | null>(null);
  const { list, detail } = useMeetings(selected);
  const [creating, setCreating] = useState<null | { correctsMeetingId?: number }>(null);
  const emptyForm = () => ({ meetingDate: todayIso(), place: '', staff: [] as string[], outsiders: [] as string[] });
  const [form, setForm] = useState(emptyForm);
  const [cancelReason, setCancelReason] = useState<string | null>(null);
  const cancel = useAction('meetings.cancel');
  const [item, setItem] = useState<number | null>(null);
  const [d, setD] = useState(EMPTY_DECISION);
  const [minutes, setMinutes] = useState('');
  const [message, setMessage] = useState('');
  const create = useAction('meetings.create');
  const decide = useAction('meetings.decide');
  const close = useAction('meetings.close');
  const agendaPdf = useAction('meetings.printAgenda');
  const minutesPdf = useAction('meetings.printMinutes');
  const m = selected !== null ? detail.data : null;
  const current = m?.agenda.find((a) => a.caseId === item) ?? null;

  const pickItem = (caseId: number) => {
    const a = m?.agenda.find((x) => x.caseId === caseId);
    setItem(caseId);
    setMessage('');
    decide.clearError();
    setD(a?.decision ? { ...a.decision } : { ...EMPTY_DECISION });
  };
  const submitCreate = async () => {
    const participants = [
      ...form.staff.map((name) => ({ name, kind: 'staff' as const })),
      ...form.outsiders.map((name) => ({ name, kind: 'outsider' as const })),
    ];
    const r = await create.run({
      meetingDate: form.meetingDate,
      place: form.place,
      participants,
      correctsMeetingId: creating?.correctsMeetingId,
    });
    if (r) {
      setCreating(null);
      setSelected(r.id);
      setItem(null);
      await list.reload();
    }
  };

  return (
    <Page
      title={t('review.title')}
      intro={t('review.intro')}
      actions={
        <Button
          onClick={() => {
            create.clearError();
            setForm(emptyForm());
            setCreating({});
          }}
        >
          {t('review.newMeeting')}
        </Button>
      }
    >
      <Grid>
        <Grid.Col span={3}>
          <Card withBorder>
            <Title order={5} mb="xs">
              {t('review.meetings')}
            </Title>
            {list.data?.length === 0 && (
              <Text c="dimmed" size="sm">
                {t('review.noMeetings')}
              </Text>
            )}
            <Stack gap={4}>
              {list.data?.map((x) => (
                <Card
                  key={x.id}
                  padding="xs"
                  withBorder
                  onClick={() => {
                    setSelected(x.id);
                    setItem(null);
                    setMessage('');
                  }}
                  style={{ cursor: 'pointer' }}
                  bg={x.id === selected ? 'var(--mantine-color-blue-light)' : undefined}
                  data-testid="meeting-card"
                >
                  <Group justify="space-between" gap={4}>
                    <Text size="sm" fw={500}>
                      {t('review.cardTitle', { id: x.id, date: formatDateZh(x.meetingDate) })}
                    </Text>
                    <Badge size="xs" color={x.status === 'open' ? 'yellow' : x.status === 'cancelled' ? 'red' : 'gray'}>
                      {x.status === 'open' ? t('review.open') : x.status === 'cancelled' ? t('review.cancelled') : t('review.closed')}
                    </Badge>
                  </Group>
                  <Text size="xs" c="dimmed">
                    {x.place} · {t('review.participantsCount', { n: x.participants })}
                    {x.correctsMeetingId ? ` · ${t('review.corrects', { id: x.correctsMeetingId })}` : ''}
                  </Text>
                </Card>
              ))}
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={9}>
          {m && (
            <Stack>
              <Card withBorder>
                <Group justify="space-between">
                  <div>
                    <Title order={4}>{t('review.meetingTitle', { id: m.id, date: formatDateZh(m.meetingDate), place: m.place })}</Title>
                    <Text size="sm" c="dimmed">
                      {t('review.participantsLine', {
                        names: m.participants
                          .map((p) => (p.kind === 'outsider' ? t('review.outsiderName', { name: p.name }) : p.name))
                          .join('、'),
                      })}
                    </Text>
                    {m.correctsMeetingId && (
                      <Text size="sm" c="orange">
                        {t('review.corrects', { id: m.correctsMeetingId })}
                      </Text>
                    )}
                    {m.correctedByMeetingIds.length > 0 && (
                      <Text size="sm" c="orange">
                        {t('review.correctedBy', { ids: m.correctedByMeetingIds.join('、') })}
                      </Text>
                    )}
                  </div>
                  <Group>
                    {canPrint && (
                      <Button
                        variant="default"
                        size="xs"
                        loading={agendaPdf.running}
                        onClick={async () => {
                          const f = await agendaPdf.run({ meetingId: m.id });
                          if (f) saveFile(f, 'application/pdf');
                        }}
                      >
                        {t('review.printAgenda')}
                      </Button>
                    )}
                    {canPrint && m.status === 'closed' && (
                      <Button
                        variant="default"
                        size="xs"
                        loading={minutesPdf.running}
                        onClick={async () => {
                          const f = await minutesPdf.run({ meetingId: m.id });
                          if (f) saveFile(f, 'application/pdf');
                        }}
                      >
                        {t('review.printMinutes')}
                      </Button>
                    )}
                    {m.status === 'closed' && (
                      <Button
                        variant="light"
                        size="xs"
                        onClick={() => {
                          create.clearError();
                          setForm(emptyForm());
                          setCreating({ correctsMeetingId: m.id });
                        }}
                      >
                        {t('review.correct')}
                      </Button>
                    )}
                  </Group>
                </Group>
                {m.status === 'closed' && (
                  <Alert mt="sm" color="gray">
                    {t('review.closedNote')}
                  </Alert>
                )}
                {m.status === 'cancelled' && (
                  <Alert mt="sm" color="red">
                    {t('review.cancelledNote', { reason: m.cancelReason })}
                  </Alert>
                )}
                {m.status === 'open' && (
                  <Group mt="sm" align="flex-end">
                    {cancelReason === null ? (
                      <Button variant="subtle" color="red" size="xs" onClick={() => setCancelReason('')}>
                        {t('review.cancelMeeting')}
                      </Button>
                    ) : (
                      <>
                        <TextInput
                          label={t('review.cancelReason')}
                          value={cancelReason}
                          onChange={(e) => setCancelReason(e.currentTarget.value)}
                          error={cancel.fieldError('reason')}
                          w={360}
                        />
                        <Button
                          color="red"
                          size="xs"
                          loading={cancel.running}
                          onClick={async () => {
                            if (await cancel.run({ meetingId: m.id, reason: cancelReason })) {
                              setCancelReason(null);
                              setItem(null);
                              await detail.reload();
                              await list.reload();
                            }
                          }}
                        >
                          {t('review.confirmCancel')}
                        </Button>
                      </>
                    )}
                  </Group>
                )}
              </Card>
              <ErrorAlert error={agendaPdf.error ?? minutesPdf.error ?? close.error ?? cancel.error} />
              <Grid>
                <Grid.Col span={5}>
                  <Card withBorder>
                    <Title order={5} mb="xs">
                      {t('review.agenda')}（{m.agenda.length}）
                    </Title>
                    {m.agenda.length === 0 && (
                      <Text c="dimmed" size="sm">
                        {t('review.emptyAgenda')}
                      </Text>
                    )}
                    <Table highlightOnHover data-testid="agenda-table">
                      <Table.Tbody>
                        {m.agenda.map((a) => (
                          <Table.Tr
                            key={a.caseId}
                            onClick={() => pickItem(a.caseId)}
                            style={{ cursor: 'pointer' }}
                            bg={a.caseId === item ? 'var(--mantine-color-blue-light)' : undefined}
                          >
                            <Table.Td>{a.studentName}</Table.Td>
                            <Table.Td>{a.className}</Table.Td>
                            <Table.Td>
                              <Badge variant="outline" size="sm">
                                {MEETING_ITEM_KIND_LABELS[a.kind]}
                              </Badge>
                            </Table.Td>
                            <Table.Td>
                              {a.decision ? (
                                <Badge
                                  color={a.decision.decision === 'approve' ? 'teal' : a.decision.decision === 'reject' ? 'red' : 'yellow'}
                                >
                                  {REVIEW_DECISION_LABELS[a.decision.decision]}
                                </Badge>
                              ) : (
                                <Text size="xs" c="dimmed">
                                  {t('review.undecided')}
                                </Text>
                              )}
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Card>
                </Grid.Col>
                <Grid.Col span={7}>
                  {!current && <Text c="dimmed">{t('review.pick')}</Text>}
                  {current && (
                    <Card
                      withBorder
                      component="form"
                      onSubmit={async (e: React.FormEvent) => {
                        e.preventDefault();
                        if (!d.decision) {
                          setMessage(t('review.pickDecision'));
                          return;
                        }
                        if (
                          await decide.run({
                            meetingId: m.id,
                            caseId: current.caseId,
                            ...d,
                            decision: d.decision,
                            careApproved: d.decision === 'approve' ? d.careApproved : [],
                          })
                        ) {
                          setMessage(t('review.saved'));
                          await detail.reload();
                        }
                      }}
                    >
                      <Stack gap="xs">
                        <Title order={5}>
                          {current.studentName} · {MEETING_ITEM_KIND_LABELS[current.kind]}
                        </Title>
                        {current.kind === 'admission' ? (
                          <>
                            <Text size="sm">
                              <b>{t('review.requested')}</b>
                              {current.careRequested.map((k) => CARE_KIND_LABELS[k]).join('、')}
                            </Text>
                            <Text size="sm">
                              <b>{t('review.factsLabel')}</b>
                              {current.facts}
                            </Text>
                            <Text size="sm">
                              <b>{t('review.reasonsLabel')}</b>
                              {current.reasons}
                            </Text>
                          </>
                        ) : (
                          <Text size="sm">
                            <b>{t('review.exitReasonLabel')}</b>
                            {current.exitReason}
                          </Text>
                        )}
                        <Radio.Group
                          label={t('review.decision')}
                          value={d.decision ?? ''}
                          onChange={(v) => setD({ ...d, decision: v as ReviewDecision })}
                        >
                          <Group mt={4}>
                            {decisionOptions.map((o) => (
                              <Radio key={o.value} value={o.value} label={o.label} disabled={m.status === 'closed'} />
                            ))}
                          </Group>
                        </Radio.Group>
                        <Textarea
                          label={t('review.necessity')}
                          required
                          value={d.necessity}
                          onChange={(e) => setD({ ...d, necessity: e.currentTarget.value })}
                          error={decide.fieldError('necessity')}
                          readOnly={m.status === 'closed'}
                        />
                        <Textarea
                          label={t('review.feasibility')}
                          required
                          value={d.feasibility}
                          onChange={(e) => setD({ ...d, feasibility: e.currentTarget.value })}
                          error={decide.fieldError('feasibility')}
                          readOnly={m.status === 'closed'}
                        />
                        {current.kind === 'admission' && d.decision === 'approve' && (
                          <MultiSelect
                            searchable
                            label={t('review.careApproved')}
                            data={careOptions}
                            value={d.careApproved}
                            onChange={(v) => setD({ ...d, careApproved: v as CareKind[] })}
                            error={decide.fieldError('careApproved')}
                            readOnly={m.status === 'closed'}
                          />
                        )}
                        <Group grow>
                          <NumberInput
                            label={t('review.votesFor')}
                            min={0}
                            value={d.votesFor}
                            onChange={(v) => setD({ ...d, votesFor: Number(v) || 0 })}
                            error={decide.fieldError('votesFor')}
                            readOnly={m.status === 'closed'}
                          />
                          <NumberInput
                            label={t('review.votesAgainst')}
                            min={0}
                            value={d.votesAgainst}
                            onChange={(v) => setD({ ...d, votesAgainst: Number(v) || 0 })}
                            readOnly={m.status === 'closed'}
                          />
                          <NumberInput
                            label={t('review.votesAbstain')}
                            min={0}
                            value={d.votesAbstain}
                            onChange={(v) => setD({ ...d, votesAbstain: Number(v) || 0 })}
                            readOnly={m.status === 'closed'}
                          />
                        </Group>
                        <TextInput
                          label={t('review.notes')}
                          value={d.notes}
                          onChange={(e) => setD({ ...d, notes: e.currentTarget.value })}
                          readOnly={m.status === 'closed'}
                        />
                        <ErrorAlert error={decide.error} />
                        {message && (
                          <Text c="teal" size="sm">
                            {message}
                          </Text>
                        )}
                        {m.status === 'open' && (
                          <Button type="submit" loading={decide.running}>
                            {t('review.save')}
                          </Button>
                        )}
                      </Stack>
                    </Card>
                  )}
                </Grid.Col>
              </Grid>
              <Card withBorder>
                <Textarea
                  label={t('review.minutes')}
                  autosize
                  minRows={3}
                  value={m.status === 'closed' ? m.minutes : minutes}
                  onChange={(e) => setMinutes(e.currentTarget.value)}
                  readOnly={m.status === 'closed'}
                  error={close.fieldError('minutes')}
                />
                {m.status === 'open' && (
                  <Button
                    mt="sm"
                    color="red"
                    loading={close.running}
                    onClick={async () => {
                      if (await close.run({ meetingId: m.id, minutes })) {
                        setMinutes('');
                        setItem(null);
                        await detail.reload();
                        await list.reload();
                      }
                    }}
                  >
                    {t('review.close')}
                  </Button>
                )}
              </Card>
            </Stack>
          )}
        </Grid.Col>
      </Grid>
      <Modal
        opened={creating !== null}
        onClose={() => setCreating(null)}
        title={creating?.correctsMeetingId ? t('review.corrects', { id: creating.correctsMeetingId }) : t('review.newMeeting')}
        size="lg"
      >
        <Stack>
          <Group grow>
            <DateField
              label={t('review.meetingDate')}
              value={form.meetingDate}
              onChange={(v) => setForm({ ...form, meetingDate: v })}
              error={create.fieldError('meetingDate')}
            />
            <TextInput
              label={t('review.place')}
              value={form.place}
              onChange={(e) => setForm({ ...form, place: e.currentTarget.value })}
              error={create.fieldError('place')}
            />
          </Group>
          <TagsInput
            label={t('review.staff')}
            value={form.staff}
            onChange={(v) => setForm({ ...form, staff: v })}
            error={create.fieldError('participants')}
          />
          <TagsInput label={t('review.outsiders')} value={form.outsiders} onChange={(v) => setForm({ ...form, outsiders: v })} />
          <ErrorAlert error={create.error} />
          <Button loading={create.running} onClick={() => void submitCreate()}>
            {t('review.create')}
          </Button>
        </Stack>
      </Modal>
    </Page>
  );
}
