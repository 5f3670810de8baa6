/**
 * The end of every contract form: the call's error, then one save button that validates, calls the method and hands
 * its result on. A form built with useContractForm never writes this again.
 */
import { Button, Group } from '@mantine/core';
import type { ApiError } from '../api/client';
import { t } from '../i18n';
import { ErrorAlert } from './ErrorAlert';

export function FormFooter<O>({
  form,
  onSaved,
}: {
  form: { submit: () => Promise<O | null>; action: { error: ApiError | null; running: boolean } };
  /** What follows a successful save (close the modal, reload the list), with the method's answer. */
  onSaved: (out: O) => void | Promise<void>;
}) {
  return (
    <>
      <ErrorAlert error={form.action.error} />
      <Group justify="flex-end">
        <Button
          loading={form.action.running}
          onClick={async () => {
            const out = await form.submit();
            if (out) await onSaved(out);
          }}
        >
          {t('common.save')}
        </Button>
      </Group>
    </>
  );
}
