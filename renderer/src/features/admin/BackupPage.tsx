/** Backup (still encrypted) and the audit-chain check. */
import { Alert, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { formatDateTimeZh } from '../../../../shared/domain/dates';
import { saveFile } from '../../api/client';
import { useAction, useQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { t } from '../../i18n';

export function BackupPage({ onBackedUp }: { onBackedUp: () => void }) {
  const status = useQuery('app.status', {});
  const backup = useAction('backup.download');
  const verify = useAction('audit.verify');
  const [auditMsg, setAuditMsg] = useState('');
  const b = status.data?.backup;
  return (
    <Page title={t('backup.title')} intro={t('backup.intro')}>
      <Card withBorder>
        <Stack>
          <Text>
            {t('backup.last')}：{b?.lastAt ? formatDateTimeZh(b.lastAt) : t('backup.never')}
          </Text>
          {b?.overdue && <Alert color="orange">{t('backup.overdue')}</Alert>}
          <ErrorAlert error={backup.error ?? verify.error} />
          <Group>
            <Button
              loading={backup.running}
              onClick={async () => {
                const out = await backup.run({});
                if (out) {
                  saveFile(out);
                  await status.reload();
                  onBackedUp();
                }
              }}
            >
              {t('backup.create')}
            </Button>
            <Button
              variant="default"
              loading={verify.running}
              onClick={async () => {
                const r = await verify.run({});
                if (r) setAuditMsg(r.ok ? t('backup.auditOk', { n: r.count }) : t('backup.auditBroken', { id: r.brokenAt ?? 0 }));
              }}
            >
              {t('backup.auditVerify')}
            </Button>
          </Group>
          {auditMsg && <Text>{auditMsg}</Text>}
        </Stack>
      </Card>
    </Page>
  );
}
