/** I5: collective review of pending applications: decision, necessity, feasibility, approved care, the vote. */
import { Button, Card, Grid, MultiSelect, NumberInput, Radio, Group, Stack, Table, TagsInput, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { CARE_KIND_LABELS, type CareKind, type ReviewDecision } from '../../../../shared/domain/enums';
import { formatDateZh, todayIso } from '../../../../shared/domain/dates';
import { useAction, useQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { careOptions, decisionOptions } from '../../components/options';
import { Page } from '../../components/Page';
import { t } from '../../i18n';

export function ReviewPage() {
  const pending = useQuery('cases.list', { states: ['applied'] });
  const [selected, setSelected] = useState<number | null>(null);
  const [decision, setDecision] = useState<ReviewDecision>('approve');
  const [meetingDate, setMeetingDate] = useState(todayIso());
  const [participants, setParticipants] = useState<string[]>([]);
  const [necessity, setNecessity] = useState('');
  const [feasibility, setFeasibility] = useState('');
  const [careApproved, setCareApproved] = useState<CareKind[]>([]);
  const [votes, setVotes] = useState({ votesFor: 0, votesAgainst: 0, votesAbstain: 0 });
  const [message, setMessage] = useState('');
  const review = useAction('cases.review');
  const current = pending.data?.find((c) => c.id === selected) ?? null;

  const pick = (id: number) => {
    const c = pending.data?.find((x) => x.id === id);
    setSelected(id);
    setCareApproved(c?.careRequested ?? []);
    setMessage('');
    review.clearError();
  };
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!current) return;
    const out = await review.run({ caseId: current.id, decision, meetingDate, participants, necessity, feasibility, careApproved, ...votes });
    if (out) {
      setMessage(t('review.done'));
      setSelected(null);
      setNecessity('');
      setFeasibility('');
      await pending.reload();
    }
  };

  return (
    <Page title={t('review.title')} intro={t('review.intro')}>
      {message && <Text c="teal">{message}</Text>}
      <Grid>
        <Grid.Col span={5}>
          <Card withBorder>
            <Title order={4} mb="sm">{t('review.pending')}</Title>
            {pending.data?.length === 0 && <Text c="dimmed">{t('review.empty')}</Text>}
            <Table highlightOnHover>
              <Table.Tbody>
                {pending.data?.map((c) => (
                  <Table.Tr key={c.id} onClick={() => pick(c.id)} style={{ cursor: 'pointer' }} bg={c.id === selected ? 'var(--mantine-color-blue-light)' : undefined}>
                    <Table.Td>{c.studentName}</Table.Td>
                    <Table.Td>{c.className}</Table.Td>
                    <Table.Td>{formatDateZh(c.appliedAt)}</Table.Td>
                    <Table.Td>{c.careRequested.map((k) => CARE_KIND_LABELS[k]).join('、')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        </Grid.Col>
        <Grid.Col span={7}>
          {current && (
            <Card withBorder component="form" onSubmit={submit}>
              <Stack>
                <Title order={4}>{current.studentName} · {current.className}</Title>
                <Text size="sm"><b>事实：</b>{current.facts}</Text>
                <Text size="sm"><b>理由：</b>{current.reasons}</Text>
                <Radio.Group label={t('review.decision')} value={decision} onChange={(v) => setDecision(v as ReviewDecision)}>
                  <Group mt={4}>{decisionOptions.map((o) => <Radio key={o.value} value={o.value} label={o.label} />)}</Group>
                </Radio.Group>
                <Group grow>
                  <TextInput type="date" label={t('review.meetingDate')} value={meetingDate} onChange={(e) => setMeetingDate(e.currentTarget.value)} error={review.fieldError('meetingDate')} />
                </Group>
                <TagsInput label={t('review.participants')} value={participants} onChange={setParticipants} error={review.fieldError('participants')} />
                <Textarea label={t('review.necessity')} required value={necessity} onChange={(e) => setNecessity(e.currentTarget.value)} error={review.fieldError('necessity')} />
                <Textarea label={t('review.feasibility')} required value={feasibility} onChange={(e) => setFeasibility(e.currentTarget.value)} error={review.fieldError('feasibility')} />
                <MultiSelect searchable label={t('review.careApproved')} data={careOptions} value={careApproved} onChange={(v) => setCareApproved(v as CareKind[])} error={review.fieldError('careApproved')} />
                <Group grow>
                  <NumberInput label={t('review.votesFor')} min={0} value={votes.votesFor} onChange={(v) => setVotes({ ...votes, votesFor: Number(v) || 0 })} error={review.fieldError('votesFor')} />
                  <NumberInput label={t('review.votesAgainst')} min={0} value={votes.votesAgainst} onChange={(v) => setVotes({ ...votes, votesAgainst: Number(v) || 0 })} />
                  <NumberInput label={t('review.votesAbstain')} min={0} value={votes.votesAbstain} onChange={(v) => setVotes({ ...votes, votesAbstain: Number(v) || 0 })} />
                </Group>
                <ErrorAlert error={review.error} />
                <Button type="submit" loading={review.running}>{t('review.record')}</Button>
              </Stack>
            </Card>
          )}
        </Grid.Col>
      </Grid>
    </Page>
  );
}
