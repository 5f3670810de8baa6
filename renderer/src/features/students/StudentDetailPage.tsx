/** 一人一档: the student's data, categories, cases and timeline of key growth events; print and audited reveal. */
import { Alert, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Timeline, Title } from '@mantine/core';
import { useState } from 'react';
import {
  CARE_KIND_LABELS,
  CASE_SOURCE_LABELS,
  CATEGORY_LABELS,
  EVENT_KIND_LABELS,
  GENDER_LABELS,
  LEFT_BEHIND_LABELS,
  REVIEW_DECISION_LABELS,
  RISK_FACTOR_LABELS,
  STAGE_LABELS,
} from '../../../../shared/domain/enums';
import { formatDateTimeZh, formatDateZh } from '../../../../shared/domain/dates';
import { saveFile } from '../../api/client';
import { useAction, useQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { StateBadge } from '../../components/StateBadge';
import { t } from '../../i18n';
import { useNav } from '../../nav';
import { CaseAttachments } from './CaseAttachments';
import { CareServicesPanel } from '../care/CareServicesPanel';
import { EditStudentModal } from './EditStudentModal';
import { StudentHistory } from './StudentHistory';
import { TransferModal } from './TransferModal';
import { STUDENT_STATUS_LABELS } from '../../../../shared/domain/schoolYear';

function Field({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text>{value || '—'}</Text>
    </div>
  );
}

export function StudentDetailPage({
  id,
  canPrint,
  canReveal,
  canApply,
  canRecordCare,
  canEdit,
}: {
  id: number;
  canPrint: boolean;
  canReveal: boolean;
  canApply: boolean;
  canRecordCare: boolean;
  canEdit: boolean;
}) {
  const { go } = useNav();
  const detail = useQuery('students.get', { id });
  const print = useAction('students.printCaseFile');
  const reveal = useAction('students.reveal');
  const [revealed, setRevealed] = useState<Awaited<ReturnType<typeof reveal.run>>>(null);
  const [printed, setPrinted] = useState(false);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<string[] | null>(null);
  const [tick, setTick] = useState(0);
  const [transferring, setTransferring] = useState(false);
  const s = detail.data;
  if (!s)
    return (
      <Page title={t('common.loading')}>
        <ErrorAlert error={detail.error} />
      </Page>
    );

  return (
    <Page
      title={`${s.name} · ${s.className}`}
      intro={t('app.privacy')}
      actions={
        <Group>
          <Button variant="default" onClick={() => go({ name: 'students' })}>
            {t('detail.back')}
          </Button>
          {canEdit && s.status === 'active' && (
            <Button variant="light" onClick={() => setEditing(true)}>
              {t('editStudent.edit')}
            </Button>
          )}
          {canEdit && (
            <Button variant="light" color={s.status === 'active' ? 'orange' : undefined} onClick={() => setTransferring(true)}>
              {s.status === 'active' ? t('transfer.out') : t('transfer.in')}
            </Button>
          )}
          {canApply && s.status === 'active' && (
            <Button variant="light" onClick={() => go({ name: 'apply', studentId: s.id })}>
              {t('detail.apply')}
            </Button>
          )}
          {canPrint && (
            <Button
              loading={print.running}
              onClick={async () => {
                const out = await print.run({ studentId: s.id });
                if (out) {
                  saveFile(out, 'application/pdf');
                  setPrinted(true);
                }
              }}
            >
              {t('common.print')}
            </Button>
          )}
        </Group>
      }
    >
      <ErrorAlert error={print.error ?? reveal.error} />
      {saved && (
        <Text c="teal" size="sm" data-testid="edit-saved">
          {saved.length ? t('editStudent.saved', { fields: saved.join('、') }) : t('editStudent.none')}
        </Text>
      )}
      {s.status !== 'active' && (
        <Alert color="gray" data-testid="student-left">
          {t('transfer.left', { status: STUDENT_STATUS_LABELS[s.status], date: s.leftAt ? formatDateZh(s.leftAt) : '' })}
          {s.leftReason && ` · ${s.leftReason}`}
        </Alert>
      )}
      {canEdit && (
        <TransferModal
          studentId={s.id}
          direction={s.status === 'active' ? 'out' : 'in'}
          opened={transferring}
          onClose={() => setTransferring(false)}
          onDone={() => {
            setTick((n) => n + 1);
            void detail.reload();
          }}
        />
      )}
      {canEdit && (
        <EditStudentModal
          student={s}
          opened={editing}
          onClose={() => setEditing(false)}
          onSaved={(changed) => {
            setSaved(changed);
            setRevealed(null);
            setTick((n) => n + 1);
            void detail.reload();
          }}
        />
      )}
      {printed && (
        <Text c="teal" size="sm">
          {t('detail.printed')}
        </Text>
      )}
      <Card withBorder>
        <Group justify="space-between" mb="sm">
          <Title order={4}>{t('detail.basic')}</Title>
          {canReveal && !revealed && (
            <Button size="xs" variant="subtle" color="orange" onClick={async () => setRevealed(await reveal.run({ id: s.id }))}>
              {t('detail.reveal')}（{t('detail.revealNote')}）
            </Button>
          )}
        </Group>
        <SimpleGrid cols={4}>
          <Field label={t('studentForm.name')} value={s.name} />
          <Field label={t('students.gender')} value={GENDER_LABELS[s.gender]} />
          <Field label={t('detail.birth')} value={formatDateZh(s.birthDate)} />
          <Field label={t('studentForm.ethnicity')} value={s.ethnicity} />
          <Field label={t('students.idNumber')} value={revealed?.idNumber ?? s.idNumberMasked} />
          <Field label={t('detail.studentNo')} value={revealed?.studentNo ?? s.studentNoMasked} />
          <Field label={t('students.stageGrade')} value={`${STAGE_LABELS[s.stage]} / ${s.grade}`} />
          <Field label={t('detail.boarding')} value={s.boarding ? t('common.yes') : t('common.no')} />
          <Field label={t('detail.leftBehind')} value={LEFT_BEHIND_LABELS[s.leftBehind]} />
          <Field label={t('detail.disability')} value={s.disabilityType} />
          <Field label={t('detail.household')} value={revealed?.householdAddress ?? s.householdAddressMasked} />
          <Field label={t('studentForm.currentAddress')} value={revealed?.currentAddress ?? s.currentAddressMasked} />
        </SimpleGrid>
        <Group mt="md" gap={6}>
          <Text size="sm" c="dimmed">
            {t('detail.categories')}：
          </Text>
          {s.categories.map((c) => (
            <Badge key={c}>{CATEGORY_LABELS[c]}</Badge>
          ))}
          <Text size="sm" c="dimmed" ml="md">
            {t('detail.risks')}：
          </Text>
          {s.riskFactors.map((r) => (
            <Badge key={r} color="orange">
              {RISK_FACTOR_LABELS[r]}
            </Badge>
          ))}
        </Group>
      </Card>
      <Card withBorder>
        <Title order={4} mb="sm">
          {t('detail.guardians')}
        </Title>
        <Table>
          <Table.Tbody>
            {s.guardians.map((g, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: guardians are listed in their stored order and have no id on screen
              <Table.Tr key={i}>
                <Table.Td>{g.name}</Table.Td>
                <Table.Td>{g.relation}</Table.Td>
                <Table.Td ff="monospace">{revealed?.guardians[i]?.phone ?? g.phoneMasked}</Table.Td>
                <Table.Td>{revealed?.guardians[i]?.address ?? g.addressMasked}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
      <SimpleGrid cols={2}>
        <Card withBorder>
          <Title order={4} mb="sm">
            {t('detail.cases')}
          </Title>
          {s.cases.length === 0 && <Text c="dimmed">{t('detail.noCases')}</Text>}
          <Stack>
            {s.cases.map((c) => (
              <Card key={c.id} withBorder padding="sm">
                <Group gap="xs">
                  <StateBadge state={c.state} />
                  <Text size="sm">
                    {CASE_SOURCE_LABELS[c.source]} · {formatDateZh(c.appliedAt)}
                  </Text>
                </Group>
                <Text size="sm" mt={4}>
                  {t('detail.requested', { kinds: c.careRequested.map((k) => CARE_KIND_LABELS[k]).join('、') })}
                </Text>
                {c.review && (
                  <Text size="sm">
                    {t('detail.reviewed', {
                      decision: REVIEW_DECISION_LABELS[c.review.decision],
                      date: formatDateZh(c.review.meetingDate),
                    })}
                  </Text>
                )}
                {c.careContent && <Text size="sm">{t('detail.careLine', { content: c.careContent, responsible: c.responsibleName })}</Text>}
                {c.filedPackage && <Text size="sm">{t('detail.filedLine', { label: c.filedPackage })}</Text>}
                {c.exitRequested && (
                  <Text size="sm" c="orange">
                    {t('detail.exitPending', { reason: c.exitRequested })}
                  </Text>
                )}
                {c.exitedAt && <Text size="sm">{t('detail.exited', { date: formatDateZh(c.exitedAt), reason: c.exitReason })}</Text>}
                <CaseAttachments caseId={c.id} canAdd={canApply && !['exited', 'rejected'].includes(c.state)} />
              </Card>
            ))}
          </Stack>
        </Card>
        <Card withBorder>
          <Title order={4} mb="sm">
            {t('detail.timeline')}
          </Title>
          <Timeline bulletSize={14} lineWidth={2} active={s.timeline.length}>
            {s.timeline.map((e) => (
              <Timeline.Item key={e.id} title={`${EVENT_KIND_LABELS[e.kind]} · ${e.title}`}>
                {e.detail && (
                  <Text size="sm" c="dimmed">
                    {e.detail}
                  </Text>
                )}
                <Text size="xs" c="dimmed">
                  {formatDateTimeZh(e.at)} · {e.actorName}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        </Card>
      </SimpleGrid>
      <CareServicesPanel studentId={s.id} canEdit={canRecordCare && s.status === 'active'} />
      <StudentHistory studentId={s.id} tick={tick} />
    </Page>
  );
}
