import { Badge } from '@mantine/core';
import { CASE_STATE_LABELS, type CaseState } from '../../../shared/domain/enums';
import { t } from '../i18n';

const COLORS: Record<CaseState, string> = {
  applied: 'yellow',
  reviewed: 'blue',
  confirmed: 'teal',
  filed: 'green',
  exited: 'gray',
  rejected: 'red',
};

export function StateBadge({ state }: { state: CaseState | null }) {
  if (!state)
    return (
      <Badge color="gray" variant="outline">
        {t('common.notApplied')}
      </Badge>
    );
  return <Badge color={COLORS[state]}>{CASE_STATE_LABELS[state]}</Badge>;
}
