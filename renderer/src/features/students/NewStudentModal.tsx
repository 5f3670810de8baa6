/** Intake of a new student file, validated by the service; each field shows its own Chinese message. */
import { Button, Checkbox, Group, Modal, MultiSelect, Select, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import type { Category, LeftBehind, RiskFactor, Stage } from '../../../../shared/domain/enums';
import { useAction } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { categoryOptions, leftBehindOptions, riskOptions, stageOptions } from '../../components/options';
import { t } from '../../i18n';
import { DEFAULT_ETHNICITY } from '../../../../shared/domain/enums';
import { stageOfGrade } from '../../../../shared/domain/ordering';

const EMPTY = {
  name: '',
  idNumber: '',
  studentNo: '',
  ethnicity: DEFAULT_ETHNICITY,
  stage: 'junior' as Stage,
  grade: '',
  className: '',
  boarding: false,
  leftBehind: 'none' as LeftBehind,
  householdAddress: '',
  currentAddress: '',
  disabilityType: '',
  categories: [] as Category[],
  riskFactors: [] as RiskFactor[],
  notDuplicate: false,
  confirmConvertedId: '',
};
const NO_GUARDIAN = { name: '', relation: '', phone: '', address: '' };

export function NewStudentModal({
  opened,
  onClose,
  onCreated,
  onOpenExisting,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (id: number) => void;
  onOpenExisting: (id: number) => void;
}) {
  const [f, setF] = useState(EMPTY);
  const [g, setG] = useState(NO_GUARDIAN);
  const create = useAction('students.create');
  const set = <K extends keyof typeof EMPTY>(k: K, v: (typeof EMPTY)[K]) => setF({ ...f, [k]: v });
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const guardians = g.name ? [{ ...g, isGuardian: true }] : [];
    const out = await create.run({ ...f, guardians });
    if (out) {
      setF(EMPTY);
      setG(NO_GUARDIAN);
      onCreated(out.id);
    }
  };
  const err = create.fieldError;
  // A cancelled entry must not leak into the next one: the next child's form would
  // otherwise open with someone else's guardian, phone and 学籍号 already filled in.
  const close = () => {
    setF(EMPTY);
    setG(NO_GUARDIAN);
    create.clearError();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={t('studentForm.title')} size="xl">
      <form onSubmit={submit} noValidate>
        <Stack>
          <SimpleGrid cols={3}>
            <TextInput
              label={t('studentForm.name')}
              required
              value={f.name}
              onChange={(e) => set('name', e.currentTarget.value)}
              error={err('name')}
              data-autofocus
            />
            <TextInput
              label={t('studentForm.idNumber')}
              required
              value={f.idNumber}
              onChange={(e) => set('idNumber', e.currentTarget.value)}
              error={err('idNumber')}
            />
            <TextInput
              label={t('studentForm.studentNo')}
              value={f.studentNo}
              onChange={(e) => set('studentNo', e.currentTarget.value)}
              error={err('studentNo')}
            />
            <Select
              label={t('studentForm.stage')}
              data={stageOptions}
              value={f.stage}
              onChange={(v) => set('stage', (v ?? 'junior') as Stage)}
              allowDeselect={false}
            />
            <TextInput
              label={t('studentForm.grade')}
              required
              value={f.grade}
              onChange={(e) => {
                // The stage follows the grade (七年级 → 初中); it stays correctable in the 学段 field.
                const grade = e.currentTarget.value;
                setF({ ...f, grade, stage: stageOfGrade(grade) ?? f.stage });
              }}
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
              onChange={(v) => set('leftBehind', (v ?? 'none') as LeftBehind)}
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
          <Title order={5}>{t('studentForm.guardian')}</Title>
          <SimpleGrid cols={4}>
            <TextInput
              label={t('studentForm.guardianName')}
              value={g.name}
              onChange={(e) => setG({ ...g, name: e.currentTarget.value })}
              error={err('guardians.0.name')}
            />
            <TextInput
              label={t('studentForm.relation')}
              value={g.relation}
              onChange={(e) => setG({ ...g, relation: e.currentTarget.value })}
              error={err('guardians.0.relation')}
            />
            <TextInput
              label={t('studentForm.phone')}
              value={g.phone}
              onChange={(e) => setG({ ...g, phone: e.currentTarget.value })}
              error={err('guardians.0.phone')}
            />
            <TextInput
              label={t('studentForm.currentAddress')}
              value={g.address}
              onChange={(e) => setG({ ...g, address: e.currentTarget.value })}
            />
          </SimpleGrid>
          {create.fieldError('confirmConvertedId') && (
            <Checkbox
              color="orange"
              data-testid="confirm-converted-id"
              label={t('studentForm.confirmConverted', { id: create.fieldError('confirmConvertedId') ?? '' })}
              checked={f.confirmConvertedId === create.fieldError('confirmConvertedId')}
              onChange={(e) => set('confirmConvertedId', e.currentTarget.checked ? (create.fieldError('confirmConvertedId') ?? '') : '')}
            />
          )}
          {create.fieldError('notDuplicate') && (
            <Checkbox
              color="orange"
              label={t('studentForm.notDuplicate')}
              checked={f.notDuplicate}
              onChange={(e) => set('notDuplicate', e.currentTarget.checked)}
            />
          )}
          <ErrorAlert error={create.error} />
          {create.error?.issues
            .filter((i) => i.ref)
            .map((i) => (
              <Button
                key={i.ref}
                variant="light"
                color="orange"
                onClick={() => {
                  close();
                  onOpenExisting(i.ref!);
                }}
              >
                {t('studentForm.openExisting', { what: i.message })}
              </Button>
            ))}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.running}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
