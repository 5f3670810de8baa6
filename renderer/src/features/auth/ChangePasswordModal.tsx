/** Forced after an administrator created or reset the account: the person sets a password only they know. */
import { Button, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useAction } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';

export function ChangePasswordModal({ opened, onDone }: { opened: boolean; onDone: () => void }) {
  const [oldPassword, setOld] = useState('');
  const [newPassword, setNew] = useState('');
  const change = useAction('auth.changePassword');
  return (
    <Modal opened={opened} onClose={() => undefined} withCloseButton={false} closeOnEscape={false} closeOnClickOutside={false} title="请设置您自己的密码">
      <Stack>
        <Text size="sm" c="dimmed">账户由管理员建立或重置，首次登录须修改密码，新密码只有您本人知道。</Text>
        <PasswordInput visibilityToggleButtonProps={{ 'aria-label': '显示或隐藏密码' }} label="原密码（管理员告知的密码）" value={oldPassword} onChange={(e) => setOld(e.currentTarget.value)} error={change.fieldError('oldPassword')} />
        <PasswordInput visibilityToggleButtonProps={{ 'aria-label': '显示或隐藏密码' }} label="新密码（至少 8 位）" value={newPassword} onChange={(e) => setNew(e.currentTarget.value)} error={change.fieldError('newPassword')} />
        <ErrorAlert error={change.error} />
        <Button loading={change.running} onClick={async () => { if (await change.run({ oldPassword, newPassword })) onDone(); }}>保存新密码</Button>
      </Stack>
    </Modal>
  );
}
