/** Login and lock screen: unlocks the store with the person's own key slot. */
import { Alert, Button, Card, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { setSession } from '../../api/client';
import { useAction } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { t } from '../../i18n';
import { RecoverForm } from './RecoverForm';
import type { User } from '../../../../shared/contract/schemas';

export function LoginPage({ name, notice, onLogin }: { name: string; notice?: string; onLogin: (u: User) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const login = useAction('auth.login');
  const [recovering, setRecovering] = useState(false);
  const [shown, setShown] = useState(notice);
  useEffect(() => setShown(notice), [notice]);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const out = await login.run({ username, password });
    setPassword('');
    if (out) {
      setSession(out.session);
      onLogin(out.user);
    }
  };
  if (recovering)
    return (
      <Card maw={480} mx="auto" mt={80} withBorder padding="xl">
        <RecoverForm
          onBack={(message) => {
            setRecovering(false);
            if (message) setShown(message);
          }}
        />
      </Card>
    );
  return (
    <Card maw={420} mx="auto" mt={80} withBorder padding="xl" component="form" onSubmit={submit}>
      <Stack>
        <Title order={2}>{t('app.title')}</Title>
        <Text c="dimmed">{name}</Text>
        {shown && <Alert color="yellow">{shown}</Alert>}
        <TextInput
          label={t('login.username')}
          autoFocus
          required
          value={username}
          onChange={(e) => setUsername(e.currentTarget.value)}
          autoComplete="username"
        />
        <PasswordInput
          visibilityToggleButtonProps={{ 'aria-label': t('common.togglePassword') }}
          label={t('login.password')}
          required
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          autoComplete="current-password"
        />
        <ErrorAlert error={login.error} />
        <Button type="submit" loading={login.running}>
          {t('login.submit')}
        </Button>
        <Text size="xs" c="dimmed">
          {t('login.hint')}
        </Text>
        <Button variant="subtle" size="xs" onClick={() => setRecovering(true)}>
          {t('recover.link')}
        </Button>
      </Stack>
    </Card>
  );
}
