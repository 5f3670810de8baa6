/** The administrator's care settings: days without school (not owed a daily ask) and the concern deadline. */
import { ActionIcon, Button, Card, Group, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { NonSchoolRange } from '../../../../shared/domain/calendar';
import { useAction, useQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { t } from '../../i18n';
import { DateField } from '../../components/DateField';

export function CareSettingsCard({ onSaved }: { onSaved: () => void }) {
  const current = useQuery('calendar.get', {});
  const save = useAction('calendar.save');
  const [ranges, setRanges] = useState<NonSchoolRange[]>([]);
  const [due, setDue] = useState(3);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (current.data) {
      setRanges(current.data.nonSchoolDays);
      setDue(current.data.concernDueWorkingDays);
    }
  }, [current.data]);
  const set = (i: number, patch: Partial<NonSchoolRange>) => setRanges((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Card withBorder maw={720}>
      <Stack>
        <Text fw={600}>{t('care.nonSchoolDays')}</Text>
        <Text size="sm" c="dimmed">
          {t('care.nonSchoolHint')}
        </Text>
        {ranges.map((r, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows of a list being edited have no identity but their place
          <Group key={i} align="flex-end">
            <TextInput label={t('care.label')} value={r.label} onChange={(e) => set(i, { label: e.currentTarget.value })} w={200} />
            <DateField label={t('care.from')} value={r.from} onChange={(v) => set(i, { from: v })} />
            <DateField label={t('care.to')} value={r.to} onChange={(v) => set(i, { to: v })} />
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={t('common.remove')}
              onClick={() => setRanges((rs) => rs.filter((_, j) => j !== i))}
            >
              ✕
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button variant="default" size="xs" onClick={() => setRanges((rs) => [...rs, { from: '', to: '', label: '' }])}>
            {t('care.addRange')}
          </Button>
        </Group>
        <NumberInput label={t('care.concernDue')} value={due} min={1} max={15} onChange={(v) => setDue(Number(v) || 3)} w={220} />
        <ErrorAlert error={save.error} />
        <Group>
          <Button
            loading={save.running}
            onClick={async () => {
              if (await save.run({ nonSchoolDays: ranges, concernDueWorkingDays: due })) {
                setSaved(true);
                onSaved();
              }
            }}
          >
            {t('common.save')}
          </Button>
          {saved && <Text c="teal">{t('care.saved')}</Text>}
        </Group>
      </Stack>
    </Card>
  );
}
