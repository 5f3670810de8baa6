/** Staff accounts: create, reset, disable (destroys the key slot). Administrators only. */
import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { ROLE_LABELS, type Role } from '../../../../shared/domain/enums';
import { formatDateZh } from '../../../../shared/domain/dates';
import { useAction, useQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RecoveryCodeCard } from '../../components/RecoveryCodeCard';
import type { Out } from '../../../../shared/contract/index';
import { roleOptions } from '../../components/options';
import { BUREAU_ROLES } from '../../../../shared/contract/roleGroups';
import { Page } from '../../components/Page';
import { t } from '../../i18n';

/** In a bureau workspace only the bureau's three roles can be given (issue 14 §7). */
export function AccountsPage({ bureau = false }: { bureau?: boolean }) {
  const list = useQuery('accounts.list', {});
  const create = useAction('accounts.create');
  const disable = useAction('accounts.disable');
  const reset = useAction('accounts.resetPassword');
  const [adding, setAdding] = useState(false);
  const [form, setForm] = useState({ username: '', displayName: '', password: '', role: 'officer' as Role, classes: [] as string[] });
  const [resetting, setResetting] = useState<number | null>(null);
  const [newPassword, setNewPassword] = useState('');
  // What the rekey after a disable or reset left to say (and, rarely, a new recovery code to print).
  const [rekeyed, setRekeyed] = useState<Out<'accounts.disable'> | null>(null);
  return (
    <Page title={t('accounts.title')} actions={<Button onClick={() => setAdding(true)}>{t('accounts.add')}</Button>}>
      <ErrorAlert error={list.error ?? disable.error} />
      <Table striped withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('setup.username')}</Table.Th>
            <Table.Th>{t('setup.displayName')}</Table.Th>
            <Table.Th>{t('accounts.role')}</Table.Th>
            <Table.Th>{t('accounts.classesCol')}</Table.Th>
            <Table.Th>{t('accounts.status')}</Table.Th>
            <Table.Th>{t('accounts.createdAt')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data?.map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td>{a.username}</Table.Td>
              <Table.Td>{a.displayName}</Table.Td>
              <Table.Td>{ROLE_LABELS[a.role]}</Table.Td>
              <Table.Td>{a.classes.join('、')}</Table.Td>
              <Table.Td>
                {a.disabled ? <Badge color="gray">{t('accounts.disabled')}</Badge> : <Badge color="teal">{t('accounts.active')}</Badge>}
                {a.lockedUntil && Date.parse(a.lockedUntil) > Date.now() && (
                  <Badge color="red" ml={4}>
                    {t('accounts.locked')}
                  </Badge>
                )}
                {a.mustChangePassword && !a.disabled && (
                  <Badge color="yellow" ml={4}>
                    {t('accounts.mustChange')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{formatDateZh(a.createdAt)}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  <Button
                    size="xs"
                    variant="subtle"
                    onClick={() => {
                      setResetting(a.id);
                      setNewPassword('');
                      reset.clearError();
                    }}
                  >
                    {t('accounts.reset')}
                  </Button>
                  {!a.disabled && (
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      loading={disable.running}
                      onClick={async () => {
                        if (!window.confirm(t('accounts.disableConfirm'))) return;
                        const r = await disable.run({ id: a.id });
                        if (r) {
                          setRekeyed(r);
                          await list.reload();
                        }
                      }}
                    >
                      {t('accounts.disable')}
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal opened={adding} onClose={() => setAdding(false)} title={t('accounts.add')} size="lg">
        <Stack>
          <SimpleGrid cols={2}>
            <TextInput
              label={t('setup.username')}
              value={form.username}
              onChange={(e) => setForm({ ...form, username: e.currentTarget.value })}
              error={create.fieldError('username')}
            />
            <TextInput
              label={t('setup.displayName')}
              value={form.displayName}
              onChange={(e) => setForm({ ...form, displayName: e.currentTarget.value })}
              error={create.fieldError('displayName')}
            />
            <PasswordInput
              visibilityToggleButtonProps={{ 'aria-label': t('common.togglePassword') }}
              label={t('setup.password')}
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
              error={create.fieldError('password')}
            />
            <Select
              label={t('accounts.role')}
              data={bureau ? roleOptions.filter((o) => BUREAU_ROLES.includes(o.value as Role)) : roleOptions}
              value={form.role}
              onChange={(v) => setForm({ ...form, role: (v ?? 'officer') as Role })}
              allowDeselect={false}
            />
          </SimpleGrid>
          <TagsInput
            label={t('accounts.classes')}
            value={form.classes}
            onChange={(v) => setForm({ ...form, classes: v })}
            error={create.fieldError('classes')}
          />
          <ErrorAlert error={create.error} />
          <Button
            loading={create.running}
            onClick={async () => {
              if (await create.run(form)) {
                setAdding(false);
                setForm({ username: '', displayName: '', password: '', role: 'officer', classes: [] });
                await list.reload();
              }
            }}
          >
            {t('common.save')}
          </Button>
        </Stack>
      </Modal>
      <Modal opened={resetting !== null} onClose={() => setResetting(null)} title={t('accounts.reset')}>
        <Stack>
          <PasswordInput
            visibilityToggleButtonProps={{ 'aria-label': t('common.togglePassword') }}
            label={t('accounts.newPassword')}
            value={newPassword}
            onChange={(e) => setNewPassword(e.currentTarget.value)}
            error={reset.fieldError('password')}
          />
          <ErrorAlert error={reset.error} />
          <Button
            loading={reset.running}
            onClick={async () => {
              const r = resetting ? await reset.run({ id: resetting, password: newPassword }) : null;
              if (r) {
                setResetting(null);
                setRekeyed(r);
                await list.reload();
              }
            }}
          >
            {t('common.save')}
          </Button>
        </Stack>
      </Modal>
      <Modal opened={rekeyed !== null} onClose={() => setRekeyed(null)} title={t('accounts.rekeyedTitle')} size="lg">
        {rekeyed && (
          <Stack>
            <Text data-testid="rekeyed">{t('accounts.rekeyedText', { seconds: (rekeyed.rekeyMs / 1000).toFixed(1) })}</Text>
            {rekeyed.lostAccess.length > 0 && (
              <Alert color="orange">{t('accounts.lostAccess', { names: rekeyed.lostAccess.join('、') })}</Alert>
            )}
            {rekeyed.newRecoveryCode ? (
              <RecoveryCodeCard
                code={rekeyed.newRecoveryCode}
                lead={t('accounts.newRecoveryLead')}
                doneLabel={t('accounts.recoveryStored')}
                onDone={() => setRekeyed(null)}
              />
            ) : (
              <Button onClick={() => setRekeyed(null)}>{t('common.close')}</Button>
            )}
          </Stack>
        )}
      </Modal>
    </Page>
  );
}
