/**
 * 年度工作总结 (S3 附件2, due 15 December): the five sections with the year's figures filled in, edited by the office
 * and saved as versions; the charts beside them; printed as an A4 PDF. Names, ID and phone numbers are refused.
 */
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { formatDateTimeZh, formatDateZh, todayIso } from '../../../../shared/domain/dates';
import { SUMMARY_SECTION_LABELS, SUMMARY_SECTIONS, type SummarySection } from '../../../../shared/domain/summary';
import { saveFile } from '../../api/client';
import { useAction, useQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { t } from '../../i18n';

type Bars = Array<{ label: string; value: number }>;

function BarList({ title, bars, format, max }: { title: string; bars: Bars; format: (v: number) => string; max?: number }) {
  const top = Math.max(max ?? 0, ...bars.map((b) => b.value), 1);
  return (
    <Card withBorder>
      <Title order={6} mb="xs">
        {title}
      </Title>
      {bars.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('summary.noData')}
        </Text>
      )}
      <Stack gap={4}>
        {bars.map((b) => (
          <Group key={b.label} gap="xs" wrap="nowrap">
            <Text size="xs" w={90} ta="right" style={{ flexShrink: 0 }}>
              {b.label}
            </Text>
            <Progress value={(100 * b.value) / top} style={{ flex: 1 }} />
            <Text size="xs" w={80}>
              {format(b.value)}
            </Text>
          </Group>
        ))}
      </Stack>
    </Card>
  );
}

export function AnnualSummaryPage({ canEdit, canPrint }: { canEdit: boolean; canPrint: boolean }) {
  const [year, setYear] = useState(Number(todayIso(new Date()).slice(0, 4)));
  const [version, setVersion] = useState<number | undefined>(undefined);
  const q = useQuery('summary.get', { year, version });
  const save = useAction('summary.save');
  const print = useAction('summary.print');
  const [sections, setSections] = useState<Record<SummarySection, string> | null>(null);
  const [note, setNote] = useState('');
  const [message, setMessage] = useState('');
  const d = q.data;
  useEffect(() => {
    if (d) setSections(d.sections);
  }, [d]);
  const changed = !!d && !!sections && SUMMARY_SECTIONS.some((k) => sections[k] !== d.sections[k]);
  return (
    <Page title={t('summary.title')} intro={t('summary.intro')}>
      <Group align="flex-end">
        <NumberInput
          label={t('summary.year')}
          value={year}
          min={2020}
          max={2100}
          w={120}
          onChange={(v) => {
            if (typeof v !== 'number') return;
            setVersion(undefined);
            setYear(v);
          }}
        />
        <Select
          label={t('summary.version')}
          w={320}
          data={[
            { value: '', label: d?.versions.length ? t('summary.latest') : t('summary.draftOnly') },
            ...(d?.versions ?? []).map((v) => ({
              value: String(v.version),
              label: t('summary.versionLabel', { n: v.version, at: formatDateTimeZh(v.savedAt), by: v.savedBy, note: v.note }),
            })),
          ]}
          value={version ? String(version) : ''}
          onChange={(v) => setVersion(v ? Number(v) : undefined)}
          allowDeselect={false}
        />
        {canPrint && (
          <Button
            variant="light"
            loading={print.running}
            disabled={changed}
            title={changed ? t('summary.saveFirst') : undefined}
            onClick={async () => {
              const f = await print.run({ year, version });
              if (f) saveFile(f, 'application/pdf');
            }}
          >
            {t('summary.print')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={q.error ?? print.error} />
      {d && sections && (
        <>
          <Text size="sm" c="dimmed" data-testid="summary-as-of">
            {t('summary.asOf', { date: formatDateZh(d.asOf) })}
            {d.version ? (
              <Badge ml="xs">{t('summary.showing', { n: d.version })}</Badge>
            ) : (
              <Badge ml="xs" color="gray">
                {t('summary.draft')}
              </Badge>
            )}
          </Text>
          <SimpleGrid cols={3}>
            <BarList title={t('summary.chartCategories')} bars={d.charts.categories} format={(v) => t('summary.persons', { n: v })} />
            <BarList
              title={t('summary.chartTalks')}
              bars={d.charts.talksByMonth}
              format={(v) => t('summary.percent', { n: v.toFixed(1) })}
              max={100}
            />
            <BarList title={t('summary.chartAid')} bars={d.charts.aidBySource} format={(v) => t('summary.wanYuan', { n: v.toFixed(4) })} />
          </SimpleGrid>
          <Stack data-testid="summary-sections">
            {SUMMARY_SECTIONS.map((k) => (
              <Textarea
                key={k}
                label={SUMMARY_SECTION_LABELS[k]}
                autosize
                minRows={3}
                readOnly={!canEdit}
                value={sections[k]}
                error={
                  save.error?.issues
                    .filter((i) => i.path === `sections.${k}`)
                    .map((i) => i.message)
                    .join('；') || undefined
                }
                onChange={(e) => {
                  setMessage('');
                  setSections({ ...sections, [k]: e.currentTarget.value });
                }}
              />
            ))}
          </Stack>
          {canEdit && (
            <Group align="flex-end">
              <TextInput
                label={t('summary.note')}
                placeholder={t('summary.notePlaceholder')}
                value={note}
                onChange={(e) => setNote(e.currentTarget.value)}
                w={300}
              />
              <Button
                loading={save.running}
                disabled={!changed && d.version !== null}
                onClick={async () => {
                  const r = await save.run({ year, sections, note });
                  if (r) {
                    setMessage(t('summary.saved', { n: r.version }));
                    setNote('');
                    setVersion(undefined);
                    await q.reload();
                  }
                }}
              >
                {t('summary.save')}
              </Button>
              <Button variant="subtle" onClick={() => setSections(d.draft)}>
                {t('summary.useDraft')}
              </Button>
            </Group>
          )}
          {save.error && !save.error.issues.length && <ErrorAlert error={save.error} />}
          {save.error && save.error.issues.length > 0 && <Alert color="red">{save.error.message}</Alert>}
          {message && (
            <Text c="teal" data-testid="summary-saved">
              {message}
            </Text>
          )}
        </>
      )}
    </Page>
  );
}
