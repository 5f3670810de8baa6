/**
 * Plain-Chinese sentences for zod's built-in checks (issue 11 #12): the library's own locale says
 * "数值过小：期望 number >=5" or "无效输入", which an office cannot act on. The router puts the field's on-screen
 * label in front ("每页条数：不能小于 5"); a schema's own message still wins over these.
 */
import type { z } from 'zod';

type Issue = Parameters<NonNullable<z.core.$ZodConfig['customError']>>[0];

const count = (n: unknown) => String(n);

function tooSmall(origin: string, minimum: unknown, inclusive: boolean | undefined): string {
  if (origin === 'string') return Number(minimum) <= 1 ? '请填写' : `至少 ${count(minimum)} 个字`;
  if (origin === 'array' || origin === 'set') return Number(minimum) <= 1 ? '请至少选择一项' : `至少选择 ${count(minimum)} 项`;
  if (origin === 'date') return `不能早于 ${count(minimum)}`;
  return inclusive === false ? `须大于 ${count(minimum)}` : `不能小于 ${count(minimum)}`;
}

function tooBig(origin: string, maximum: unknown, inclusive: boolean | undefined): string {
  if (origin === 'string') return `不能超过 ${count(maximum)} 个字`;
  if (origin === 'array' || origin === 'set') return `最多选择 ${count(maximum)} 项`;
  if (origin === 'date') return `不能晚于 ${count(maximum)}`;
  return inclusive === false ? `须小于 ${count(maximum)}` : `不能大于 ${count(maximum)}`;
}

export function errorSentence(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null || issue.input === '') return '请填写';
      if (issue.expected === 'number' || issue.expected === 'int') return '请填写数字';
      if (issue.expected === 'boolean') return '请选择是或否';
      if (issue.expected === 'array') return '请选择';
      return '格式不正确';
    case 'too_small':
      return tooSmall(issue.origin, issue.minimum, issue.inclusive);
    case 'too_big':
      return tooBig(issue.origin, issue.maximum, issue.inclusive);
    case 'invalid_format':
      return '格式不正确';
    case 'invalid_value':
      return '请从列表中选择';
    case 'not_multiple_of':
      return `须为 ${count(issue.divisor)} 的整数倍`;
    case 'unrecognized_keys':
      return '含有不认识的字段';
    case 'invalid_union':
      return '格式不正确';
    default:
      return undefined;
  }
}
