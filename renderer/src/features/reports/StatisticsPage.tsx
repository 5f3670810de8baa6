/**
 * 统计表 (S3 附件1): the provincial return computed for a date, its cross-foot checks, export as an official xlsx,
 * drill-down from a figure to the students behind it (roles that may see names; audited), and submission.
 */
import { Alert, Badge, Button, Card, Group, List, Modal, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { formatDateTimeZh, todayIso } from '../../../../shared/domain/dates';
import { formatCell } from '../../../../shared/domain/statistics';
import { saveFile, XLSX_MIME } from '../../api/client';
import { useAction, useQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { t } from '../../i18n';
import { useNav } from '../../nav';
import { DateField } from '../../components/DateField';

/** The usual statistics dates of this year that have come: 30 June and 15 December. */
function dueDates(today: string): string[] {
  const y = today.slice(0, 4);
  return [`${y}-06-30`, `${y}-12-15`].filter((d) => d <= today);
}

export function StatisticsPage({ canDrill, canSubmit }: { canDrill: boolean; canSubmit: boolean }) {
  const { go } = useNav();
  const today = todayIso(new Date());
  const [asOf, setAsOf] = useState(dueDates(today).at(-1) ?? today);
  const [phone, setPhone] = useState('');
  const [drill, setDrill] = useState<{ row: string; col: string; title: string } | null>(null);
  const [message, setMessage] = useState('');
  const table = useQuery('statistics.table', { asOf });
  const exp = useAction('statistics.export');
  const print = useAction('statistics.print');
  const submit = useAction('statistics.submit');
  const drillQ = useQuery('statistics.drill', { asOf, row: drill?.row ?? '', col: drill?.col ?? '' }, !!drill);
  const d = table.data;
  const value = new Map((d?.cells ?? []).map((c) => [`${c.row}|${c.col}`, c.value]));
  const failed = (d?.checks ?? []).filter((c) => !c.ok);
  // Column groups as the official return draws them: one merged heading over consecutive columns.
  const groups: Array<{ name: string; span: number }> = [];
  for (const c of d?.columns ?? []) {
    const last = groups.at(-1);
    if (last && last.name === c.group) last.span++;
    else groups.push({ name: c.group, span: 1 });
  }

  return (
    <Page title={t('statistics.title')} intro={t('statistics.intro')}>
      <Card withBorder>
        <Group align="flex-end">
          <DateField label={t('statistics.asOf')} value={asOf} max={today} onChange={(v) => setAsOf(v)} w={180} />
          {dueDates(today).map((x) => (
            <Button key={x} variant={x === asOf ? 'filled' : 'light'} size="xs" mb={4} onClick={() => setAsOf(x)}>
              {x.endsWith('06-30') ? t('statistics.midYear') : t('statistics.yearEnd')}
            </Button>
          ))}
          <TextInput label={t('statistics.phone')} value={phone} onChange={(e) => setPhone(e.currentTarget.value)} w={180} />
          <Button
            variant="default"
            loading={exp.running}
            disabled={!d || failed.length > 0}
            onClick={async () => {
              const out = await exp.run({ asOf, phone });
              if (out) saveFile(out, XLSX_MIME);
            }}
          >
            {t('statistics.export')}
          </Button>
          <Button
            variant="default"
            loading={print.running}
            disabled={!d || failed.length > 0}
            onClick={async () => {
              const out = await print.run({ asOf, phone });
              if (out) saveFile(out, 'application/pdf');
            }}
          >
            {t('statistics.print')}
          </Button>
          {canSubmit && (
            <Button
              color="orange"
              loading={submit.running}
              disabled={!d || failed.length > 0 || !!d?.submitted}
              onClick={async () => {
                const out = await submit.run({ asOf });
                if (out) {
                  setMessage(t('statistics.submitted', { hash: out.sha256.slice(0, 12) }));
                  void table.reload();
                }
              }}
            >
              {d?.submitted ? t('statistics.alreadySubmitted') : t('statistics.submit')}
            </Button>
          )}
        </Group>
      </Card>
      <ErrorAlert error={table.error ?? exp.error ?? print.error ?? submit.error} />
      {message && <Alert color="teal">{message}</Alert>}
      {d && (
        <>
          <Group gap="xs">
            <Title order={4}>
              {d.attachment}　{d.title}
            </Title>
            <Badge variant="light">{d.period.label}</Badge>
            {d.submitted && (
              <Badge color="teal" data-testid="stat-submitted">
                {t('statistics.frozen', { at: formatDateTimeZh(d.submitted.at), by: d.submitted.by })}
              </Badge>
            )}
          </Group>
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
                      const v = value.get(`${r.key}|${c.key}`) ?? 0;
                      const text = formatCell(c.unit, v);
                      const clickable = canDrill && !d.submitted && v !== null && v !== 0;
                      return (
                        <Table.Td key={c.key} ta="right">
                          {clickable ? (
                            <Text
                              component="a"
                              href="#"
                              size="xs"
                              fw="inherit"
                              onClick={(e) => {
                                e.preventDefault();
                                setDrill({ row: r.key, col: c.key, title: `${r.label.trim()} · ${c.group} ${c.label}` });
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
      )}
      <Modal opened={!!drill} onClose={() => setDrill(null)} title={drill?.title} size="lg">
        <ErrorAlert error={drillQ.error} />
        <Text size="sm" c="dimmed" mb="xs">
          {t('statistics.drillNote', { n: drillQ.data?.students.length ?? 0 })}
        </Text>
        <Table striped highlightOnHover data-testid="stat-drill">
          <Table.Tbody>
            {drillQ.data?.students.map((s) => (
              <Table.Tr key={s.studentId} style={{ cursor: 'pointer' }} onClick={() => go({ name: 'student', id: s.studentId })}>
                <Table.Td>{s.name}</Table.Td>
                <Table.Td>{s.className}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Modal>
    </Page>
  );
}
