/**
 * One statistics table (S3 附件1) as the office reads it: the cross-foot result, the grid with its merged column
 * groups, and the filling notes. Used by a school's 统计表 (figures clickable for drill-down) and the bureau's
 * consolidated table.
 */
import { Alert, List, Stack, Table, Text } from '@mantine/core';
import type { StatisticsTable } from '../../../shared/contract/statistics';
import { formatCell } from '../../../shared/domain/statistics';
import { t } from '../i18n';

export function StatTableView({
  table: d,
  clickable,
  onCell,
}: {
  table: Pick<StatisticsTable, 'rows' | 'columns' | 'cells' | 'checks' | 'notes'>;
  /** Whether a figure may be opened (its students), and what opening it does. */
  clickable?: (row: string, col: string, value: number | null | undefined) => boolean;
  onCell?: (row: { key: string; label: string }, col: { key: string; group: string; label: string }) => void;
}) {
  const value = new Map(d.cells.map((c) => [`${c.row}|${c.col}`, c.value]));
  const failed = d.checks.filter((c) => !c.ok);
  // Column groups as the official return draws them: one merged heading over consecutive columns.
  const groups: Array<{ name: string; span: number }> = [];
  for (const c of d.columns) {
    const last = groups.at(-1);
    if (last && last.name === c.group) last.span++;
    else groups.push({ name: c.group, span: 1 });
  }
  return (
    <>
      {failed.length === 0 ? (
        <Alert color="teal" data-testid="stat-checks">
          {t('statistics.checksOk', { n: d.checks.length })}
        </Alert>
      ) : (
        <Alert color="red" data-testid="stat-checks" title={t('statistics.checksFailed', { n: failed.length })}>
          <List size="sm">
            {failed.map((f) => (
              <List.Item key={f.rule}>
                {f.rule}：{f.detail}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      <Table.ScrollContainer minWidth={2400}>
        <Table withTableBorder withColumnBorders striped fz="xs" data-testid="stat-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th rowSpan={2} style={{ minWidth: 180 }}>
                {t('statistics.item')}
              </Table.Th>
              {groups.map((g) => (
                <Table.Th key={g.name} colSpan={g.span} ta="center">
                  {g.name}
                </Table.Th>
              ))}
            </Table.Tr>
            <Table.Tr>
              {d.columns.map((c) => (
                <Table.Th key={c.key} ta="center">
                  {c.label}（{c.unit}）
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {d.rows.map((r) => (
              <Table.Tr key={r.key} fw={r.level < 2 ? 700 : undefined}>
                <Table.Td style={{ whiteSpace: 'pre' }}>{r.label}</Table.Td>
                {d.columns.map((c) => {
                  // A missing cell is a zero; a null is a rate with nothing to divide by (or not summed), shown as —.
                  const v = value.get(`${r.key}|${c.key}`);
                  const text = formatCell(c.unit, v === undefined ? 0 : v);
                  return (
                    <Table.Td key={c.key} ta="right">
                      {onCell && clickable?.(r.key, c.key, v) ? (
                        <Text
                          component="a"
                          href="#"
                          size="xs"
                          fw="inherit"
                          onClick={(e) => {
                            e.preventDefault();
                            onCell(r, c);
                          }}
                        >
                          {text}
                        </Text>
                      ) : (
                        text
                      )}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Stack gap={2}>
        <Text size="sm" fw={600}>
          {t('statistics.notes')}
        </Text>
        {d.notes.map((n, i) => (
          <Text key={n} size="sm" c="dimmed">
            {i + 1}. {n}
          </Text>
        ))}
      </Stack>
    </>
  );
}
