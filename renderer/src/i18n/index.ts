/** The i18n layer: t('section.key', {vars}). zh-CN is the only locale today; keys keep the door open. */
import { zhCN } from './zh-CN';

type Dict = typeof zhCN;
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
export type MessageKey = Leaves<Dict>;

export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  let node: unknown = zhCN;
  for (const part of key.split('.')) node = (node as Record<string, unknown>)[part];
  const s = typeof node === 'string' ? node : key;
  return s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
}
