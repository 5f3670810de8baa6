/**
 * Choosing a file to send to the core: a native open dialog in the desktop app (the main process picks the path), a
 * file input in the browser shell (the file is streamed up). Either way the caller gets the file's one-time reference.
 */
import { Button, type ButtonProps, FileButton } from '@mantine/core';
import type { FilePurpose } from '../../../shared/domain/files';
import { FILE_RULES } from '../../../shared/domain/files';
import { useRef } from 'react';
import { ApiError, isDesktop, sendFile } from '../api/client';

type Sent = Awaited<ReturnType<typeof sendFile>>;

export function FilePickButton({
  purpose,
  label,
  onSent,
  onError,
  disabled,
  variant,
}: {
  purpose: FilePurpose;
  label: string;
  onSent: (file: Sent) => void | Promise<void>;
  onError: (e: ApiError) => void;
  disabled?: boolean;
  variant?: ButtonProps['variant'];
}) {
  // The input is cleared after each pick, so choosing the same file again (a corrected copy) is seen as a new choice.
  const reset = useRef<() => void>(null);
  const send = async (picked?: File) => {
    reset.current?.();
    try {
      await onSent(await sendFile(purpose, picked));
    } catch (e) {
      onError(e instanceof ApiError ? e : new ApiError({ code: 'INTERNAL', message: String(e) }));
    }
  };
  if (isDesktop()) {
    return (
      <Button variant={variant} disabled={disabled} onClick={() => void send()}>
        {label}
      </Button>
    );
  }
  return (
    <FileButton resetRef={reset} accept={FILE_RULES[purpose].extensions.map((e) => `.${e}`).join(',')} onChange={(f) => f && void send(f)}>
      {(props) => (
        <Button {...props} variant={variant} disabled={disabled}>
          {label}
        </Button>
      )}
    </FileButton>
  );
}
