/** Attachments of one case: list, add (PDF/JPEG/PNG ≤ 10 MB, encrypted in the store) and view (audited). */
import { Anchor, Button, FileButton, Group, Stack, Text } from '@mantine/core';
import { useRef } from 'react';
import { formatDateZh } from '../../../../shared/domain/dates';
import { fileToBase64, saveFile } from '../../api/client';
import { useAction, useQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { t } from '../../i18n';

export function CaseAttachments({ caseId, canAdd }: { caseId: number; canAdd: boolean }) {
  const list = useQuery('attachments.list', { caseId });
  const add = useAction('attachments.add');
  const get = useAction('attachments.get');
  const reset = useRef<() => void>(null);
  return (
    <Stack gap={2} mt={4}>
      {list.data?.map((a) => (
        <Group key={a.id} gap="xs">
          <Anchor
            size="sm"
            onClick={async () => {
              const f = await get.run({ id: a.id });
              if (f) saveFile(f, f.mime);
            }}
          >
            {a.fileName}
          </Anchor>
          <Text size="xs" c="dimmed">
            {(a.size / 1024).toFixed(0)} KB · {a.uploadedBy} · {formatDateZh(a.uploadedAt)}
          </Text>
        </Group>
      ))}
      {canAdd && (
        <FileButton
          resetRef={reset}
          accept="application/pdf,image/jpeg,image/png"
          onChange={async (f) => {
            reset.current?.();
            if (!f) return;
            if (await add.run({ caseId, fileName: f.name, base64: await fileToBase64(f) })) await list.reload();
          }}
        >
          {(props) => (
            <Button {...props} size="compact-xs" variant="subtle" w="fit-content" loading={add.running}>
              {t('detail.addAttachment')}
            </Button>
          )}
        </FileButton>
      )}
      <ErrorAlert error={add.error ?? get.error} />
    </Stack>
  );
}
