/** 学生名册: search, filter by class and category, sort and page; identifiers masked. */
import { Badge, Button, Checkbox, Group, Pagination, Select, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { CATEGORY_LABELS, GENDER_LABELS, STAGE_LABELS, type Category } from '../../../../shared/domain/enums';
import { STUDENT_STATUS_LABELS } from '../../../../shared/domain/schoolYear';
import { useQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { categoryOptions } from '../../components/options';
import { Page } from '../../components/Page';
import { StateBadge } from '../../components/StateBadge';
import { t } from '../../i18n';
import { useNav } from '../../nav';
import { NewStudentModal } from './NewStudentModal';

const PAGE_SIZE = 20;

export function StudentListPage({ canCreate }: { canCreate: boolean }) {
  const { go } = useNav();
  const [q, setQ] = useState('');
  const [debouncedQ] = useDebouncedValue(q, 250);
  const [className, setClassName] = useState('');
  const [category, setCategory] = useState<Category | ''>('');
  const [onListOnly, setOnListOnly] = useState(false);
  const [multipleOnly, setMultipleOnly] = useState(false);
  const [status, setStatus] = useState<'active' | 'left' | 'all'>('active');
  const [sort, setSort] = useState<'className' | 'name' | 'createdAt'>('className');
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState(false);
  const list = useQuery('students.list', {
    q: debouncedQ,
    className,
    category,
    onListOnly,
    multipleOnly,
    status,
    sort,
    page,
    pageSize: PAGE_SIZE,
  });
  const pages = Math.max(1, Math.ceil((list.data?.total ?? 0) / PAGE_SIZE));
  const reset = () => setPage(1);

  return (
    <Page title={t('students.title')} actions={canCreate && <Button onClick={() => setAdding(true)}>{t('students.add')}</Button>}>
      <Group align="flex-end">
        <TextInput
          label={t('common.search')}
          placeholder={t('students.searchPlaceholder')}
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            reset();
          }}
          w={240}
        />
        <Select
          label={t('students.class')}
          data={[{ value: '', label: t('common.all') }, ...(list.data?.classes ?? []).map((c) => ({ value: c, label: c }))]}
          value={className}
          onChange={(v) => {
            setClassName(v ?? '');
            reset();
          }}
          w={180}
          allowDeselect={false}
        />
        <Select
          label={t('students.category')}
          data={[{ value: '', label: t('common.all') }, ...categoryOptions]}
          value={category}
          onChange={(v) => {
            setCategory((v ?? '') as Category | '');
            reset();
          }}
          w={200}
          allowDeselect={false}
        />
        <Select
          label={t('students.sort')}
          data={[
            { value: 'className', label: t('students.sortClass') },
            { value: 'name', label: t('students.sortName') },
            { value: 'createdAt', label: t('students.sortNew') },
          ]}
          value={sort}
          onChange={(v) => setSort((v ?? 'className') as typeof sort)}
          w={140}
          allowDeselect={false}
        />
        <Select
          label={t('students.status')}
          data={[
            { value: 'active', label: t('students.statusActive') },
            { value: 'left', label: t('students.statusLeft') },
            { value: 'all', label: t('common.all') },
          ]}
          value={status}
          onChange={(v) => {
            setStatus((v ?? 'active') as typeof status);
            reset();
          }}
          w={200}
          allowDeselect={false}
        />
        <Checkbox
          label={t('students.multiple')}
          checked={multipleOnly}
          onChange={(e) => {
            setMultipleOnly(e.currentTarget.checked);
            reset();
          }}
          mb={8}
        />
        <Checkbox
          label={t('students.onList')}
          checked={onListOnly}
          onChange={(e) => {
            setOnListOnly(e.currentTarget.checked);
            reset();
          }}
          mb={8}
        />
      </Group>
      <ErrorAlert error={list.error} />
      <Table striped highlightOnHover withTableBorder data-testid="student-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('students.name')}</Table.Th>
            <Table.Th>{t('students.gender')}</Table.Th>
            <Table.Th>{t('students.idNumber')}</Table.Th>
            <Table.Th>{t('students.stageGrade')}</Table.Th>
            <Table.Th>{t('students.class')}</Table.Th>
            <Table.Th>{t('students.category')}</Table.Th>
            <Table.Th>{t('students.state')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data?.rows.map((r) => (
            <Table.Tr key={r.id} onClick={() => go({ name: 'student', id: r.id })} style={{ cursor: 'pointer' }}>
              <Table.Td>
                <Text
                  fw={500}
                  component="a"
                  href="#"
                  onClick={(e) => {
                    e.preventDefault();
                    go({ name: 'student', id: r.id });
                  }}
                >
                  {r.name}
                </Text>
              </Table.Td>
              <Table.Td>{GENDER_LABELS[r.gender]}</Table.Td>
              <Table.Td ff="monospace">{r.idNumberMasked}</Table.Td>
              <Table.Td>
                {STAGE_LABELS[r.stage]} / {r.grade}
              </Table.Td>
              <Table.Td>{r.className}</Table.Td>
              <Table.Td>
                {r.categories.map((c) => (
                  <Badge key={c} variant="light" mr={4}>
                    {CATEGORY_LABELS[c]}
                  </Badge>
                ))}
                {r.multipleFactors && (
                  <Badge color="orange" variant="light" mr={4}>
                    {t('students.multipleBadge')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>
                <StateBadge state={r.caseState} />
                {r.status !== 'active' && (
                  <Badge color="gray" ml={4}>
                    {STUDENT_STATUS_LABELS[r.status]}
                  </Badge>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {list.data && list.data.rows.length === 0 && (
        <Text c="dimmed" ta="center">
          {t('students.empty')}
        </Text>
      )}
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t('common.total', { n: list.data?.total ?? 0 })}
        </Text>
        <Pagination total={pages} value={page} onChange={setPage} />
      </Group>
      <NewStudentModal
        opened={adding}
        onClose={() => setAdding(false)}
        onCreated={(id) => {
          setAdding(false);
          go({ name: 'student', id });
        }}
        onOpenExisting={(id) => go({ name: 'student', id })}
      />
    </Page>
  );
}
