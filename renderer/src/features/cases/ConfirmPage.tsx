/** I6: the principal confirms the care the school will provide and who is responsible. */
import { Button, Card, Checkbox, Grid, Select, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { CARE_KIND_LABELS, CASE_SOURCE_LABELS, REVIEW_DECISION_LABELS, ROLE_LABELS } from '../../../../shared/domain/enums';
import { formatDateZh } from '../../../../shared/domain/dates';
import { compareClasses, compareNames } from '../../../../shared/domain/ordering';
import type { ApiError } from '../../api/client';
import { useAction, useQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { t } from '../../i18n';

export function ConfirmPage() {
  const pendingQuery = useQuery('cases.list', { states: ['reviewed'] });
  const pending = {
    ...pendingQuery,
    data: pendingQuery.data
      ? [...pendingQuery.data].sort((a, b) => compareClasses(a.className, b.className) || compareNames(a.studentName, b.studentName))
      : undefined,
  };
  const staff = useQuery('accounts.staff', {});
  const [selected, setSelected] = useState<number | null>(null);
  const [careContent, setCareContent] = useState('');
  const [responsible, setResponsible] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const confirm = useAction('cases.confirm');
  const confirmMany = useAction('cases.confirmMany');
  // Several ticked: one form confirms them all with the same care and responsible person.
  const [ticked, setTicked] = useState<number[]>([]);
  const current = pending.data?.find((c) => c.id === selected) ?? null;
  const batch = ticked.length > 1;
  const staffOptions = (staff.data ?? []).map((s) => ({ value: String(s.id), label: `${s.displayName}（${ROLE_LABELS[s.role]}）` }));
  /** The care and the responsible person: the same two fields for one case or several. */
  const fields = (action: { fieldError: (path: string) => string | undefined; error: ApiError | null }) => (
    <>
      <Textarea
        label={t('confirm.careContent')}
        required
        autosize
        minRows={2}
        value={careContent}
        onChange={(e) => setCareContent(e.currentTarget.value)}
        error={action.fieldError('careContent')}
      />
      <Select
        label={t('confirm.responsible')}
        required
        data={staffOptions}
        value={responsible}
        onChange={setResponsible}
        error={action.fieldError('responsibleAccountId')}
      />
      <ErrorAlert error={action.error} />
    </>
  );
  const tick = (id: number, on: boolean) => {
    setTicked((xs) => (on ? [...xs, id] : xs.filter((x) => x !== id)));
    setMessage('');
    confirmMany.clearError();
  };
  const submitMany = async (e: React.FormEvent) => {
    e.preventDefault();
    const out = await confirmMany.run({ caseIds: ticked, careContent, responsibleAccountId: Number(responsible ?? 0) });
    if (out) {
      setMessage(t('confirm.doneMany', { n: out.confirmed }));
      setTicked([]);
      setSelected(null);
      await pending.reload();
    }
  };

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
              {(pending.data?.length ?? 0) > 1 && (
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th colSpan={4}>
                      <Checkbox
                        label={t('confirm.tickAll', { n: pending.data?.length ?? 0 })}
                        checked={ticked.length === pending.data?.length}
                        indeterminate={ticked.length > 0 && ticked.length < (pending.data?.length ?? 0)}
                        onChange={(e) => {
                          setTicked(e.currentTarget.checked ? (pending.data ?? []).map((c) => c.id) : []);
                          setMessage('');
                          confirmMany.clearError();
                        }}
                      />
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
              )}
              <Table.Tbody>
                {pending.data?.map((c) => (
                  <Table.Tr
                    key={c.id}
                    onClick={() => pick(c.id)}
                    style={{ cursor: 'pointer' }}
                    bg={c.id === selected ? 'var(--mantine-color-blue-light)' : undefined}
                  >
                    <Table.Td onClick={(e) => e.stopPropagation()}>
                      <Checkbox
                        aria-label={t('confirm.tick', { name: c.studentName })}
                        checked={ticked.includes(c.id)}
                        onChange={(e) => tick(c.id, e.currentTarget.checked)}
                      />
                    </Table.Td>
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
          {batch && (
            <Card withBorder component="form" onSubmit={submitMany} data-testid="confirm-many">
              <Stack>
                <Title order={4}>{t('confirm.manyTitle', { n: ticked.length })}</Title>
                <Text size="sm">
                  {(pending.data ?? [])
                    .filter((c) => ticked.includes(c.id))
                    .map((c) => `${c.studentName}（${c.className}）`)
                    .join('、')}
                </Text>
                {fields(confirmMany)}
                <Button type="submit" loading={confirmMany.running}>
                  {t('confirm.submitMany', { n: ticked.length })}
                </Button>
              </Stack>
            </Card>
          )}
          {!batch && current && (
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
                {fields(confirm)}
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
