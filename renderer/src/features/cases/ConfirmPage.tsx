/** I6: the principal confirms the care the school will provide and who is responsible. */
import { Button, Card, Grid, Select, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { CARE_KIND_LABELS, CASE_SOURCE_LABELS, REVIEW_DECISION_LABELS, ROLE_LABELS } from '../../../../shared/domain/enums';
import { formatDateZh } from '../../../../shared/domain/dates';
import { useAction, useQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { t } from '../../i18n';

export function ConfirmPage() {
  const pending = useQuery('cases.list', { states: ['reviewed'] });
  const staff = useQuery('accounts.staff', {});
  const [selected, setSelected] = useState<number | null>(null);
  const [careContent, setCareContent] = useState('');
  const [responsible, setResponsible] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const confirm = useAction('cases.confirm');
  const current = pending.data?.find((c) => c.id === selected) ?? null;

  const pick = (id: number) => {
    const c = pending.data?.find((x) => x.id === id);
    setSelected(id);
    setCareContent((c?.review?.careApproved ?? c?.careRequested ?? []).map((k) => CARE_KIND_LABELS[k]).join('；'));
    setMessage('');
    confirm.clearError();
  };
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!current) return;
    const out = await confirm.run({ caseId: current.id, careContent, responsibleAccountId: Number(responsible ?? 0) });
    if (out) {
      setMessage(t('confirm.done'));
      setSelected(null);
      await pending.reload();
    }
  };
  return (
    <Page title={t('confirm.title')} intro={t('confirm.intro')}>
      {message && <Text c="teal">{message}</Text>}
      <Grid>
        <Grid.Col span={5}>
          <Card withBorder>
            <Title order={4} mb="sm">
              {t('confirm.pending')}
            </Title>
            {pending.data?.length === 0 && <Text c="dimmed">{t('confirm.empty')}</Text>}
            <Table highlightOnHover>
              <Table.Tbody>
                {pending.data?.map((c) => (
                  <Table.Tr
                    key={c.id}
                    onClick={() => pick(c.id)}
                    style={{ cursor: 'pointer' }}
                    bg={c.id === selected ? 'var(--mantine-color-blue-light)' : undefined}
                  >
                    <Table.Td>{c.studentName}</Table.Td>
                    <Table.Td>{c.className}</Table.Td>
                    <Table.Td>
                      {c.review
                        ? `${REVIEW_DECISION_LABELS[c.review.decision]} ${formatDateZh(c.review.meetingDate)}`
                        : CASE_SOURCE_LABELS[c.source]}
                    </Table.Td>
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
                <Title order={4}>
                  {current.studentName} · {current.className}
                </Title>
                {current.review ? (
                  <>
                    <Text size="sm">
                      {t('confirm.reviewLine', {
                        names: current.review.participants.join('、'),
                        votesFor: current.review.votesFor,
                        votesAgainst: current.review.votesAgainst,
                        votesAbstain: current.review.votesAbstain,
                      })}
                    </Text>
                    <Text size="sm">
                      {t('confirm.opinions', { necessity: current.review.necessity, feasibility: current.review.feasibility })}
                    </Text>
                  </>
                ) : (
                  <Text size="sm">
                    {t('confirm.systemPush')}
                    {current.facts ? `（${current.facts}）` : ''}
                  </Text>
                )}
                <Textarea
                  label={t('confirm.careContent')}
                  required
                  autosize
                  minRows={2}
                  value={careContent}
                  onChange={(e) => setCareContent(e.currentTarget.value)}
                  error={confirm.fieldError('careContent')}
                />
                <Select
                  label={t('confirm.responsible')}
                  required
                  data={(staff.data ?? []).map((s) => ({ value: String(s.id), label: `${s.displayName}（${ROLE_LABELS[s.role]}）` }))}
                  value={responsible}
                  onChange={setResponsible}
                  error={confirm.fieldError('responsibleAccountId')}
                />
                <ErrorAlert error={confirm.error} />
                <Button type="submit" loading={confirm.running}>
                  {t('confirm.submit')}
                </Button>
              </Stack>
            </Card>
          )}
        </Grid.Col>
      </Grid>
    </Page>
  );
}
