/** Reading a file the desktop's open dialog or the command line chose: its size first, then its bytes, into the inbox. */
import fs from 'node:fs';
import path from 'node:path';
import type { filesContract } from '../../../shared/contract/files';
import { fileSizeProblem } from '../../../shared/domain/files';
import { AppError } from '../../../shared/errors';
import type { Handlers } from './context';

export const filesHandlers: Handlers<typeof filesContract> = {
  'files.pick': async (ctx, i) => {
    let size: number;
    try {
      const st = fs.statSync(i.path);
      if (!st.isFile()) throw new Error('not a file');
      size = st.size;
    } catch {
      throw new AppError('NOT_FOUND', '找不到所选文件，或它不是一个文件', [{ path: 'path', message: '文件不存在' }]);
    }
    const problem = fileSizeProblem(i.purpose, size);
    if (problem) throw new AppError('VALIDATION', problem, [{ path: 'path', message: problem }]);
    const fileName = path.basename(i.path);
    const fileRef = ctx.files.put(fileName, fs.readFileSync(i.path));
    return { fileRef, fileName, size };
  },
};
