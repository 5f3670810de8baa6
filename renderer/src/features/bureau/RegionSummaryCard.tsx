/**
 * 地区汇总 (issue 14 §3): the half-year's figures summed by prefecture, county or school — schools, filed, key-care
 * students, the shares from the schools' value sets — with a trend over the recent half-years. A county row drills
 * down to its schools; the path back is shown above the table.
 */
import { Anchor, Breadcrumbs, Button, Card, Group, Modal, Select, Stack, Table, Text, Title } from '@mantine/core';
import { formatDateZh } from '../../../../shared/domain/dates';
import { useEffect, useState } from 'react';
import {
  REGION_RULE_SPECS,
  REGION_WARNING_STATE_LABELS,
  SUMMARY_LEVEL_LABELS,
  SUMMARY_LEVELS,
  type SummaryLevel,
} from '../../../../shared/domain/regionWarnings';
import { useQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TrendChart } from '../../components/TrendChart';
import { FiledListSection } from './FiledListSection';
import { t } from '../../i18n';

const pct = (v: number | null) => (v === null ? '—' : `${v}%`);

/** canOpenList: the administrator and the 专干 may open a school's filed list; the 督查 reads the figures only. */
export function RegionSummaryCard({ changes, canOpenList }: { changes: number; canOpenList: boolean }) {
  const [by, setBy] = useState<SummaryLevel>('county');
  const [period, setPeriod] = useState<string | undefined>(undefined);
  const [area, setArea] = useState('');
  const q = useQuery('bureau.regionSummary', { by, period, area, trend: 4 });
  const reload = q.reload;
  useEffect(() => {
    if (changes > 0) void reload();
  }, [changes, reload]);
  const d = q.data;
  const [inspect, setInspect] = useState<string | null>(null);
  const drill = (code: string) => {
    // A prefecture opens its counties, a county its schools.
    if (by === 'prefecture' && code) {
      setArea(code);
      setBy('county');
    } else if ((by === 'county' || by === 'province') && code) {
      setArea(code === '61' ? '' : code);
      setBy(code === '61' ? 'prefecture' : 'school');
    }
  };
  return (
    <Card withBorder data-testid="region-summary">
      <Stack>
        <Group justify="space-between" align="flex-end">
          <Title order={5}>{t('regionSummary.title', { area: d?.areaLabel ?? '', label: d?.label ?? '' })}</Title>
          <Group>
            <Select
              label={t('regionSummary.by')}
              data={SUMMARY_LEVELS.map((l) => ({ value: l, label: SUMMARY_LEVEL_LABELS[l] }))}
              value={by}
              onChange={(v) => v && setBy(v as SummaryLevel)}
              allowDeselect={false}
            />
            <Select
              label={t('bureau.period')}
              data={(d?.trend ?? []).map((p) => ({ value: p.period, label: p.label })).reverse()}
              value={d?.period ?? null}
              onChange={(v) => v && setPeriod(v)}
              allowDeselect={false}
            />
          </Group>
        </Group>
        {area && (
          <Breadcrumbs>
            <Anchor component="button" onClick={() => setArea('')}>
              {t('regionSummary.all')}
            </Anchor>
            <Text size="sm">{d?.areaLabel}</Text>
          </Breadcrumbs>
        )}
        <ErrorAlert error={q.error} />
        <Table striped withTableBorder data-testid="region-summary-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t(by === 'school' ? 'bureau.school' : 'regionSummary.area')}</Table.Th>
              <Table.Th>{t('regionSummary.schools')}</Table.Th>
              <Table.Th>{t('regionSummary.filed')}</Table.Th>
              <Table.Th>{t('regionSummary.keyStudents')}</Table.Th>
              <Table.Th>{t('regionSummary.population')}</Table.Th>
              <Table.Th>{t('regionSummary.talkRate')}</Table.Th>
              <Table.Th>{t('regionSummary.highestTierRate')}</Table.Th>
              <Table.Th>{t('regionSummary.postingsRate')}</Table.Th>
              <Table.Th>{t('regionSummary.redWarnings')}</Table.Th>
              <Table.Th>{t('regionSummary.openDropout')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {d?.rows.map((r) => (
              <Table.Tr key={r.area}>
                <Table.Td>
                  {r.area ? (
                    <Button variant="subtle" size="compact-sm" onClick={() => (by === 'school' ? setInspect(r.area) : drill(r.area))}>
                      {r.name}
                    </Button>
                  ) : (
                    r.name
                  )}
                </Table.Td>
                <Table.Td>{r.schools}</Table.Td>
                <Table.Td>{r.filed}</Table.Td>
                <Table.Td>{r.keyStudents}</Table.Td>
                <Table.Td>{r.population}</Table.Td>
                <Table.Td>{pct(r.talkRate)}</Table.Td>
                <Table.Td>{pct(r.highestTierRate)}</Table.Td>
                <Table.Td>{pct(r.postingsRate)}</Table.Td>
                <Table.Td>{r.redWarnings}</Table.Td>
                <Table.Td>{r.openDropout}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="xs" c="dimmed">
          {t('regionSummary.note')}
        </Text>
        {d && d.trend.length > 0 && (
          <div data-testid="region-trend">
            <Text size="sm" fw={500}>
              {t('regionSummary.trend', { area: d.areaLabel })}
            </Text>
            <TrendChart
              points={d.trend.map((p) => ({ label: p.label, bar: p.keyStudents, line: p.talkRate }))}
              barLabel={t('regionSummary.keyStudents')}
              lineLabel={t('regionSummary.talkRate')}
            />
          </div>
        )}
      </Stack>
      {inspect && d && <SchoolFigures schoolCode={inspect} period={d.period} canOpenList={canOpenList} onClose={() => setInspect(null)} />}
    </Card>
  );
}

/** One school's figures for the 督查 (drill-down to a school): its filings, its value set and its region warnings. */
function SchoolFigures({
  schoolCode,
  period,
  canOpenList,
  onClose,
}: {
  schoolCode: string;
  period: string;
  canOpenList: boolean;
  onClose: () => void;
}) {
  const q = useQuery('bureau.school', { schoolCode, period });
  const d = q.data;
  return (
    <Modal opened onClose={onClose} size="xl" title={d ? t('regionSummary.schoolTitle', { school: d.schoolName, label: d.label }) : ''}>
      <Stack>
        <ErrorAlert error={q.error} />
        {d && (
          <>
            <Text size="sm" c="dimmed">
              {t('regionSummary.schoolMeta', { code: d.schoolCode, county: d.countyCode ?? '', contact: d.contact || '—' })}
            </Text>
            <Text size="sm">
              {t('regionSummary.filings', {
                list: d.filings
                  .map((f) =>
                    t(f.viaArea ? 'regionSummary.filingVia' : 'regionSummary.filing', {
                      label: f.label,
                      sequence: f.sequence,
                      date: formatDateZh(f.filedOn),
                      via: f.viaArea ?? '',
                    }),
                  )
                  .join('；'),
              })}
            </Text>
            <Table withTableBorder striped data-testid="school-figures">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('regionSummary.item')}</Table.Th>
                  <Table.Th>{t('regionSummary.numerator')}</Table.Th>
                  <Table.Th>{t('regionSummary.denominator')}</Table.Th>
                  <Table.Th>{t('regionSummary.rate')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.values.map((v) => (
                  <Table.Tr key={v.key}>
                    <Table.Td>{v.label}</Table.Td>
                    <Table.Td>{v.numerator}</Table.Td>
                    <Table.Td>{v.denominator || '—'}</Table.Td>
                    <Table.Td>{pct(v.rate)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {d.values.length === 0 && <Text c="dimmed">{t('regionSummary.noValues')}</Text>}
            {canOpenList && <FiledListSection schoolCode={d.schoolCode} period={d.period} />}
            {d.warnings.map((w) => (
              <Text key={w.rule} size="sm" c={w.state === 'closed' ? 'dimmed' : 'red'}>
                {t('regionSummary.warningLine', {
                  rule: REGION_RULE_SPECS[w.rule].label,
                  state: REGION_WARNING_STATE_LABELS[w.state],
                  evidence: w.evidence,
                })}
              </Text>
            ))}
          </>
        )}
      </Stack>
    </Modal>
  );
}
