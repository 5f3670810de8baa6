/** First run: creates the school (or bureau) workspace, the encrypted store and the first administrator. */
import {
  Button,
  Card,
  MultiSelect,
  PasswordInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useAction } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RecoveryCodeCard } from '../../components/RecoveryCodeCard';
import { managementAreaOptions, prefectureOptions, stageOptions } from '../../components/options';
import { t } from '../../i18n';
import type { Stage } from '../../../../shared/domain/enums';
import { BUREAU_LEVEL_LABELS, BUREAU_LEVELS, type BureauLevel } from '../../../../shared/domain/bureauLevels';

export function SetupPage({ onDone }: { onDone: () => void }) {
  const [mode, setMode] = useState<'school' | 'bureau'>('school');
  const [profile, setProfile] = useState({
    schoolName: '',
    schoolCode: '',
    stages: [] as Stage[],
    prefectureCode: '6101',
    countyCode: '',
    managementArea: '6101',
  });
  const [bureauName, setBureauName] = useState('');
  const [bureauPlace, setBureauPlace] = useState<{ level: BureauLevel; area: string }>({ level: 'county', area: '' });
  // Where the bureau's tables live: the embedded encrypted file, or a PostgreSQL server for a prefecture or province.
  const [engine, setEngine] = useState<'embedded' | 'postgres'>('embedded');
  const [database, setDatabase] = useState('');
  const [admin, setAdmin] = useState({ username: '', displayName: '', password: '' });
  const [password2, setPassword2] = useState('');
  const [recovery, setRecovery] = useState<string | null>(null);
  const school = useAction('setup.school');
  const bureau = useAction('setup.bureau');
  const action = mode === 'school' ? school : bureau;
  const mismatch = password2.length > 0 && password2 !== admin.password;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (mismatch) return;
    const out =
      mode === 'school'
        ? await school.run({ profile, admin })
        : await bureau.run({ name: bureauName, admin, ...bureauPlace, database: engine === 'postgres' ? database : '' });
    if (out) setRecovery(out.recoveryCode);
  };

  if (recovery) return <RecoveryCodeCard code={recovery} onDone={onDone} />;

  return (
    <Card maw={760} mx="auto" mt="xl" withBorder padding="xl" component="form" onSubmit={submit}>
      <Stack>
        <Title order={2}>{t('setup.title')}</Title>
        <Text c="dimmed">{t('setup.intro')}</Text>
        <SegmentedControl
          value={mode}
          onChange={(v) => setMode(v as 'school' | 'bureau')}
          data={[
            { value: 'school', label: t('setup.modeSchool') },
            { value: 'bureau', label: t('setup.modeBureau') },
          ]}
        />
        {mode === 'school' ? (
          <>
            <Title order={4}>{t('setup.schoolSection')}</Title>
            <SimpleGrid cols={2}>
              <TextInput
                label={t('setup.schoolName')}
                required
                value={profile.schoolName}
                onChange={(e) => setProfile({ ...profile, schoolName: e.currentTarget.value })}
                error={action.fieldError('profile.schoolName')}
              />
              <TextInput
                label={t('setup.schoolCode')}
                required
                value={profile.schoolCode}
                onChange={(e) => setProfile({ ...profile, schoolCode: e.currentTarget.value })}
                error={action.fieldError('profile.schoolCode')}
              />
              <MultiSelect
                searchable
                label={t('setup.stages')}
                required
                data={stageOptions}
                value={profile.stages}
                onChange={(v) => setProfile({ ...profile, stages: v as Stage[] })}
                error={action.fieldError('profile.stages')}
              />
              <Select
                label={t('setup.prefecture')}
                data={prefectureOptions}
                value={profile.prefectureCode}
                onChange={(v) => setProfile({ ...profile, prefectureCode: v ?? '' })}
                allowDeselect={false}
              />
              <TextInput
                label={t('setup.county')}
                required
                value={profile.countyCode}
                onChange={(e) => setProfile({ ...profile, countyCode: e.currentTarget.value })}
                error={action.fieldError('profile.countyCode')}
              />
              <Select
                label={t('setup.managementArea')}
                data={managementAreaOptions}
                value={profile.managementArea}
                onChange={(v) => setProfile({ ...profile, managementArea: v ?? '' })}
                allowDeselect={false}
              />
            </SimpleGrid>
          </>
        ) : (
          <SimpleGrid cols={3}>
            <TextInput
              label={t('setup.bureauName')}
              required
              value={bureauName}
              onChange={(e) => setBureauName(e.currentTarget.value)}
              error={action.fieldError('name')}
            />
            <Select
              label={t('setup.bureauLevel')}
              data={BUREAU_LEVELS.map((l) => ({ value: l, label: BUREAU_LEVEL_LABELS[l] }))}
              value={bureauPlace.level}
              onChange={(v) => v && setBureauPlace({ level: v as BureauLevel, area: v === 'province' ? '61' : bureauPlace.area })}
              allowDeselect={false}
            />
            <TextInput
              label={t('setup.bureauArea')}
              description={t('setup.bureauAreaHint')}
              value={bureauPlace.area}
              onChange={(e) => setBureauPlace({ ...bureauPlace, area: e.currentTarget.value.trim() })}
              error={action.fieldError('area')}
            />
            <Select
              label={t('setup.bureauEngine')}
              description={t('setup.bureauEngineHint')}
              data={[
                { value: 'embedded', label: t('setup.engineEmbedded') },
                { value: 'postgres', label: t('setup.enginePostgres') },
              ]}
              value={engine}
              onChange={(v) => v && setEngine(v as 'embedded' | 'postgres')}
              allowDeselect={false}
            />
            {engine === 'postgres' && (
              <TextInput
                style={{ gridColumn: 'span 2' }}
                label={t('setup.databaseUrl')}
                description={t('setup.databaseUrlHint')}
                placeholder="postgres://caredesk@db.example:5432/caredesk?sslmode=verify-full"
                required
                value={database}
                onChange={(e) => setDatabase(e.currentTarget.value.trim())}
                error={action.fieldError('database')}
              />
            )}
          </SimpleGrid>
        )}
        <Title order={4}>{t('setup.adminSection')}</Title>
        <SimpleGrid cols={2}>
          <TextInput
            label={t('setup.username')}
            required
            value={admin.username}
            onChange={(e) => setAdmin({ ...admin, username: e.currentTarget.value })}
            error={action.fieldError('admin.username')}
          />
          <TextInput
            label={t('setup.displayName')}
            required
            value={admin.displayName}
            onChange={(e) => setAdmin({ ...admin, displayName: e.currentTarget.value })}
            error={action.fieldError('admin.displayName')}
          />
          <PasswordInput
            visibilityToggleButtonProps={{ 'aria-label': t('common.togglePassword') }}
            label={t('setup.password')}
            required
            value={admin.password}
            onChange={(e) => setAdmin({ ...admin, password: e.currentTarget.value })}
            error={action.fieldError('admin.password')}
          />
          <PasswordInput
            visibilityToggleButtonProps={{ 'aria-label': t('common.togglePassword') }}
            label={t('setup.password2')}
            required
            value={password2}
            onChange={(e) => setPassword2(e.currentTarget.value)}
            error={mismatch ? t('setup.passwordMismatch') : undefined}
          />
        </SimpleGrid>
        <ErrorAlert error={action.error} />
        <Button type="submit" loading={action.running} loaderProps={{ type: 'dots' }}>
          {action.running ? t('setup.creating') : t('setup.create')}
        </Button>
      </Stack>
    </Card>
  );
}
