/** A searchable student picker backed by the (masked, scoped) student list. */
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { type ReactNode, useState } from 'react';
import { useQuery } from '../../api/hooks';
import { t } from '../../i18n';

export function StudentPicker({
  label,
  placeholder,
  value,
  onChange,
  error,
  required = false,
}: {
  label: string;
  placeholder: string;
  value: number | null;
  onChange: (id: number | null) => void;
  error?: ReactNode;
  /** Shows the asterisk; the check itself is the form's (no browser-native popup). */
  required?: boolean;
}) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const list = useQuery('students.list', {
    q: value ? '' : q,
    className: '',
    category: '',
    onListOnly: false,
    sort: 'name',
    page: 1,
    pageSize: 50,
  });
  const data = (list.data?.rows ?? []).map((r) => ({
    value: String(r.id),
    label: `${r.name}（${r.className}，${r.idNumberMasked.slice(-4)}）`,
  }));
  return (
    <Select
      label={label}
      placeholder={placeholder}
      searchable
      withAsterisk={required}
      data={data}
      value={value ? String(value) : null}
      onChange={(v) => onChange(v ? Number(v) : null)}
      searchValue={search}
      onSearchChange={setSearch}
      nothingFoundMessage={t('common.notFound')}
      error={error}
    />
  );
}
