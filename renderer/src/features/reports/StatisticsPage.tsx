/**
 * 统计表 (S3 附件1): the provincial return computed for a date, its cross-foot checks, export as an official xlsx,
 * drill-down from a figure to the students behind it (roles that may see names; audited), and submission.
 */
import { Alert, Badge, Button, Card, Group, Modal, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { formatDateTimeZh, todayIso } from '../../../../shared/domain/dates';
import { saveFile, XLSX_MIME } from '../../api/client';
import { useAction, useQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { t } from '../../i18n';
import { useNav } from '../../nav';
import { DateField } from '../../components/DateField';
import { StatTableView } from '../../components/StatTableView';

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
  const failed = (d?.checks ?? []).filter((c) => !c.ok);

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
          <StatTableView
            table={d}
            clickable={(_row, _col, v) => canDrill && !d.submitted && v !== null && v !== 0}
            onCell={(r, c) => setDrill({ row: r.key, col: c.key, title: `${r.label.trim()} · ${c.group} ${c.label}` })}
          />
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
