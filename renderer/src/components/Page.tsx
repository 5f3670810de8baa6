import { Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export function Page({ title, intro, actions, children }: { title: string; intro?: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <Stack gap="md" p="md">
      <div style={{ display: 'flex', alignItems: 'flex-start', justifyContent: 'space-between', gap: 16 }}>
        <div>
          <Title order={2}>{title}</Title>
          {intro && (
            <Text c="dimmed" size="sm" mt={4}>
              {intro}
            </Text>
          )}
        </div>
        {actions}
      </div>
      {children}
    </Stack>
  );
}
