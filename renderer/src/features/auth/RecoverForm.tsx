/**
 * 忘记密码 for the administrator: the printed recovery code sets a new password. The used code is spent and a new
 * one is shown once, to print and lock away like the first. Other staff ask the administrator to reset theirs.
 */
import { Button, Group, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useAction } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RecoveryCodeCard } from '../../components/RecoveryCodeCard';
import { t } from '../../i18n';

export function RecoverForm({ onBack }: { onBack: (notice?: string) => void }) {
  const [username, setUsername] = useState('');
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [fresh, setFresh] = useState<string | null>(null);
  const recover = useAction('auth.recover');
  if (fresh) return <RecoveryCodeCard code={fresh} lead={t('recover.done')} onDone={() => onBack(t('recover.loginNow'))} />;
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setMismatch(password !== again);
    if (password !== again) return;
    const out = await recover.run({ username, recoveryCode: code, newPassword: password });
    setCode('');
    if (out) setFresh(out.recoveryCode);
  };
  return (
    <Stack component="form" onSubmit={submit} data-testid="recover-form">
      <Title order={3}>{t('recover.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('recover.intro')}
      </Text>
      <TextInput
        label={t('login.username')}
        required
        value={username}
        onChange={(e) => setUsername(e.currentTarget.value)}
        error={recover.fieldError('username')}
      />
      <TextInput
        label={t('recover.code')}
        required
        value={code}
        onChange={(e) => setCode(e.currentTarget.value)}
        error={recover.fieldError('recoveryCode')}
        autoComplete="off"
      />
      <PasswordInput
        visibilityToggleButtonProps={{ 'aria-label': t('common.togglePassword') }}
        label={t('recover.newPassword')}
        required
        value={password}
        onChange={(e) => setPassword(e.currentTarget.value)}
        error={recover.fieldError('newPassword')}
        autoComplete="new-password"
      />
      <PasswordInput
        visibilityToggleButtonProps={{ 'aria-label': t('common.togglePassword') }}
        label={t('recover.again')}
        required
        value={again}
        onChange={(e) => setAgain(e.currentTarget.value)}
        error={mismatch ? t('recover.mismatch') : undefined}
        autoComplete="new-password"
      />
      <ErrorAlert error={recover.error} />
      <Group justify="space-between">
        <Button variant="subtle" onClick={() => onBack()}>
          {t('recover.back')}
        </Button>
        <Button type="submit" loading={recover.running}>
          {t('recover.submit')}
        </Button>
      </Group>
    </Stack>
  );
}
