/** A recovery code shown once, after setup or after a recovery: printed and locked away before going on. */
import { Button, Card, Checkbox, Code, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { t } from '../i18n';

export function RecoveryCodeCard({
  code,
  lead,
  onDone,
  doneLabel,
}: {
  code: string;
  lead?: string;
  onDone: () => void;
  /** The button's text when going on is not "to the login screen". */
  doneLabel?: string;
}) {
  const [kept, setKept] = useState(false);
  return (
    <Card maw={640} mx="auto" mt="xl" withBorder padding="xl">
      <Stack>
        <Title order={2}>{t('setup.recoveryTitle')}</Title>
        {lead && <Text c="teal">{lead}</Text>}
        <Text>{t('setup.recoveryText')}</Text>
        <Code block fz="xl" ta="center" data-testid="recovery-code">
          {code}
        </Code>
        <Group>
          <Button variant="default" onClick={() => window.print()}>
            {t('setup.recoveryPrint')}
          </Button>
          <Checkbox label={t('setup.recoveryKept')} checked={kept} onChange={(e) => setKept(e.currentTarget.checked)} />
        </Group>
        <Button disabled={!kept} onClick={onDone}>
          {doneLabel ?? t('setup.recoveryDone')}
        </Button>
      </Stack>
    </Card>
  );
}
