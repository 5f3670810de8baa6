/**
 * The one date input: shown as people write dates (2026年11月29日), typed in any usual form (2026-11-29, 20261129,
 * 2026/11/29, 2026年11月29日) or picked from a Chinese calendar starting on Monday. Holds ISO `YYYY-MM-DD` strings, as
 * the contract does; never the browser's native date input (which showed mm/dd/yyyy).
 */
import { DateInput, type DateInputProps } from '@mantine/dates';
import { parseDateCell } from '../../../shared/domain/aidList';
import { ZH_DATE_PATTERN } from '../../../shared/domain/dates';

type Props = Omit<DateInputProps, 'value' | 'onChange' | 'minDate' | 'maxDate' | 'min' | 'max'> & {
  value: string;
  onChange: (iso: string) => void;
  min?: string;
  max?: string;
};

export function DateField({ value, onChange, min, max, ...rest }: Props) {
  return (
    <DateInput
      valueFormat={ZH_DATE_PATTERN}
      dateParser={(s) => parseDateCell(s.trim())}
      value={value || null}
      onChange={(v) => onChange(v ?? '')}
      minDate={min}
      maxDate={max}
      {...rest}
    />
  );
}
