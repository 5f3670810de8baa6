/** 转出 / 转入 (issue 12): a student who leaves keeps a read-only file; their key-care case goes up for exit. */
import { Button, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { todayIso } from '../../../../shared/domain/dates';
import { useAction } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { t } from '../../i18n';
import { DateField } from '../../components/DateField';

export function TransferModal({
  studentId,
  direction,
  opened,
  onClose,
  onDone,
}: {
  studentId: number;
  direction: 'out' | 'in';
  opened: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const [date, setDate] = useState(todayIso(new Date()));
  const [reason, setReason] = useState('');
  const [school, setSchool] = useState('');
  const [className, setClassName] = useState('');
  const transfer = useAction('students.transfer');
  const err = transfer.fieldError;
  const close = () => {
    setReason('');
    setSchool('');
    setClassName('');
    transfer.clearError();
    onClose();
  };
  const out = direction === 'out';
  return (
    <Modal opened={opened} onClose={close} title={out ? t('transfer.outTitle') : t('transfer.inTitle')}>
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const ok = await transfer.run({ id: studentId, direction, date, reason, school, className: className || undefined });
          if (ok) {
            close();
            onDone();
          }
        }}
      >
        <Stack>
          <DateField label={t('transfer.date')} required value={date} onChange={(v) => setDate(v)} error={err('date')} />
          <TextInput
            label={out ? t('transfer.toSchool') : t('transfer.fromSchool')}
            value={school}
            onChange={(e) => setSchool(e.currentTarget.value)}
            error={err('school')}
          />
          {!out && (
            <TextInput
              label={t('transfer.className')}
              value={className}
              onChange={(e) => setClassName(e.currentTarget.value)}
              error={err('className')}
            />
          )}
          <Textarea
            label={t('transfer.reason')}
            required
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={err('reason')}
            autosize
            minRows={2}
          />
          {out && (
            <Text size="sm" c="dimmed">
              {t('transfer.outNote')}
            </Text>
          )}
          <ErrorAlert error={transfer.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color={out ? 'orange' : undefined} loading={transfer.running}>
              {out ? t('transfer.outConfirm') : t('transfer.inConfirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
