/** I4: an application by the student, a guardian or a teacher, naming the care requested, facts and reasons. */
import { Button, Card, Group, MultiSelect, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { ApplicantType, CareKind, Category, RiskFactor } from '../../../../shared/domain/enums';
import { useAction } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applicantOptions, careOptions, categoryOptions, riskOptions } from '../../components/options';
import { Page } from '../../components/Page';
import { t } from '../../i18n';
import { useNav } from '../../nav';
import { StudentPicker } from './StudentPicker';
import { CaseAttachments } from '../students/CaseAttachments';

export function ApplyPage({ studentId: initial }: { studentId?: number }) {
  const { go } = useNav();
  const [studentId, setStudentId] = useState<number | null>(initial ?? null);
  const [applicantType, setApplicantType] = useState<ApplicantType>('teacher');
  const [applicantName, setApplicantName] = useState('');
  const [careRequested, setCare] = useState<CareKind[]>([]);
  const [facts, setFacts] = useState('');
  const [reasons, setReasons] = useState('');
  const [categories, setCategories] = useState<Category[]>([]);
  const [riskFactors, setRisks] = useState<RiskFactor[]>([]);
  const apply = useAction('cases.apply');
  const [done, setDone] = useState<{ studentId: number; caseId: number } | null>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const out = await apply.run({
      studentId: studentId ?? 0,
      applicantType,
      applicantName,
      careRequested,
      facts,
      reasons,
      categories,
      riskFactors,
    });
    if (out && studentId) setDone({ studentId, caseId: out.id });
  };
  if (done !== null) {
    return (
      <Page title={t('apply.title')}>
        <Text c="teal">{t('apply.submitted')}</Text>
        {/* The evidence goes with the application (证明材料), before the collective review reads it. */}
        <Card withBorder maw={900}>
          <Text fw={600} mb="xs">
            {t('apply.attachments')}
          </Text>
          <CaseAttachments caseId={done.caseId} canAdd />
        </Card>
        <Group>
          <Button onClick={() => go({ name: 'review' })}>{t('nav.review')}</Button>
          <Button variant="default" onClick={() => go({ name: 'student', id: done.studentId })}>
            {t('apply.openStudent')}
          </Button>
          <Button variant="default" onClick={() => go({ name: 'apply' })}>
            {t('apply.another')}
          </Button>
        </Group>
      </Page>
    );
  }
  return (
    <Page title={t('apply.title')} intro={t('apply.intro')}>
      <Card withBorder component="form" onSubmit={submit} maw={900}>
        <Stack>
          <StudentPicker
            label={t('apply.student')}
            placeholder={t('apply.studentPlaceholder')}
            value={studentId}
            onChange={setStudentId}
            error={apply.fieldError('studentId')}
          />
          <SimpleGrid cols={2}>
            <Select
              label={t('apply.applicantType')}
              data={applicantOptions}
              value={applicantType}
              onChange={(v) => setApplicantType((v ?? 'teacher') as ApplicantType)}
              allowDeselect={false}
            />
            <TextInput
              label={t('apply.applicantName')}
              required
              value={applicantName}
              onChange={(e) => setApplicantName(e.currentTarget.value)}
              error={apply.fieldError('applicantName')}
            />
          </SimpleGrid>
          <MultiSelect
            searchable
            label={t('apply.careRequested')}
            data={careOptions}
            value={careRequested}
            onChange={(v) => setCare(v as CareKind[])}
            error={apply.fieldError('careRequested')}
          />
          <Textarea
            label={t('apply.facts')}
            required
            autosize
            minRows={3}
            value={facts}
            onChange={(e) => setFacts(e.currentTarget.value)}
            error={apply.fieldError('facts')}
          />
          <Textarea
            label={t('apply.reasons')}
            required
            autosize
            minRows={2}
            value={reasons}
            onChange={(e) => setReasons(e.currentTarget.value)}
            error={apply.fieldError('reasons')}
          />
          <SimpleGrid cols={2}>
            <MultiSelect
              searchable
              label={t('studentForm.categories')}
              data={categoryOptions}
              value={categories}
              onChange={(v) => setCategories(v as Category[])}
            />
            <MultiSelect
              searchable
              label={t('studentForm.riskFactors')}
              data={riskOptions}
              value={riskFactors}
              onChange={(v) => setRisks(v as RiskFactor[])}
            />
          </SimpleGrid>
          <ErrorAlert error={apply.error} />
          <Button type="submit" loading={apply.running} w={200}>
            {t('common.submit')}
          </Button>
        </Stack>
      </Card>
    </Page>
  );
}
