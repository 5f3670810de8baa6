/**
 * The children a school filed, for the bureau's administrator and 专干 only (issue 14 §8): opened on request from the
 * package as it arrived — the bureau's tables hold counts, not the list — and each opening is in the audit log.
 */
import { Button, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { CATEGORY_LABELS, type Category, GENDER_LABELS, type Gender, STAGE_LABELS, type Stage } from '../../../../shared/domain/enums';
import { formatDateZh } from '../../../../shared/domain/dates';
import { useAction } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { t } from '../../i18n';

export function FiledListSection({ schoolCode, period }: { schoolCode: string; period: string }) {
  const open = useAction('bureau.filedList');
  const [list, setList] = useState<Awaited<ReturnType<typeof open.run>>>(null);
  return (
    <Stack gap="xs">
      {!list && (
        <Button
          variant="light"
          w="fit-content"
          loading={open.running}
          onClick={async () => setList(await open.run({ schoolCode, period }))}
        >
          {t('filedList.open')}
        </Button>
      )}
      <ErrorAlert error={open.error} />
      {list && (
        <>
          <Text size="sm" c="dimmed">
            {t('filedList.meta', { label: list.label, sequence: list.sequence, count: list.students.length })}
          </Text>
          <Table withTableBorder striped data-testid="filed-list" hidden={list.students.length === 0}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('filedList.name')}</Table.Th>
                <Table.Th>{t('filedList.gender')}</Table.Th>
                <Table.Th>{t('filedList.grade')}</Table.Th>
                <Table.Th>{t('filedList.categories')}</Table.Th>
                <Table.Th>{t('filedList.confirmedAt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.students.map((s, i) => (
                // A filed list has no id per child: its order in the package is its identity here.
                // biome-ignore lint/suspicious/noArrayIndexKey: see the line above
                <Table.Tr key={i}>
                  <Table.Td>{s.name}</Table.Td>
                  <Table.Td>{GENDER_LABELS[s.gender as Gender] ?? s.gender}</Table.Td>
                  <Table.Td>{`${STAGE_LABELS[s.stage as Stage] ?? s.stage} ${s.grade}`}</Table.Td>
                  <Table.Td>{s.categories.map((c) => CATEGORY_LABELS[c as Category] ?? c).join('、')}</Table.Td>
                  <Table.Td>{formatDateZh(s.confirmedAt.slice(0, 10))}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}
