/**
 * 督查记录 (G4): inspection visits with their findings and rectification items (responsible, deadline, closure),
 * a new record (the day's indicators are kept with it), closing an item, and the printed inspection report.
 */
import { ActionIcon, Badge, Button, Card, Group, Modal, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { formatDateZh, todayIso } from '../../../../shared/domain/dates';
import { saveFile } from '../../api/client';
import { useAction, useQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { t } from '../../i18n';
import { DateField } from '../../components/DateField';

/** `k` keys the row on screen (rows are added and removed); it is not sent. */
type Item = { k: number; item: string; responsible: string; deadline: string };
let nextKey = 1;
const emptyItem = (): Item => ({ k: nextKey++, item: '', responsible: '', deadline: todayIso(new Date()) });

export function InspectionsCard({ canCreate, canClose, canPrint }: { canCreate: boolean; canClose: boolean; canPrint: boolean }) {
  const list = useQuery('inspections.list', {});
  const create = useAction('inspections.create');
  const close = useAction('inspections.closeItem');
  const print = useAction('inspections.print');
  const [form, setForm] = useState<{ date: string; inspectors: string; findings: string; items: Item[] } | null>(null);
  const [closing, setClosing] = useState<{ id: number; item: string; closure: string } | null>(null);
  return (
    <Card withBorder data-testid="inspections">
      <Group justify="space-between" mb="sm">
        <Title order={4}>{t('inspections.title')}</Title>
        {canCreate && (
          <Button
            onClick={() => {
              create.clearError();
              setForm({ date: todayIso(new Date()), inspectors: '', findings: '', items: [emptyItem()] });
            }}
          >
            {t('inspections.add')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={list.error ?? print.error} />
      {list.data?.length === 0 && <Text c="dimmed">{t('inspections.none')}</Text>}
      <Stack>
        {(list.data ?? []).map((r) => (
          <Card key={r.id} withBorder padding="sm">
            <Group justify="space-between">
              <Text fw={600}>
                {formatDateZh(r.date)} · {r.inspectors}
              </Text>
              {canPrint && (
                <Button
                  size="xs"
                  variant="light"
                  loading={print.running}
                  onClick={async () => {
                    const f = await print.run({ id: r.id });
                    if (f) saveFile(f, 'application/pdf');
                  }}
                >
                  {t('inspections.print')}
                </Button>
              )}
            </Group>
            <Text size="sm" mt={4}>
              {r.findings}
            </Text>
            <Table mt="xs" withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('inspections.item')}</Table.Th>
                  <Table.Th>{t('inspections.responsible')}</Table.Th>
                  <Table.Th>{t('inspections.deadline')}</Table.Th>
                  <Table.Th>{t('inspections.state')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {r.items.map((x) => (
                  <Table.Tr key={x.id}>
                    <Table.Td>{x.item}</Table.Td>
                    <Table.Td>{x.responsible}</Table.Td>
                    <Table.Td>{formatDateZh(x.deadline)}</Table.Td>
                    <Table.Td>
                      {x.closedAt ? (
                        <Text size="sm">
                          <Badge color="teal" variant="light" mr={4}>
                            {t('inspections.closed')}
                          </Badge>
                          {x.closure}（{x.closedBy}，{formatDateZh(x.closedAt)}）
                        </Text>
                      ) : (
                        <Group gap={6}>
                          <Badge color={x.overdue ? 'red' : 'orange'} variant="light">
                            {x.overdue ? t('inspections.overdue') : t('inspections.open')}
                          </Badge>
                          {canClose && (
                            <Button
                              size="compact-xs"
                              variant="subtle"
                              onClick={() => {
                                close.clearError();
                                setClosing({ id: x.id, item: x.item, closure: '' });
                              }}
                            >
                              {t('inspections.close')}
                            </Button>
                          )}
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        ))}
      </Stack>
      <Modal opened={!!form} onClose={() => setForm(null)} title={t('inspections.add')} size="xl">
        {form && (
          <Stack>
            <Group grow>
              <DateField
                label={t('inspections.date')}
                value={form.date}
                onChange={(v) => setForm({ ...form, date: v })}
                error={create.fieldError('date')}
              />
              <TextInput
                label={t('inspections.inspectors')}
                value={form.inspectors}
                onChange={(e) => setForm({ ...form, inspectors: e.currentTarget.value })}
                error={create.fieldError('inspectors')}
              />
            </Group>
            <Textarea
              label={t('inspections.findings')}
              autosize
              minRows={3}
              value={form.findings}
              onChange={(e) => setForm({ ...form, findings: e.currentTarget.value })}
              error={create.fieldError('findings')}
            />
            <Text fw={600}>{t('inspections.items')}</Text>
            {form.items.map((x, n) => (
              <Group key={x.k} align="flex-start" wrap="nowrap">
                <TextInput
                  style={{ flex: 3 }}
                  label={t('inspections.itemN', { n: n + 1 })}
                  value={x.item}
                  onChange={(e) =>
                    setForm({ ...form, items: form.items.map((y, m) => (m === n ? { ...y, item: e.currentTarget.value } : y)) })
                  }
                  error={create.fieldError(`items.${n}.item`)}
                />
                <TextInput
                  style={{ flex: 1 }}
                  label={t('inspections.responsible')}
                  value={x.responsible}
                  onChange={(e) =>
                    setForm({ ...form, items: form.items.map((y, m) => (m === n ? { ...y, responsible: e.currentTarget.value } : y)) })
                  }
                  error={create.fieldError(`items.${n}.responsible`)}
                />
                <DateField
                  style={{ flex: 1 }}
                  label={t('inspections.deadline')}
                  value={x.deadline}
                  onChange={(v) => setForm({ ...form, items: form.items.map((y, m) => (m === n ? { ...y, deadline: v } : y)) })}
                  error={create.fieldError(`items.${n}.deadline`)}
                />
                <ActionIcon
                  mt={28}
                  variant="subtle"
                  color="red"
                  aria-label={t('inspections.removeItem', { n: n + 1 })}
                  onClick={() => setForm({ ...form, items: form.items.filter((_, m) => m !== n) })}
                >
                  ×
                </ActionIcon>
              </Group>
            ))}
            <Button variant="subtle" onClick={() => setForm({ ...form, items: [...form.items, emptyItem()] })}>
              {t('inspections.addItem')}
            </Button>
            <ErrorAlert error={create.error} />
            <Group justify="flex-end">
              <Button
                loading={create.running}
                onClick={async () => {
                  if (await create.run({ ...form, items: form.items.map(({ k: _k, ...item }) => item) })) {
                    setForm(null);
                    await list.reload();
                  }
                }}
              >
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
      <Modal opened={!!closing} onClose={() => setClosing(null)} title={closing ? t('inspections.closeTitle', { item: closing.item }) : ''}>
        {closing && (
          <Stack>
            <Textarea
              label={t('inspections.closure')}
              autosize
              minRows={3}
              value={closing.closure}
              onChange={(e) => setClosing({ ...closing, closure: e.currentTarget.value })}
              error={close.fieldError('closure')}
            />
            <Group justify="flex-end">
              <Button
                loading={close.running}
                onClick={async () => {
                  if (await close.run({ id: closing.id, closure: closing.closure })) {
                    setClosing(null);
                    await list.reload();
                  }
                }}
              >
                {t('inspections.close')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Card>
  );
}
