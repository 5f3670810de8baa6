/** Builds valid ID numbers for synthetic data (seed, tests, benchmarks). */
import { idCheckChar } from '../../../shared/domain/idNumber';

export function makeIdNumber(county: string, birth: string, seq: number): string {
  const first17 = `${county}${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}
