import { Badge } from '@mantine/core';
import { CASE_STATE_LABELS, type CaseState } from '../../../shared/domain/enums';

const COLORS: Record<CaseState, string> = { applied: 'yellow', reviewed: 'blue', confirmed: 'teal', filed: 'green', exited: 'gray', rejected: 'red' };

export function StateBadge({ state }: { state: CaseState | null }) {
  if (!state) return <Badge color="gray" variant="outline">未申请</Badge>;
  return <Badge color={COLORS[state]}>{CASE_STATE_LABELS[state]}</Badge>;
}
