/**
 * 从备份恢复 (administrator): choose the encrypted backup, type your own password as it was when the backup was made,
 * confirm; everyone is signed out, the backup replaces the data (the current data is kept aside in the data folder),
 * and the result says which accounts stayed disabled or went. Accounts disabled since the backup come back only when
 * named here.
 */
import { Alert, Button, Card, Group, List, Modal, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import type { MethodOutput } from '../../../../shared/contract/index';
import type { ApiError } from '../../api/client';
import { useAction } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FilePickButton } from '../../components/FilePickButton';
import { t } from '../../i18n';

export function RestoreCard({ onRestored }: { onRestored: () => void }) {
  const restore = useAction('backup.restore');
  const [file, setFile] = useState<{ fileRef: string; fileName: string } | null>(null);
  const [pickError, setPickError] = useState<ApiError | null>(null);
  const [password, setPassword] = useState('');
  const [reenable, setReenable] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<MethodOutput<'backup.restore'> | null>(null);
  return (
    <Card withBorder data-testid="restore-card">
      <Stack>
        <Title order={4}>{t('restore.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('restore.intro')}
        </Text>
        <Group>
          <FilePickButton
            purpose="backup"
            label={t('restore.choose')}
            variant="default"
            onSent={(f) => {
              setPickError(null);
              setFile({ fileRef: f.fileRef, fileName: f.fileName });
            }}
            onError={setPickError}
          />
          {file && <Text size="sm">{file.fileName}</Text>}
        </Group>
        <ErrorAlert error={pickError} />
        <PasswordInput
          label={t('restore.password')}
          description={t('restore.passwordHint')}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={restore.fieldError('password')}
          w={360}
        />
        <TextInput
          label={t('restore.reenable')}
          description={t('restore.reenableHint')}
          value={reenable}
          onChange={(e) => setReenable(e.currentTarget.value)}
          w={360}
        />
        <ErrorAlert error={restore.error && !restore.error.issues.length ? restore.error : null} />
        <Button color="red" w={200} disabled={!file || !password} onClick={() => setConfirming(true)}>
          {t('restore.start')}
        </Button>
      </Stack>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('restore.confirmTitle')}>
        <Stack>
          <Alert color="red">{t('restore.confirmText', { file: file?.fileName ?? '' })}</Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </Button>
            <Button
              color="red"
              loading={restore.running}
              onClick={async () => {
                if (!file) return;
                const r = await restore.run({
                  fileRef: file.fileRef,
                  password,
                  reenable: reenable
                    .split(/[,，、\s]+/)
                    .map((x) => x.trim())
                    .filter(Boolean),
                });
                setConfirming(false);
                setFile(null); // a file reference is used once
                setPassword('');
                if (r) setDone(r);
              }}
            >
              {t('restore.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Modal opened={!!done} onClose={onRestored} title={t('restore.doneTitle')} withCloseButton={false} closeOnClickOutside={false}>
        {done && (
          <Stack data-testid="restore-done">
            <Text>{t('restore.done', { at: done.createdAt })}</Text>
            <List size="sm">
              {done.keptDisabled.length > 0 && <List.Item>{t('restore.keptDisabled', { names: done.keptDisabled.join('、') })}</List.Item>}
              {done.reenabled.length > 0 && <List.Item>{t('restore.reenabled', { names: done.reenabled.join('、') })}</List.Item>}
              {done.gone.length > 0 && <List.Item>{t('restore.gone', { names: done.gone.join('、') })}</List.Item>}
            </List>
            <Button onClick={onRestored}>{t('restore.toLogin')}</Button>
          </Stack>
        )}
      </Modal>
    </Card>
  );
}
