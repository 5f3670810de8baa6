/** Bureau workspace: its public key, school registration, package import and the per-school summary. */
import { Alert, Badge, Button, Card, Code, Group, List, Select, Stack, Table, Tabs, Text, Textarea, Title } from '@mantine/core';
import type { Out } from '../../../../shared/contract/index';
import { useEffect, useState } from 'react';
import { CATEGORY_LABELS, type Category, PREFECTURES } from '../../../../shared/domain/enums';
import { formatDateTimeZh, formatDateZh } from '../../../../shared/domain/dates';
import { FILER_STATUSES, FILER_STATUS_LABELS, type FilerStatus } from '../../../../shared/domain/filers';
import { saveFile, XLSX_MIME } from '../../api/client';
import { FilePickButton } from '../../components/FilePickButton';
import { useAction, useQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { StatTableView } from '../../components/StatTableView';
import { type Column, DataTable } from '../../components/DataTable';
import { DateField } from '../../components/DateField';
import { Page } from '../../components/Page';
import { t } from '../../i18n';
import { can } from '../../api/access';
import type { Role } from '../../../../shared/domain/enums';
import { RegionSummaryCard } from './RegionSummaryCard';
import { RegionWarningsCard } from './RegionWarningsCard';
import { forwardImportedMessage, UpwardCard } from './UpwardCard';

/** What a role sees here (§7): the administrator everything, the 专干 the daily work, the 督查 the figures only. */
export function BureauPage({ role }: { role: Role }) {
  const canAdmin = can(role, 'bureau.registerSchool', 'bureau');
  const canWork = can(role, 'bureau.importPackage', 'bureau');
  const key = useQuery('bureau.key', {}, canAdmin);
  const summary = useQuery('bureau.summary', {});
  const register = useAction('bureau.registerSchool');
  const imp = useAction('bureau.importPackage');
  const registry = useAction('bureau.registerSchools');
  const [registryResult, setRegistryResult] = useState<Out<'bureau.registerSchools'> | null>(null);
  const [keyText, setKeyText] = useState('');
  const [message, setMessage] = useState('');
  // Bumped after a registration or an import, so the filing-status card reads the registry again.
  const [changes, setChanges] = useState(0);
  return (
    <Page title={t('bureau.title')}>
      {!canWork && (
        <Alert color="gray" data-testid="read-only">
          {t('bureau.readOnly')}
        </Alert>
      )}
      <Tabs defaultValue={canWork ? 'filing' : 'regions'} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="regions">{t('bureau.tabRegions')}</Tabs.Tab>
          <Tabs.Tab value="warnings">{t('bureau.tabWarnings')}</Tabs.Tab>
          <Tabs.Tab value="filing">{t('bureau.tabFiling')}</Tabs.Tab>
          <Tabs.Tab value="statistics">{t('bureau.tabStatistics')}</Tabs.Tab>
          {canWork && <Tabs.Tab value="upward">{t('bureau.tabUpward')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="regions" pt="md">
          <RegionSummaryCard changes={changes} canOpenList={can(role, 'bureau.filedList', 'bureau')} />
        </Tabs.Panel>
        <Tabs.Panel value="warnings" pt="md">
          <RegionWarningsCard changes={changes} canWork={canWork} canAdmin={canAdmin} />
        </Tabs.Panel>
        <Tabs.Panel value="filing" pt="md">
          <Stack>
            {canAdmin && (
              <Card withBorder>
                <Title order={5}>{t('bureau.key')}</Title>
                <Code block mt="xs" data-testid="bureau-key">
                  {key.data?.recipient ?? ''}
                </Code>
              </Card>
            )}
            {canWork && (
              <Card withBorder>
                <Stack>
                  {canAdmin && (
                    <Textarea
                      label={t('bureau.keyText')}
                      autosize
                      minRows={3}
                      value={keyText}
                      onChange={(e) => setKeyText(e.currentTarget.value)}
                      error={register.fieldError('keyText')}
                    />
                  )}
                  <Group>
                    {canAdmin && (
                      <Button
                        onClick={async () => {
                          const r = await register.run({ keyText });
                          if (r) {
                            setMessage(t('bureau.registeredSchool', { school: r.schoolName }));
                            setKeyText('');
                            setChanges((n) => n + 1);
                            await summary.reload();
                          }
                        }}
                        loading={register.running}
                      >
                        {t('bureau.register')}
                      </Button>
                    )}
                    <FilePickButton
                      purpose="package"
                      variant="light"
                      label={t('bureau.import')}
                      disabled={imp.running}
                      onError={(e) => setMessage(e.message)}
                      onSent={async (sent) => {
                        setMessage('');
                        const r = await imp.run({ fileRef: sent.fileRef });
                        if (r) {
                          const args = { school: r.schoolCode, period: r.period, sequence: r.sequence, count: r.count };
                          const said =
                            r.kind === 'forward'
                              ? forwardImportedMessage({ ...r, area: r.schoolCode, schools: r.count })
                              : t(r.status === 'unchanged' ? 'bureau.unchanged' : 'bureau.imported', args);
                          setMessage(said);
                          setChanges((n) => n + 1);
                          await summary.reload();
                        }
                      }}
                    />
                    {canAdmin && (
                      <FilePickButton
                        purpose="import"
                        variant="light"
                        label={t('bureau.registry')}
                        disabled={registry.running}
                        onError={(e) => setMessage(e.message)}
                        onSent={async (sent) => {
                          setMessage('');
                          const r = await registry.run({ fileRef: sent.fileRef });
                          setRegistryResult(r);
                          if (r?.written) setChanges((n) => n + 1);
                        }}
                      />
                    )}
                  </Group>
                  <ErrorAlert error={register.error ?? imp.error ?? registry.error} />
                  {message && <Text c="teal">{message}</Text>}
                  {registryResult && (
                    <Alert color={registryResult.written ? 'teal' : 'red'} data-testid="registry-result">
                      <Text size="sm">
                        {t(registryResult.written ? 'bureau.registryDone' : 'bureau.registryRefused', registryResult.counts)}
                      </Text>
                      <List size="sm">
                        {registryResult.rows
                          .filter((x) => x.status === 'rejected')
                          .map((x) => (
                            <List.Item key={x.rowNumber}>{t('bureau.registryRow', { row: x.rowNumber, reason: x.reason })}</List.Item>
                          ))}
                      </List>
                    </Alert>
                  )}
                </Stack>
              </Card>
            )}
            <FilersCard changes={changes} canExport={canWork} canAdmin={canAdmin} />
            <DataTable
              testId="bureau-schools"
              rows={summary.data ?? []}
              rowKey={(s) => s.schoolCode}
              pageSize={50}
              columns={SCHOOL_COLUMNS}
            />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="statistics" pt="md">
          <RegionStatisticsCard changes={changes} />
        </Tabs.Panel>
        {canWork && (
          <Tabs.Panel value="upward" pt="md">
            <UpwardCard onChanged={() => setChanges((n) => n + 1)} />
          </Tabs.Panel>
        )}
      </Tabs>
    </Page>
  );
}

type SchoolRow = Out<'bureau.summary'>[number];
const placeOf = (s: SchoolRow) =>
  s.countyCode ? `${PREFECTURES[s.prefectureCode ?? ''] ?? s.prefectureCode} ${s.countyCode}` : t('bureau.areaUnknown');
/** The registered schools, sortable, filterable and paged (a province has thousands). */
const SCHOOL_COLUMNS: Column<SchoolRow>[] = [
  { key: 'area', label: t('bureau.area'), render: placeOf, value: placeOf },
  { key: 'name', label: t('bureau.school'), render: (s) => s.schoolName, value: (s) => s.schoolName },
  { key: 'code', label: t('bureau.code'), render: (s) => s.schoolCode, value: (s) => s.schoolCode },
  {
    key: 'last',
    label: t('bureau.lastPeriod'),
    value: (s) => `${s.lastPeriod ?? ''}|${String(s.lastSequence ?? 0).padStart(6, '0')}`,
    render: (s) =>
      s.lastPeriod
        ? t(s.viaArea ? 'bureau.lastFiledVia' : 'bureau.lastFiled', {
            period: s.lastPeriod,
            sequence: s.lastSequence ?? '',
            at: formatDateTimeZh(s.lastImportedAt),
            via: s.viaArea ?? '',
          })
        : t('bureau.notFiled'),
  },
  { key: 'students', label: t('bureau.students'), render: (s) => s.students, value: (s) => s.students },
  {
    key: 'categories',
    label: t('bureau.byCategory'),
    render: (s) =>
      s.viaArea
        ? t('bureau.listStaysBelow')
        : Object.entries(s.byCategory)
            .map(([c, n]) => `${CATEGORY_LABELS[c as Category] ?? c} ${n}`)
            .join('，'),
  },
  {
    key: 'audit',
    label: t('bureau.auditChain'),
    render: (s) =>
      s.auditFlag ? (
        <Text size="sm" c="red" data-testid="audit-flag">
          {s.auditFlag}
        </Text>
      ) : (
        s.lastPeriod && !s.viaArea && t('bureau.auditOk')
      ),
  },
];

const FILER_COLORS: Record<FilerStatus, string> = { onTime: 'teal', late: 'orange', missing: 'red', notDue: 'gray' };

/** 报送情况: who filed the half-year on time, late or not at all, per county, and the call list to export. */
function FilersCard({ changes, canExport, canAdmin }: { changes: number; canExport: boolean; canAdmin: boolean }) {
  const [period, setPeriod] = useState<string | null>(null);
  const f = useQuery('bureau.filers', period ? { period } : {});
  const reload = f.reload;
  useEffect(() => {
    if (changes > 0) void reload();
  }, [changes, reload]);
  const exp = useAction('bureau.callList');
  const area = (prefecture: string | null, county: string | null) =>
    county ? `${PREFECTURES[prefecture ?? ''] ?? prefecture ?? ''} ${county}` : t('bureau.areaUnknown');
  return (
    <Card withBorder>
      <Stack>
        <Group justify="space-between" align="flex-end">
          <Title order={5}>
            {t('bureau.filersTitle', { label: f.data?.label ?? '', due: f.data ? formatDateZh(f.data.dueDate) : '' })}
          </Title>
          <Group>
            <Select
              label={t('bureau.period')}
              data={(f.data?.periods ?? []).map((p) => ({ value: p.period, label: p.label }))}
              value={f.data?.period ?? null}
              onChange={(v) => v && setPeriod(v)}
              allowDeselect={false}
            />
            <Button
              variant="default"
              loading={exp.running}
              display={canExport ? undefined : 'none'}
              disabled={!f.data}
              onClick={async () => {
                const file = f.data && (await exp.run({ period: f.data.period }));
                if (file) saveFile(file, XLSX_MIME);
              }}
            >
              {t('bureau.callList')}
            </Button>
          </Group>
        </Group>
        <ErrorAlert error={f.error ?? exp.error} />
        {canAdmin && f.data && (
          <DeadlineControl
            key={`${f.data.period}|${f.data.dueDate}`}
            period={f.data.period}
            current={f.data.ownDeadline ? f.data.dueDate : ''}
            provincial={f.data.provincialDueDate}
            onSaved={reload}
          />
        )}
        <Table withTableBorder data-testid="filers-by-county">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('bureau.area')}</Table.Th>
              {FILER_STATUSES.map((st) => (
                <Table.Th key={st}>{FILER_STATUS_LABELS[st]}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {f.data?.byCounty.map((c) => (
              <Table.Tr key={c.countyCode ?? ''}>
                <Table.Td>{area(c.prefectureCode, c.countyCode)}</Table.Td>
                {FILER_STATUSES.map((st) => (
                  <Table.Td key={st}>{c.counts[st] ?? 0}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group gap="xs" data-testid="filers-schools">
          {f.data?.schools.map((s) => (
            <Badge key={s.schoolCode} color={FILER_COLORS[s.status]} variant="light">
              {t('bureau.filerBadge', { school: s.schoolName, status: FILER_STATUS_LABELS[s.status] })}
              {s.daysLate ? t('bureau.daysLate', { n: s.daysLate }) : ''}
            </Badge>
          ))}
        </Group>
      </Stack>
    </Card>
  );
}

/** The bureau's own deadline for a period (§4): earlier than the provincial one, or cleared back to it. */
function DeadlineControl({
  period,
  current,
  provincial,
  onSaved,
}: {
  period: string;
  current: string;
  provincial: string;
  onSaved: () => Promise<void>;
}) {
  const [day, setDay] = useState(current);
  const save = useAction('bureau.setDeadline');
  const run = async (dueDate: string | null) => {
    if (await save.run({ period, dueDate })) await onSaved();
  };
  return (
    <Group align="flex-end" data-testid="own-deadline">
      <DateField
        label={t('bureau.ownDeadline')}
        description={t('bureau.ownDeadlineHint', { date: formatDateZh(provincial) })}
        value={day}
        onChange={setDay}
        max={provincial}
        error={save.fieldError('dueDate')}
      />
      <Button variant="light" loading={save.running} disabled={!day} onClick={() => void run(day)}>
        {t('bureau.setDeadline')}
      </Button>
      {current && (
        <Button variant="subtle" loading={save.running} onClick={() => void run(null)}>
          {t('bureau.clearDeadline')}
        </Button>
      )}
    </Group>
  );
}

/** 统计表汇总: the schools' submitted tables summed for an area, in the same template, with its checks; xlsx export. */
function RegionStatisticsCard({ changes }: { changes: number }) {
  const [choice, setChoice] = useState<{ asOf?: string; area: string }>({ area: '' });
  const q = useQuery('bureau.statistics', choice);
  const exp = useAction('bureau.exportStatistics');
  const reload = q.reload;
  useEffect(() => {
    if (changes > 0) void reload();
  }, [changes, reload]);
  const d = q.data;
  const areaName = (code: string) => (code.length === 4 ? (PREFECTURES[code] ?? code) : `${PREFECTURES[code.slice(0, 4)] ?? ''} ${code}`);
  return (
    <Card withBorder>
      <Stack>
        <Group justify="space-between" align="flex-end">
          <Title order={5}>{t('bureau.statsTitle', { area: d?.areaLabel ?? '', n: d?.schools.length ?? 0 })}</Title>
          <Group>
            <Select
              label={t('bureau.statsArea')}
              data={[
                { value: '', label: t('bureau.statsAllSchools') },
                { value: '61', label: t('bureau.statsProvince') },
                ...(d?.areas ?? []).map((a) => ({ value: a, label: areaName(a) })),
              ]}
              value={choice.area}
              onChange={(v) => setChoice({ ...choice, area: v ?? '' })}
              allowDeselect={false}
            />
            <Select
              label={t('bureau.statsAsOf')}
              data={(d?.dates ?? []).map((x) => ({ value: x, label: formatDateZh(x) }))}
              value={d?.asOf || null}
              placeholder={t('bureau.statsNone')}
              onChange={(v) => v && setChoice({ ...choice, asOf: v })}
              allowDeselect={false}
            />
            <Button
              variant="default"
              loading={exp.running}
              disabled={!d?.schools.length}
              onClick={async () => {
                const file = await exp.run(choice);
                if (file) saveFile(file, XLSX_MIME);
              }}
            >
              {t('bureau.statsExport')}
            </Button>
            <Button
              variant="default"
              loading={exp.running}
              disabled={!d?.schools.length}
              onClick={async () => {
                const file = await exp.run({ ...choice, format: 'pdf' });
                if (file) saveFile(file, 'application/pdf');
              }}
            >
              {t('bureau.statsPdf')}
            </Button>
          </Group>
        </Group>
        <ErrorAlert error={q.error ?? exp.error} />
        {d && d.missing.length > 0 && (
          <Text size="sm" c="orange" data-testid="stats-missing">
            {t('bureau.statsMissing', { n: d.missing.length, schools: d.missing.map((m) => m.schoolName).join('、') })}
          </Text>
        )}
        {d && d.schools.length > 0 && <StatTableView table={d} />}
      </Stack>
    </Card>
  );
}
