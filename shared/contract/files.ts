/**
 * Files into the core without base64 in JSON: the desktop app and the command line hand over a path (the desktop's
 * from a native open dialog, never from the page); the browser shell streams an upload (see main/ipc/httpTransport.ts).
 * Either way the size is checked first and the bytes are held in memory under a one-time reference.
 */
import { z } from 'zod';
import { FILE_PURPOSES } from '../domain/files';
import { type ContractSection, eitherWorkspace } from './spec';

/** A file already sent to the core, by its one-time reference. */
export const fileRefSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, '请选择文件');

export const sentFileSchema = z.object({ fileRef: z.string(), fileName: z.string(), size: z.number().int() });

export const filesContract = {
  'files.pick': {
    doc: '桌面版与命令行：读取所选文件（桌面版由打开文件对话框选择）交给数据服务，返回一次性文件编号；先核对大小',
    access: { ...eitherWorkspace('any'), transports: ['desktop', 'local'] },
    input: z.object({ purpose: z.enum(FILE_PURPOSES), path: z.string().trim().min(1, '请选择文件').max(1000) }),
    output: sentFileSchema,
  },
} as const satisfies ContractSection;
