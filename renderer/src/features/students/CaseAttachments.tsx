/** Attachments of one case: list, add (PDF/JPEG/PNG ≤ 10 MB, encrypted in the store) and view (audited). */
import { Anchor, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { formatDateZh } from '../../../../shared/domain/dates';
import { type ApiError, saveFile } from '../../api/client';
import { FilePickButton } from '../../components/FilePickButton';
import { useAction, useQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { t } from '../../i18n';

export function CaseAttachments({ caseId, canAdd }: { caseId: number; canAdd: boolean }) {
  const list = useQuery('attachments.list', { caseId });
  const add = useAction('attachments.add');
  const get = useAction('attachments.get');
  const [pickError, setPickError] = useState<ApiError | null>(null);
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
        <FilePickButton
          purpose="attachment"
          variant="subtle"
          label={t('detail.addAttachment')}
          disabled={add.running}
          onError={setPickError}
          onSent={async (sent) => {
            setPickError(null);
            if (await add.run({ caseId, fileRef: sent.fileRef })) await list.reload();
          }}
        />
      )}
      <ErrorAlert error={pickError ?? add.error ?? get.error} />
    </Stack>
  );
}
