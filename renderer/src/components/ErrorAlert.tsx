/** Shows a service error in Chinese, with the per-field issues listed. */
import { Alert, List } from '@mantine/core';
import type { ApiError } from '../api/client';
import { t } from '../i18n';

export function ErrorAlert({ error }: { error: ApiError | null }) {
  if (!error) return null;
  const several = error.issues.length > 1;
  return (
    <Alert color="red" title={t('errors.generic')} role="alert" data-testid="error-alert">
      {several ? (
        <List size="sm">
          {error.issues.map((i) => (
            <List.Item key={i.path + i.message}>{i.message}</List.Item>
          ))}
        </List>
      ) : (
        error.message
      )}
    </Alert>
  );
}
