/** Backup (still encrypted) and the audit-chain check. */
import { Alert, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { formatDateTimeZh } from '../../../../shared/domain/dates';
import { isDesktop, saveFile } from '../../api/client';
import { useAction, useQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { t } from '../../i18n';
import { RestoreCard } from './RestoreCard';

export function BackupPage({ onBackedUp, onRestored }: { onBackedUp: () => void; onRestored: () => void }) {
  const status = useQuery('app.status', {});
  const backup = useAction('backup.download');
  const saveTo = useAction('backup.saveTo');
  const verify = useAction('audit.verify');
  const [auditMsg, setAuditMsg] = useState('');
  const download = async () => {
    const out = await backup.run({});
    if (out) saveFile(out);
    return out;
  };
  const b = status.data?.backup;
  return (
    <Page title={t('backup.title')} intro={t('backup.intro')}>
      <Card withBorder>
        <Stack>
          <Text>
            {t('backup.last')}：{b?.lastAt ? formatDateTimeZh(b.lastAt) : t('backup.never')}
          </Text>
          {b?.overdue && <Alert color="orange">{t('backup.overdue')}</Alert>}
          <ErrorAlert error={backup.error ?? saveTo.error ?? verify.error} />
          <Group>
            <Button
              loading={backup.running || saveTo.running}
              onClick={async () => {
                // The desktop app writes the file itself from a save dialog (no copy through the page); the browser
                // shell downloads it.
                const done = isDesktop() ? await saveTo.run({ path: '-' }) : await download();
                if (done) {
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
                if (r)
                  setAuditMsg(
                    r.ok
                      ? t('backup.auditOk', { n: r.count })
                      : r.brokenAt !== null
                        ? t('backup.auditBroken', { id: r.brokenAt })
                        : (r.anchor?.problem ?? t('errors.generic')),
                  );
              }}
            >
              {t('backup.auditVerify')}
            </Button>
          </Group>
          {auditMsg && <Text>{auditMsg}</Text>}
        </Stack>
      </Card>
      <RestoreCard onRestored={onRestored} />
    </Page>
  );
}
