/** Small pieces the care screens share: staff options, the semester picker, the month picker, today's date. */
import { Select } from '@mantine/core';
import { nextSemester, previousSemester, semesterLabel, semesterOf } from '../../../../shared/domain/calendar';
import { todayIso } from '../../../../shared/domain/dates';
import { ROLE_LABELS } from '../../../../shared/domain/enums';
import { useQuery } from '../../api/hooks';
import { t } from '../../i18n';

export const today = () => todayIso(new Date());
export const thisMonth = () => today().slice(0, 7);

export function useStaffOptions(roles?: readonly string[]) {
  const staff = useQuery('accounts.staff', {});
  return (staff.data ?? [])
    .filter((s) => !roles || roles.includes(s.role))
    .map((s) => ({ value: String(s.id), label: `${s.displayName}（${ROLE_LABELS[s.role]}）` }));
}

/** This semester, the one before and the one after. */
export function semesterOptions(): Array<{ value: string; label: string }> {
  const cur = semesterOf(today());
  return [previousSemester(cur), cur, nextSemester(cur)].map((value) => ({ value, label: semesterLabel(value) }));
}

export function SemesterSelect({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  return (
    <Select
      label={t('care.semester')}
      data={semesterOptions()}
      value={value}
      onChange={(v) => v && onChange(v)}
      allowDeselect={false}
      w={240}
    />
  );
}

export function MonthSelect({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const months: Array<{ value: string; label: string }> = [];
  const [y, m] = thisMonth().split('-').map(Number);
  for (let i = 0; i < 12; i++) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    const v = d.toISOString().slice(0, 7);
    months.push({ value: v, label: t('common.yearMonth', { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1 }) });
  }
  return <Select label={t('care.month')} data={months} value={value} onChange={(v) => v && onChange(v)} allowDeselect={false} w={160} />;
}
