/** I6 filing: the school's public key for the bureau, and the encrypted, signed filing package. */
import { Button, Checkbox, Card, Code, Group, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { saveFile } from '../../api/client';
import { useAction, useQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { t } from '../../i18n';

function defaultPeriod(now = new Date()): string {
  return `${now.getFullYear()}H${now.getMonth() < 6 ? 1 : 2}`;
}

export function FilingPage() {
  const key = useQuery('filing.schoolKey', {});
  const exp = useAction('filing.export');
  const [period, setPeriod] = useState(defaultPeriod());
  const [bureauKey, setBureauKey] = useState('');
  const [correction, setCorrection] = useState(false);
  const [message, setMessage] = useState('');
  return (
    <Page title={t('filing.title')} intro={t('filing.intro')}>
      <Card withBorder>
        <Group justify="space-between">
          <Title order={4}>{t('filing.schoolKey')}</Title>
          {key.data && (
            <Button
              variant="default"
              size="xs"
              onClick={() =>
                saveFile(
                  { fileName: 'school-public-key.json', base64: btoa(unescape(encodeURIComponent(key.data!.keyText))) },
                  'application/json',
                )
              }
            >
              {t('filing.downloadKey')}
            </Button>
          )}
        </Group>
        <Code block mt="sm">
          {key.data?.keyText ?? ''}
        </Code>
      </Card>
      <Card withBorder>
        <Stack>
          <TextInput
            label={t('filing.period')}
            value={period}
            onChange={(e) => setPeriod(e.currentTarget.value)}
            error={exp.fieldError('period')}
            w={200}
          />
          <Checkbox
            label={t('filing.correction')}
            description={t('filing.correctionHint')}
            checked={correction}
            onChange={(e) => setCorrection(e.currentTarget.checked)}
          />
          <Textarea
            label={t('filing.bureauKey')}
            value={bureauKey}
            onChange={(e) => setBureauKey(e.currentTarget.value)}
            error={exp.fieldError('bureauKey')}
            autosize
            minRows={2}
          />
          <ErrorAlert error={exp.error} />
          {message && <Text c="teal">{message}</Text>}
          <Button
            w={200}
            loading={exp.running}
            onClick={async () => {
              const out = await exp.run({ period, bureauKey, correction });
              if (out) {
                saveFile(out);
                setMessage(t('filing.exported', { count: out.count, sequence: out.sequence }));
              }
            }}
          >
            {t('filing.export')}
          </Button>
        </Stack>
      </Card>
    </Page>
  );
}
