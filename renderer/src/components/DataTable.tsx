/**
 * A table that sorts (click a header), filters (one text box over the columns' text) and pages, for the
 * care screens' lists. Columns say how to render a cell and what to sort by.
 */
import { Group, Pagination, Table, Text, TextInput } from '@mantine/core';
import { useMemo, useState, type ReactNode } from 'react';
import { compareText } from '../../../shared/domain/ordering';
import { t } from '../i18n';

export interface Column<R> {
  key: string;
  label: string;
  render: (r: R) => ReactNode;
  /** Sort key and filter text; columns without it neither sort nor filter. */
  value?: (r: R) => string | number;
  /** How two values of this column sort; by default pinyin with numbers as numbers (compareText). */
  compare?: (a: string, b: string) => number;
}

/**
 * Short values (names, classes, dates, levels) never break over two lines — a name split as 张/小明 or a date as
 * 2026年11月/29日 misreads; long text (reasons, care content) wraps as usual.
 */
const keepOnOneLine = (v: string | number | undefined) => v !== undefined && String(v).length <= 16;

export function DataTable<R>({
  rows,
  columns,
  rowKey,
  pageSize = 20,
  testId,
  empty,
  toolbar,
  filterPlaceholder,
}: {
  rows: readonly R[];
  columns: Column<R>[];
  rowKey: (r: R) => string | number;
  pageSize?: number;
  testId?: string;
  empty?: string;
  toolbar?: ReactNode;
  filterPlaceholder?: string;
}) {
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<{ key: string; desc: boolean } | null>(null);
  const [page, setPage] = useState(1);
  const shown = useMemo(() => {
    const f = filter.trim();
    const col = sort ? columns.find((c) => c.key === sort.key) : undefined;
    const out = rows.filter((r) => !f || columns.some((c) => c.value && String(c.value(r)).includes(f)));
    if (col?.value) {
      const v = col.value;
      out.sort((a, b) => {
        const x = v(a);
        const y = v(b);
        const d = typeof x === 'number' && typeof y === 'number' ? x - y : (col.compare ?? compareText)(String(x), String(y));
        return sort!.desc ? -d : d;
      });
    }
    return out;
  }, [rows, columns, filter, sort]);
  const pages = Math.max(1, Math.ceil(shown.length / pageSize));
  const current = Math.min(page, pages);
  return (
    <>
      <Group justify="space-between">
        <TextInput
          placeholder={filterPlaceholder ?? t('common.filter')}
          value={filter}
          onChange={(e) => {
            setFilter(e.currentTarget.value);
            setPage(1);
          }}
          w={260}
        />
        {toolbar}
      </Group>
      <Table striped withTableBorder highlightOnHover data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th
                key={c.key}
                style={c.value ? { cursor: 'pointer', whiteSpace: 'nowrap' } : { whiteSpace: 'nowrap' }}
                onClick={() => c.value && setSort((s) => (s?.key === c.key ? { key: c.key, desc: !s.desc } : { key: c.key, desc: false }))}
              >
                {c.label}
                {sort?.key === c.key ? (sort.desc ? ' ▼' : ' ▲') : ''}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shown.slice((current - 1) * pageSize, current * pageSize).map((r) => (
            <Table.Tr key={rowKey(r)}>
              {columns.map((c) => (
                <Table.Td key={c.key} style={keepOnOneLine(c.value?.(r)) ? { whiteSpace: 'nowrap' } : undefined}>
                  {c.render(r)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {shown.length === 0 && (
        <Text c="dimmed" ta="center">
          {empty ?? t('common.none')}
        </Text>
      )}
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t('common.total', { n: shown.length })}
        </Text>
        {pages > 1 && <Pagination total={pages} value={current} onChange={setPage} size="sm" />}
      </Group>
    </>
  );
}
