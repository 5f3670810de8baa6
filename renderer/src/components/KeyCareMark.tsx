/** A name with a small mark when the student is on the key-care list: screens that serve every student in difficulty. */
import { Badge, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import { t } from '../i18n';

export function KeyCareMark({ children, onList }: { children: ReactNode; onList: boolean }) {
  return (
    <Group gap={4} wrap="nowrap">
      {children}
      {onList && (
        <Badge size="xs" variant="light" color="grape">
          {t('common.keyCareMark')}
        </Badge>
      )}
    </Group>
  );
}
