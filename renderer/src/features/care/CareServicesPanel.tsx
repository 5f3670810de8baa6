/**
 * The "关爱服务" part of a student's file: tutoring plans and sessions (A1), special-education placement and
 * home-delivery visits (A2), home–school contacts (A3) and talks (P5).
 */
import {
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import {
  CONTACT_CHANNEL_LABELS,
  CONTACT_KIND_LABELS,
  DISABILITY_TYPES,
  PLACEMENT_LABELS,
  SUBJECTS,
  type ContactChannel,
  type Placement,
} from '../../../../shared/domain/care';
import { semesterLabel, semesterOf } from '../../../../shared/domain/calendar';
import { formatDateZh } from '../../../../shared/domain/dates';
import { useAction, useQuery } from '../../api/hooks';
import { useContractForm } from '../../api/useContractForm';
import { FormFooter } from '../../components/FormFooter';
import { ErrorAlert } from '../../components/ErrorAlert';
import { toOptions } from '../../components/options';
import { t } from '../../i18n';
import { semesterOptions, today, useStaffOptions } from './shared';
import { DateField } from '../../components/DateField';

type Subject = (typeof SUBJECTS)[number];
type Disability = (typeof DISABILITY_TYPES)[number];

export function CareServicesPanel({ studentId, canEdit }: { studentId: number; canEdit: boolean }) {
  const data = useQuery('careRecords.ofStudent', { studentId });
  const staff = useStaffOptions();
  const [planOpen, setPlanOpen] = useState(false);
  const plan = useContractForm(
    'careRecords.saveTutoringPlan',
    { semester: semesterOf(today()), subjects: [] as Subject[], tutorAccountId: null as string | null, schedule: '', goals: '' },
    (v) => ({ ...v, studentId, tutorAccountId: Number(v.tutorAccountId) }),
  );
  const addSession = useAction('careRecords.addTutoringSession');
  const setOutcome = useAction('careRecords.setTutoringOutcome');
  const saveSpecial = useAction('careRecords.saveSpecialEd');
  const addVisit = useAction('careRecords.addHomeVisit');
  const addContact = useAction('careRecords.addHomeContact');
  const [session, setSession] = useState<{ planId: number; date: string; minutes: number; attended: boolean; notes: string } | null>(null);
  const [outcome, setOutcomeForm] = useState<{ planId: number; outcome: string } | null>(null);
  const [special, setSpecial] = useState<{ placement: Placement; disabilityType: Disability; note: string } | null>(null);
  const [visit, setVisit] = useState<{ date: string; teacherAccountId: string | null; content: string; minutes: number } | null>(null);
  const [contact, setContact] = useState<{
    date: string;
    channel: ContactChannel;
    guardian: string;
    content: string;
    followUp: string;
  } | null>(null);
  const d = data.data;
  const done = async (ok: unknown, close: () => void) => {
    if (ok) {
      close();
      await data.reload();
    }
  };
  const error = addSession.error ?? setOutcome.error ?? saveSpecial.error ?? addVisit.error ?? addContact.error;

  return (
    <Card withBorder>
      <Title order={4} mb="sm">
        {t('services.title')}
      </Title>
      <ErrorAlert error={data.error} />
      {d && (
        <Tabs defaultValue="tutoring">
          <Tabs.List>
            <Tabs.Tab value="tutoring">
              {t('services.tutoring')}（{d.tutoringPlans.length}）
            </Tabs.Tab>
            <Tabs.Tab value="special">{t('services.special')}</Tabs.Tab>
            <Tabs.Tab value="home">
              {t('services.homeContacts')}（{d.homeContacts.length}）
            </Tabs.Tab>
            <Tabs.Tab value="talks">
              {t('services.talks')}（{d.talks.length}）
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="tutoring" pt="sm">
            <Stack>
              {canEdit && (
                <Group>
                  <Button
                    size="xs"
                    onClick={() => {
                      plan.reset({ semester: semesterOf(today()) });
                      setPlanOpen(true);
                    }}
                  >
                    {t('services.addPlan')}
                  </Button>
                </Group>
              )}
              {d.tutoringPlans.length === 0 && <Text c="dimmed">{t('common.none')}</Text>}
              {d.tutoringPlans.map((p) => (
                <Card key={p.id} withBorder padding="sm">
                  <Group justify="space-between">
                    <Group gap="xs">
                      <Badge variant="light">{semesterLabel(p.semester)}</Badge>
                      <Text fw={600}>{p.subjects.join('、')}</Text>
                      <Text c="dimmed">
                        {t('services.tutor')}：{p.tutorName} · {p.schedule}
                      </Text>
                    </Group>
                    {canEdit && (
                      <Group gap={4}>
                        <Button
                          size="xs"
                          variant="subtle"
                          onClick={() => setSession({ planId: p.id, date: today(), minutes: 45, attended: true, notes: '' })}
                        >
                          {t('services.addSession')}
                        </Button>
                        <Button size="xs" variant="subtle" onClick={() => setOutcomeForm({ planId: p.id, outcome: p.outcome })}>
                          {t('services.outcome')}
                        </Button>
                      </Group>
                    )}
                  </Group>
                  <Text size="sm">
                    {t('services.goals')}：{p.goals}
                  </Text>
                  {p.outcome && (
                    <Text size="sm" c="teal">
                      {t('services.outcome')}：{p.outcome}
                    </Text>
                  )}
                  <Text size="sm" c="dimmed">
                    {t('services.sessions', {
                      n: p.sessions.length,
                      attended: p.sessions.filter((s) => s.attended).length,
                      minutes: p.sessions.reduce((a, s) => a + (s.attended ? s.minutes : 0), 0),
                    })}
                  </Text>
                  {p.sessions.slice(0, 5).map((s) => (
                    <Text key={s.id} size="xs" c="dimmed">
                      {t('services.sessionLine', {
                        date: formatDateZh(s.date),
                        minutes: s.minutes,
                        attended: s.attended ? t('services.present') : t('services.absent'),
                      })}
                      {s.notes ? ` · ${s.notes}` : ''}
                    </Text>
                  ))}
                </Card>
              ))}
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="special" pt="sm">
            <Stack>
              <Group>
                <Text>
                  {t('services.placement')}：
                  {d.specialEd ? `${PLACEMENT_LABELS[d.specialEd.placement]} · ${d.specialEd.disabilityType}` : t('services.noPlacement')}
                </Text>
                {canEdit && (
                  <Button
                    size="xs"
                    variant="light"
                    onClick={() =>
                      setSpecial({
                        placement: d.specialEd?.placement ?? 'regularClass',
                        disabilityType: (d.specialEd?.disabilityType as Disability) ?? DISABILITY_TYPES[3],
                        note: d.specialEd?.note ?? '',
                      })
                    }
                  >
                    {t('services.setPlacement')}
                  </Button>
                )}
              </Group>
              {d.specialEd?.placement === 'homeDelivery' && (
                <>
                  <Group>
                    <Text fw={600}>{t('services.visits')}</Text>
                    {Object.entries(d.visitsPerSemester).map(([s, n]) => (
                      <Badge key={s} variant="outline">
                        {t('services.perSemester', { semester: semesterLabel(s), n })}
                      </Badge>
                    ))}
                    {canEdit && (
                      <Button size="xs" onClick={() => setVisit({ date: today(), teacherAccountId: null, content: '', minutes: 90 })}>
                        {t('services.addVisit')}
                      </Button>
                    )}
                  </Group>
                  <Table withTableBorder>
                    <Table.Tbody>
                      {d.homeVisits.map((v) => (
                        <Table.Tr key={v.id}>
                          <Table.Td>{formatDateZh(v.date)}</Table.Td>
                          <Table.Td>{v.teacher}</Table.Td>
                          <Table.Td>{v.content}</Table.Td>
                          <Table.Td>{t('services.minutesN', { n: v.minutes })}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </>
              )}
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="home" pt="sm">
            <Stack>
              {canEdit && (
                <Group>
                  <Button
                    size="xs"
                    onClick={() => setContact({ date: today(), channel: 'phone', guardian: '', content: '', followUp: '' })}
                  >
                    {t('services.addContact')}
                  </Button>
                </Group>
              )}
              <Table withTableBorder>
                <Table.Tbody>
                  {d.homeContacts.map((h) => (
                    <Table.Tr key={h.id}>
                      <Table.Td>{formatDateZh(h.date)}</Table.Td>
                      <Table.Td>{CONTACT_CHANNEL_LABELS[h.channel]}</Table.Td>
                      <Table.Td>{h.guardian}</Table.Td>
                      <Table.Td>{h.content}</Table.Td>
                      <Table.Td>{h.followUp}</Table.Td>
                      <Table.Td>{h.by}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              {d.homeContacts.length === 0 && <Text c="dimmed">{t('common.none')}</Text>}
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="talks" pt="sm">
            <Table withTableBorder>
              <Table.Tbody>
                {d.talks.map((x) => (
                  <Table.Tr key={x.id}>
                    <Table.Td>{formatDateZh(x.date)}</Table.Td>
                    <Table.Td>{CONTACT_KIND_LABELS[x.kind]}</Table.Td>
                    <Table.Td>{x.note}</Table.Td>
                    <Table.Td>{x.by}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {d.talks.length === 0 && <Text c="dimmed">{t('services.noTalks')}</Text>}
          </Tabs.Panel>
        </Tabs>
      )}

      <Modal opened={planOpen} onClose={() => setPlanOpen(false)} title={t('services.addPlan')}>
        <Stack ref={plan.container}>
          <Select label={t('care.semester')} data={semesterOptions()} allowDeselect={false} {...plan.field('semester')} />
          <MultiSelect label={t('services.subjects')} withAsterisk data={[...SUBJECTS]} {...plan.field('subjects')} />
          <Select label={t('services.tutor')} withAsterisk data={staff} {...plan.field('tutorAccountId')} />
          <TextInput
            label={t('services.schedule')}
            withAsterisk
            placeholder={t('services.schedulePlaceholder')}
            {...plan.field('schedule')}
          />
          <Textarea label={t('services.goals')} withAsterisk {...plan.field('goals')} />
          <FormFooter form={plan} onSaved={(out) => done(out, () => setPlanOpen(false))} />
        </Stack>
      </Modal>
      <Modal opened={session !== null} onClose={() => setSession(null)} title={t('services.addSession')}>
        {session && (
          <Stack>
            <DateField label={t('care.date')} value={session.date} onChange={(v) => setSession({ ...session, date: v })} />
            <NumberInput
              label={t('care.minutes')}
              value={session.minutes}
              min={1}
              max={600}
              onChange={(v) => setSession({ ...session, minutes: Number(v) || 45 })}
            />
            <Checkbox
              label={t('services.attended')}
              checked={session.attended}
              onChange={(e) => setSession({ ...session, attended: e.currentTarget.checked })}
            />
            <Textarea
              label={t('care.note')}
              value={session.notes}
              onChange={(e) => setSession({ ...session, notes: e.currentTarget.value })}
            />
            <ErrorAlert error={error} />
            <Group justify="flex-end">
              <Button loading={addSession.running} onClick={async () => done(await addSession.run(session), () => setSession(null))}>
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
      <Modal opened={outcome !== null} onClose={() => setOutcomeForm(null)} title={t('services.outcome')}>
        {outcome && (
          <Stack>
            <Textarea
              label={t('services.outcome')}
              value={outcome.outcome}
              onChange={(e) => setOutcomeForm({ ...outcome, outcome: e.currentTarget.value })}
              minRows={3}
              autosize
            />
            <ErrorAlert error={error} />
            <Group justify="flex-end">
              <Button loading={setOutcome.running} onClick={async () => done(await setOutcome.run(outcome), () => setOutcomeForm(null))}>
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
      <Modal opened={special !== null} onClose={() => setSpecial(null)} title={t('services.setPlacement')}>
        {special && (
          <Stack>
            <Select
              label={t('services.placement')}
              data={toOptions(PLACEMENT_LABELS)}
              value={special.placement}
              onChange={(v) => v && setSpecial({ ...special, placement: v as Placement })}
              allowDeselect={false}
            />
            <Select
              label={t('studentForm.disabilityType')}
              data={[...DISABILITY_TYPES]}
              value={special.disabilityType}
              onChange={(v) => v && setSpecial({ ...special, disabilityType: v as Disability })}
              allowDeselect={false}
            />
            <Textarea
              label={t('care.note')}
              value={special.note}
              onChange={(e) => setSpecial({ ...special, note: e.currentTarget.value })}
            />
            <ErrorAlert error={error} />
            <Group justify="flex-end">
              <Button
                loading={saveSpecial.running}
                onClick={async () => done(await saveSpecial.run({ studentId, ...special }), () => setSpecial(null))}
              >
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
      <Modal opened={visit !== null} onClose={() => setVisit(null)} title={t('services.addVisit')}>
        {visit && (
          <Stack>
            <DateField label={t('care.date')} value={visit.date} onChange={(v) => setVisit({ ...visit, date: v })} />
            <Select
              label={t('services.visitTeacher')}
              data={staff}
              value={visit.teacherAccountId}
              onChange={(v) => setVisit({ ...visit, teacherAccountId: v })}
            />
            <Textarea
              label={t('care.content')}
              value={visit.content}
              onChange={(e) => setVisit({ ...visit, content: e.currentTarget.value })}
            />
            <NumberInput
              label={t('care.minutes')}
              value={visit.minutes}
              min={1}
              max={600}
              onChange={(v) => setVisit({ ...visit, minutes: Number(v) || 90 })}
            />
            <ErrorAlert error={error} />
            <Group justify="flex-end">
              <Button
                loading={addVisit.running}
                onClick={async () =>
                  visit.teacherAccountId &&
                  done(
                    await addVisit.run({
                      studentId,
                      date: visit.date,
                      teacherAccountId: Number(visit.teacherAccountId),
                      content: visit.content,
                      minutes: visit.minutes,
                    }),
                    () => setVisit(null),
                  )
                }
              >
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
      <Modal opened={contact !== null} onClose={() => setContact(null)} title={t('services.addContact')}>
        {contact && (
          <Stack>
            <Group grow>
              <DateField label={t('care.date')} value={contact.date} onChange={(v) => setContact({ ...contact, date: v })} />
              <Select
                label={t('services.channel')}
                data={toOptions(CONTACT_CHANNEL_LABELS)}
                value={contact.channel}
                onChange={(v) => v && setContact({ ...contact, channel: v as ContactChannel })}
                allowDeselect={false}
              />
            </Group>
            <TextInput
              label={t('services.guardian')}
              value={contact.guardian}
              onChange={(e) => setContact({ ...contact, guardian: e.currentTarget.value })}
              error={addContact.fieldError('guardian')}
            />
            <Textarea
              label={t('care.content')}
              value={contact.content}
              onChange={(e) => setContact({ ...contact, content: e.currentTarget.value })}
              error={addContact.fieldError('content')}
            />
            <Textarea
              label={t('services.followUp')}
              value={contact.followUp}
              onChange={(e) => setContact({ ...contact, followUp: e.currentTarget.value })}
            />
            <ErrorAlert error={error} />
            <Group justify="flex-end">
              <Button
                loading={addContact.running}
                onClick={async () => done(await addContact.run({ studentId, ...contact }), () => setContact(null))}
              >
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Card>
  );
}
