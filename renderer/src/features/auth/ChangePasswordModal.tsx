/** Forced after an administrator created or reset the account: the person sets a password only they know. */
import { Button, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useAction } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { t } from '../../i18n';

export function ChangePasswordModal({ opened, onDone }: { opened: boolean; onDone: () => void }) {
  const [oldPassword, setOld] = useState('');
  const [newPassword, setNew] = useState('');
  const change = useAction('auth.changePassword');
  return (
    <Modal
      opened={opened}
      onClose={() => undefined}
      withCloseButton={false}
      closeOnEscape={false}
      closeOnClickOutside={false}
      title={t('password.title')}
    >
      <Stack>
        <Text size="sm" c="dimmed">
          {t('password.intro')}
        </Text>
        <PasswordInput
          visibilityToggleButtonProps={{ 'aria-label': t('common.togglePassword') }}
          label={t('password.old')}
          value={oldPassword}
          onChange={(e) => setOld(e.currentTarget.value)}
          error={change.fieldError('oldPassword')}
        />
        <PasswordInput
          visibilityToggleButtonProps={{ 'aria-label': t('common.togglePassword') }}
          label={t('password.new')}
          value={newPassword}
          onChange={(e) => setNew(e.currentTarget.value)}
          error={change.fieldError('newPassword')}
        />
        <ErrorAlert error={change.error} />
        <Button
          loading={change.running}
          onClick={async () => {
            if (await change.run({ oldPassword, newPassword })) onDone();
          }}
        >
          {t('password.save')}
        </Button>
      </Stack>
    </Modal>
  );
}
