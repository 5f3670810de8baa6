/**
 * Editing a student's file (issue 12): the form opens with the full values (an audited reveal — only the roles that
 * may edit may reveal), sends only what changed, and asks for a reason when who the child is changes. Every change
 * is kept in the file's history by the service.
 */
import { Alert, Button, Checkbox, Group, Modal, MultiSelect, Select, SimpleGrid, Stack, TextInput, Textarea, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Category, LeftBehind, RiskFactor, Stage } from '../../../../shared/domain/enums';
import type { StudentDetail } from '../../../../shared/contract/schemas';
import { call } from '../../api/client';
import { useAction } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { categoryOptions, leftBehindOptions, riskOptions, stageOptions } from '../../components/options';
import { t } from '../../i18n';
import { DateField } from '../../components/DateField';

interface Guardian {
  name: string;
  relation: string;
  phone: string;
  address: string;
  isGuardian: boolean;
}

interface Form {
  name: string;
  idNumber: string;
  studentNo: string;
  ethnicity: string;
  stage: Stage;
  grade: string;
  className: string;
  boarding: boolean;
  leftBehind: LeftBehind;
  householdAddress: string;
  currentAddress: string;
  disabilityType: string;
  categories: Category[];
  riskFactors: RiskFactor[];
  guardians: Guardian[];
}

const IDENTITY: ReadonlyArray<keyof Form> = ['name', 'idNumber', 'studentNo'];
const NEW_GUARDIAN: Guardian = { name: '', relation: '', phone: '', address: '', isGuardian: true };

function sameValue(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? [...v].sort() : v);
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

export function EditStudentModal({
  student,
  opened,
  onClose,
  onSaved,
}: {
  student: StudentDetail;
  opened: boolean;
  onClose: () => void;
  onSaved: (changed: string[]) => void;
}) {
  const [initial, setInitial] = useState<Form | null>(null);
  const [f, setF] = useState<Form | null>(null);
  const [reason, setReason] = useState('');
  const [since, setSince] = useState('');
  const [confirmId, setConfirmId] = useState('');
  const [notDuplicate, setNotDuplicate] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const update = useAction('students.update');

  useEffect(() => {
    if (!opened) return;
    let live = true;
    call('students.reveal', { id: student.id }).then(
      (full) => {
        if (!live) return;
        const form: Form = {
          name: student.name,
          idNumber: full.idNumber,
          studentNo: full.studentNo,
          ethnicity: student.ethnicity,
          stage: student.stage,
          grade: student.grade,
          className: student.className,
          boarding: student.boarding,
          leftBehind: student.leftBehind,
          householdAddress: full.householdAddress,
          currentAddress: full.currentAddress,
          disabilityType: student.disabilityType,
          categories: student.categories,
          riskFactors: student.riskFactors,
          guardians: student.guardians.map((g, i) => ({
            name: g.name,
            relation: g.relation,
            phone: full.guardians[i]?.phone ?? '',
            address: full.guardians[i]?.address ?? '',
            isGuardian: g.isGuardian,
          })),
        };
        setInitial(form);
        setF(form);
      },
      (e: Error) => live && setLoadError(e.message),
    );
    return () => {
      live = false;
    };
  }, [opened, student]);

  if (!opened) return null;
  const close = () => {
    setReason('');
    setSince('');
    setConfirmId('');
    setNotDuplicate(false);
    update.clearError();
    onClose();
  };
  const changedKeys = f && initial ? (Object.keys(f) as Array<keyof Form>).filter((k) => !sameValue(f[k], initial[k])) : [];
  const identityChanged = changedKeys.some((k) => IDENTITY.includes(k));
  const setsChanged = changedKeys.includes('categories') || changedKeys.includes('riskFactors');
  const set = <K extends keyof Form>(k: K, v: Form[K]) => f && setF({ ...f, [k]: v });
  const setGuardian = (i: number, g: Partial<Guardian>) =>
    f &&
    set(
      'guardians',
      f.guardians.map((x, j) => (j === i ? { ...x, ...g } : x)),
    );
  const err = update.fieldError;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!f) return;
    const changes = Object.fromEntries(changedKeys.map((k) => [k, f[k]]));
    const out = await update.run({
      id: student.id,
      set: changes,
      reason,
      since: since || undefined,
      confirmConvertedId: confirmId || undefined,
      notDuplicate,
    });
    if (out) {
      close();
      onSaved(out.changed);
    }
  };

  return (
    <Modal opened={opened} onClose={close} title={t('editStudent.title', { name: student.name })} size="xl">
      {loadError && <Alert color="red">{loadError}</Alert>}
      {f && (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Alert color="gray">{t('editStudent.intro')}</Alert>
            <SimpleGrid cols={3}>
              <TextInput
                label={t('studentForm.name')}
                required
                value={f.name}
                onChange={(e) => set('name', e.currentTarget.value)}
                error={err('name')}
              />
              <TextInput
                label={t('students.idNumber')}
                required
                value={f.idNumber}
                onChange={(e) => set('idNumber', e.currentTarget.value)}
                error={err('idNumber')}
              />
              <TextInput
                label={t('detail.studentNo')}
                value={f.studentNo}
                onChange={(e) => set('studentNo', e.currentTarget.value)}
                error={err('studentNo')}
              />
              <Select
                label={t('studentForm.stage')}
                data={stageOptions}
                value={f.stage}
                onChange={(v) => v && set('stage', v as Stage)}
                allowDeselect={false}
              />
              <TextInput
                label={t('studentForm.grade')}
                required
                value={f.grade}
                onChange={(e) => set('grade', e.currentTarget.value)}
                error={err('grade')}
              />
              <TextInput
                label={t('studentForm.className')}
                required
                value={f.className}
                onChange={(e) => set('className', e.currentTarget.value)}
                error={err('className')}
              />
              <TextInput label={t('studentForm.ethnicity')} value={f.ethnicity} onChange={(e) => set('ethnicity', e.currentTarget.value)} />
              <Select
                label={t('studentForm.leftBehind')}
                data={leftBehindOptions}
                value={f.leftBehind}
                onChange={(v) => v && set('leftBehind', v as LeftBehind)}
                allowDeselect={false}
              />
              <TextInput
                label={t('studentForm.disabilityType')}
                value={f.disabilityType}
                onChange={(e) => set('disabilityType', e.currentTarget.value)}
              />
            </SimpleGrid>
            <Checkbox label={t('studentForm.boarding')} checked={f.boarding} onChange={(e) => set('boarding', e.currentTarget.checked)} />
            <SimpleGrid cols={2}>
              <TextInput
                label={t('studentForm.householdAddress')}
                value={f.householdAddress}
                onChange={(e) => set('householdAddress', e.currentTarget.value)}
              />
              <TextInput
                label={t('studentForm.currentAddress')}
                value={f.currentAddress}
                onChange={(e) => set('currentAddress', e.currentTarget.value)}
              />
              <MultiSelect
                searchable
                label={t('studentForm.categories')}
                data={categoryOptions}
                value={f.categories}
                onChange={(v) => set('categories', v as Category[])}
              />
              <MultiSelect
                searchable
                label={t('studentForm.riskFactors')}
                data={riskOptions}
                value={f.riskFactors}
                onChange={(v) => set('riskFactors', v as RiskFactor[])}
              />
            </SimpleGrid>
            {setsChanged && (
              <DateField
                label={t('editStudent.since')}
                description={t('editStudent.sinceHint')}
                value={since}
                onChange={(v) => setSince(v)}
                error={err('since')}
              />
            )}
            <Title order={5}>{t('studentForm.guardian')}</Title>
            {f.guardians.map((g, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: guardians are edited in their stored order and have no id on screen
              <SimpleGrid cols={5} key={i}>
                <TextInput
                  label={t('studentForm.guardianName')}
                  value={g.name}
                  onChange={(e) => setGuardian(i, { name: e.currentTarget.value })}
                  error={err(`guardians.${i}.name`)}
                />
                <TextInput
                  label={t('studentForm.relation')}
                  value={g.relation}
                  onChange={(e) => setGuardian(i, { relation: e.currentTarget.value })}
                  error={err(`guardians.${i}.relation`)}
                />
                <TextInput
                  label={t('studentForm.phone')}
                  value={g.phone}
                  onChange={(e) => setGuardian(i, { phone: e.currentTarget.value })}
                  error={err(`guardians.${i}.phone`)}
                />
                <TextInput
                  label={t('studentForm.currentAddress')}
                  value={g.address}
                  onChange={(e) => setGuardian(i, { address: e.currentTarget.value })}
                />
                <Group align="flex-end">
                  <Button
                    variant="subtle"
                    color="red"
                    onClick={() =>
                      set(
                        'guardians',
                        f.guardians.filter((_, j) => j !== i),
                      )
                    }
                  >
                    {t('editStudent.removeGuardian')}
                  </Button>
                </Group>
              </SimpleGrid>
            ))}
            {f.guardians.length < 4 && (
              <Group>
                <Button variant="light" size="xs" onClick={() => set('guardians', [...f.guardians, NEW_GUARDIAN])}>
                  {t('editStudent.addGuardian')}
                </Button>
              </Group>
            )}
            <Textarea
              label={t('editStudent.reason')}
              description={identityChanged ? t('editStudent.reasonRequired') : t('editStudent.reasonOptional')}
              required={identityChanged}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={err('reason')}
              autosize
              minRows={2}
            />
            {err('confirmConvertedId') && (
              <Checkbox
                color="orange"
                label={t('studentForm.confirmConverted', { id: err('confirmConvertedId') ?? '' })}
                checked={confirmId === err('confirmConvertedId')}
                onChange={(e) => setConfirmId(e.currentTarget.checked ? (err('confirmConvertedId') ?? '') : '')}
              />
            )}
            {err('notDuplicate') && (
              <Checkbox
                color="orange"
                label={t('studentForm.notDuplicate')}
                checked={notDuplicate}
                onChange={(e) => setNotDuplicate(e.currentTarget.checked)}
              />
            )}
            <ErrorAlert error={update.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={update.running} disabled={!changedKeys.length}>
                {changedKeys.length ? t('editStudent.save', { n: changedKeys.length }) : t('editStudent.nothing')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
