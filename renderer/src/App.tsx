/** The app frame: first-run setup, login/lock, and the role-dependent navigation between screens. */
import { Alert, Anchor, AppShell, Badge, Center, Group, Loader, NavLink, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useIdle } from '@mantine/hooks';
import { useCallback, useEffect, useState } from 'react';
import type { Role } from '../../shared/domain/enums';
import { ROLE_LABELS } from '../../shared/domain/enums';
import { formatDateZh } from '../../shared/domain/dates';
import type { User } from '../../shared/contract/schemas';
import { call, hasSecret, onSessionError, setSession } from './api/client';
import type { MethodName } from '../../shared/contract/index';
import { IMPORT_ROLES } from '../../shared/domain/imports';
import { can } from './api/access';
import { t, type MessageKey } from './i18n';
import { NavContext, type Route } from './nav';
import { SetupPage } from './features/setup/SetupPage';
import { LoginPage } from './features/auth/LoginPage';
import { ChangePasswordModal } from './features/auth/ChangePasswordModal';
import { StudentListPage } from './features/students/StudentListPage';
import { StudentDetailPage } from './features/students/StudentDetailPage';
import { ApplyPage } from './features/cases/ApplyPage';
import { ReviewPage } from './features/cases/ReviewPage';
import { ConfirmPage } from './features/cases/ConfirmPage';
import { KeyCareListPage } from './features/cases/KeyCareListPage';
import { AccountsPage } from './features/admin/AccountsPage';
import { FilingPage } from './features/admin/FilingPage';
import { BackupPage } from './features/admin/BackupPage';
import { BureauPage } from './features/bureau/BureauPage';
import { AidImportPage } from './features/import/AidImportPage';
import { RosterImportPage } from './features/import/RosterImportPage';
import { SchoolYearPage } from './features/students/SchoolYearPage';
import { ScreeningPage } from './features/students/ScreeningPage';
import { StatisticsPage } from './features/reports/StatisticsPage';
import { AnnualSummaryPage } from './features/reports/AnnualSummaryPage';
import { HomePage } from './features/home/HomePage';
import { AuditPage } from './features/admin/AuditPage';
import { SupervisionPage } from './features/admin/SupervisionPage';
import { CadencePage } from './features/care/CadencePage';
import { CompliancePage } from './features/care/CompliancePage';
import { PairsPage } from './features/care/PairsPage';
import { DropoutPage } from './features/care/DropoutPage';
import { CrisisPage } from './features/care/CrisisPage';
import { HomeSchoolPage } from './features/care/HomeSchoolPage';
import { ConcernsPage } from './features/care/ConcernsPage';
import { WarningsPage } from './features/care/WarningsPage';
import { TutorsPage } from './features/care/TutorsPage';
import { GraduatesPage } from './features/employment/GraduatesPage';
import { GraduateDetailPage } from './features/employment/GraduateDetailPage';
import { PostingsPage } from './features/employment/PostingsPage';
import { AidPage } from './features/aid/AidPage';

type Status = Awaited<ReturnType<typeof call<'app.status'>>>;

/** Which screens a role sees: each entry names the method its screen needs, and can() asks the contract's rules. */
const NAV: Array<{ route: Route['name']; label: MessageKey; method: MethodName; also?: (role: Role) => boolean }> = [
  { route: 'home', label: 'nav.home', method: 'home.overview' },
  { route: 'students', label: 'nav.students', method: 'students.list' },
  { route: 'rosterImport', label: 'nav.rosterImport', method: 'imports.preview', also: (role) => IMPORT_ROLES.roster.includes(role) },
  { route: 'screening', label: 'nav.screening', method: 'students.screening' },
  { route: 'apply', label: 'nav.apply', method: 'cases.apply' },
  { route: 'review', label: 'nav.review', method: 'meetings.create' },
  { route: 'confirm', label: 'nav.confirm', method: 'cases.confirm' },
  { route: 'aidImport', label: 'nav.aidImport', method: 'imports.preview', also: (role) => IMPORT_ROLES.aidList.includes(role) },
  { route: 'keyCare', label: 'nav.keyCare', method: 'cases.keyCareList' },
  { route: 'cadence', label: 'nav.cadence', method: 'cadence.record' },
  { route: 'compliance', label: 'nav.compliance', method: 'cadence.compliance' },
  { route: 'pairs', label: 'nav.pairs', method: 'pairs.suggest' },
  { route: 'dropout', label: 'nav.dropout', method: 'dropout.registration' },
  { route: 'crisis', label: 'nav.crisis', method: 'crisis.list' },
  { route: 'warnings', label: 'nav.warnings', method: 'warnings.list' },
  { route: 'homeSchool', label: 'nav.homeSchool', method: 'homeSchool.list' },
  { route: 'concerns', label: 'nav.concerns', method: 'concerns.list' },
  { route: 'tutors', label: 'nav.tutors', method: 'tutors.workload' },
  { route: 'graduates', label: 'nav.graduates', method: 'employment.graduates' },
  { route: 'postings', label: 'nav.postings', method: 'employment.postings' },
  { route: 'aid', label: 'nav.aid', method: 'aid.gaps' },
  { route: 'accounts', label: 'nav.accounts', method: 'accounts.list' },
  { route: 'statistics', label: 'nav.statistics', method: 'statistics.table' },
  { route: 'summary', label: 'nav.summary', method: 'summary.get' },
  { route: 'filing', label: 'nav.filing', method: 'filing.export' },
  { route: 'schoolYear', label: 'nav.schoolYear', method: 'year.rollover' },
  { route: 'backup', label: 'nav.backup', method: 'backup.download' },
  { route: 'supervision', label: 'nav.supervision', method: 'supervision.indicators' },
  { route: 'audit', label: 'nav.audit', method: 'audit.list' },
];

/** The bureau workspace's screens (issue 14 §7): its own page, and the accounts, backup and audit screens. */
const BUREAU_NAV: Array<{ route: Route['name']; label: MessageKey; method: MethodName }> = [
  { route: 'bureau', label: 'nav.bureau', method: 'bureau.regionSummary' },
  { route: 'accounts', label: 'nav.accounts', method: 'accounts.list' },
  { route: 'backup', label: 'nav.backup', method: 'backup.download' },
  { route: 'audit', label: 'nav.audit', method: 'audit.list' },
];

/** Open red and orange warnings in the user's scope, beside the menu item (refreshed with the reminders). */
function WarningBadge() {
  const [n, setN] = useState<{ urgent: number; overdue: number } | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      call('warnings.counts', {}).then(
        (r) => live && setN({ urgent: r.red + r.orange, overdue: r.overdue }),
        () => live && setN(null),
      );
    void load();
    const timer = setInterval(() => void load(), REMINDER_REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);
  return n?.urgent ? (
    <Badge color={n.overdue ? 'red' : 'orange'} size="sm" data-testid="warning-badge">
      {n.urgent}
    </Badge>
  ) : null;
}

/** How often the reminder count refreshes on its own; recording contacts and opening 合规提醒 refresh it at once. */
const REMINDER_REFRESH_MS = 2 * 60_000;

/**
 * The compliance reminder: how many obligations are overdue this month in the user's scope. Computing it walks the
 * whole month for every key student, so it is not redone on every click of the menu.
 */
function ReminderBadge({ tick }: { tick: number }) {
  const [n, setN] = useState<number | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` is the signal to count again (a contact was recorded).
  useEffect(() => {
    let live = true;
    const load = () =>
      call('cadence.reminders', {}).then(
        (r) => live && setN(r.overdue),
        () => live && setN(null),
      );
    void load();
    const timer = setInterval(() => void load(), REMINDER_REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [tick]);
  return n ? (
    <Badge color="red" size="sm" data-testid="reminder-badge">
      {n}
    </Badge>
  ) : null;
}

export function App() {
  const [status, setStatus] = useState<Status | null>(null);
  const [loadError, setLoadError] = useState('');
  const [notice, setNotice] = useState<string | undefined>();
  const [route, setRoute] = useState<Route>({ name: 'home' });
  // Every navigation is a fresh visit: choosing 提出申请 again after a submission opens an empty form, not the
  // previous "submitted" page.
  const [visit, setVisit] = useState(0);
  const go = useCallback((r: Route) => {
    setVisit((v) => v + 1);
    setRoute(r);
  }, []);
  /** Who was working when the app locked: the same person unlocking comes back to the same page. */
  const [lockedFor, setLockedFor] = useState<string | null>(null);
  const [reminderTick, setReminderTick] = useState(0);
  const idle = useIdle((status?.idleMinutes ?? 10) * 60_000, { initialState: false });

  const refresh = useCallback(async () => {
    try {
      setStatus(await call('app.status', {}));
    } catch (e) {
      setLoadError(e instanceof Error ? e.message : String(e));
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  const signedIn = status?.user?.username ?? null;
  useEffect(
    () =>
      onSessionError((e) => {
        setLockedFor(signedIn);
        setSession(undefined);
        // The core locks an idle session on its own; say so, not just "please log in".
        setNotice(e.code === 'SESSION_EXPIRED' || signedIn ? t('login.idleLocked') : e.message);
        void refresh();
      }),
    [refresh, signedIn],
  );
  const lock = useCallback(
    async (why?: string) => {
      try {
        await call('auth.logout', {});
      } catch {
        /* already locked */
      }
      setLockedFor(signedIn);
      setSession(undefined);
      setNotice(why);
      await refresh();
    },
    [refresh, signedIn],
  );
  useEffect(() => {
    if (idle && status?.user) void lock(t('login.idleLocked'));
  }, [idle, status?.user, lock]);

  if (!hasSecret()) {
    return (
      <Center h="100vh">
        <Alert color="red" title={t('app.noConnection')}>
          {t('app.noSecret')}
        </Alert>
      </Center>
    );
  }
  if (loadError)
    return (
      <Center h="100vh">
        <Alert color="red">{loadError}</Alert>
      </Center>
    );
  if (!status)
    return (
      <Center h="100vh">
        <Loader />
      </Center>
    );
  if (status.workspace === 'none') return <SetupPage onDone={() => void refresh()} />;
  if (!status.user)
    return (
      <LoginPage
        name={status.name}
        notice={notice}
        onLogin={(who) => {
          setNotice(undefined);
          if (who.username !== lockedFor) go({ name: 'home' });
          setLockedFor(null);
          void refresh();
        }}
      />
    );

  const user: User = status.user;
  // An issued password is good for one thing only (the router enforces it too): replacing it. Nothing else loads first.
  if (user.mustChangePassword) {
    return (
      <Center h="100vh">
        <ChangePasswordModal opened onDone={() => void refresh()} />
      </Center>
    );
  }
  const bureau = status.workspace === 'bureau';
  const role = user.role;
  const items = bureau
    ? BUREAU_NAV.filter((n) => can(role, n.method, 'bureau'))
    : NAV.filter((n) => can(role, n.method) && (n.also?.(role) ?? true));
  // The bureau's other screens are the school's own (accounts, backup, audit); anything else is its main page.
  const bureauOwn = bureau && items.some((n) => n.route === route.name && n.route !== 'bureau');
  const current = bureau && !bureauOwn ? 'bureau' : route.name;

  let screen: React.ReactNode;
  if (bureau && !bureauOwn) screen = <BureauPage role={role} />;
  else if (bureau && route.name === 'accounts') screen = <AccountsPage bureau />;
  else if (route.name === 'student')
    screen = (
      <StudentDetailPage
        key={route.id}
        id={route.id}
        canPrint={can(role, 'students.printCaseFile')}
        canReveal={can(role, 'students.reveal')}
        canApply={can(role, 'cases.apply')}
        canRecordCare={can(role, 'careRecords.addHomeContact')}
        canEdit={can(role, 'students.update')}
      />
    );
  else if (route.name === 'apply') screen = <ApplyPage key={`${route.studentId ?? 0}-${visit}`} studentId={route.studentId} />;
  else if (route.name === 'review') screen = <ReviewPage canPrint={can(role, 'meetings.printAgenda')} />;
  else if (route.name === 'confirm') screen = <ConfirmPage />;
  else if (route.name === 'keyCare')
    screen = (
      <KeyCareListPage
        canExit={can(role, 'cases.requestExit')}
        canPrint={can(role, 'cases.printKeyCareList')}
        canExport={can(role, 'cases.exportKeyCareList')}
      />
    );
  else if (route.name === 'aidImport') screen = <AidImportPage />;
  else if (route.name === 'rosterImport') screen = <RosterImportPage />;
  else if (route.name === 'schoolYear') screen = <SchoolYearPage canArchive={can(role, 'students.archive')} />;
  else if (route.name === 'screening') screen = <ScreeningPage />;
  else if (route.name === 'audit') screen = <AuditPage />;
  else if (route.name === 'supervision')
    screen = (
      <SupervisionPage
        canCreate={can(role, 'inspections.create')}
        canClose={can(role, 'inspections.closeItem')}
        canPrint={can(role, 'inspections.print')}
      />
    );
  else if (route.name === 'home') screen = <HomePage may={(r) => items.some((n) => n.route === r)} />;
  else if (route.name === 'summary')
    screen = <AnnualSummaryPage canEdit={can(role, 'summary.save')} canPrint={can(role, 'summary.print')} />;
  else if (route.name === 'statistics')
    screen = <StatisticsPage canDrill={can(role, 'statistics.drill')} canSubmit={can(role, 'statistics.submit')} />;
  else if (route.name === 'cadence') screen = <CadencePage role={role} onRecorded={() => setReminderTick((n) => n + 1)} />;
  else if (route.name === 'compliance') screen = <CompliancePage isAdmin={can(role, 'calendar.save')} />;
  else if (route.name === 'pairs') screen = <PairsPage />;
  else if (route.name === 'dropout')
    screen = <DropoutPage canEdit={can(role, 'dropout.mark')} canExport={can(role, 'dropout.exportLedger')} />;
  else if (route.name === 'crisis') screen = <CrisisPage isAdmin={can(role, 'crisis.saveScheme')} />;
  else if (route.name === 'warnings')
    screen = (
      <WarningsPage
        canRun={can(role, 'warnings.run')}
        canImport={IMPORT_ROLES.attendance.includes(role)}
        canEvaluate={can(role, 'warnings.evaluate')}
      />
    );
  else if (route.name === 'homeSchool') screen = <HomeSchoolPage canEdit={can(role, 'homeSchool.create')} />;
  else if (route.name === 'concerns') screen = <ConcernsPage canEdit={can(role, 'concerns.create')} />;
  else if (route.name === 'graduates') screen = <GraduatesPage canExport={can(role, 'employment.exportGraduates')} />;
  else if (route.name === 'graduate')
    screen = <GraduateDetailPage key={route.studentId} studentId={route.studentId} canEdit={can(role, 'employment.saveGraduate')} />;
  else if (route.name === 'postings')
    screen = <PostingsPage canEdit={can(role, 'employment.addPosting')} canExport={can(role, 'employment.exportPostings')} />;
  else if (route.name === 'aid')
    screen = <AidPage canEdit={can(role, 'aid.grade')} canExport={can(role, 'aid.exportAwards')} isAdmin={can(role, 'aid.saveLevels')} />;
  else if (route.name === 'tutors')
    screen = (
      <TutorsPage
        canAssign={can(role, 'tutors.assign')}
        canPrint={can(role, 'tutors.printWorkload')}
        onlyWorkload={!can(role, 'tutors.assignments')}
      />
    );
  else if (route.name === 'accounts') screen = <AccountsPage />;
  else if (route.name === 'filing') screen = <FilingPage />;
  else if (route.name === 'backup')
    screen = <BackupPage onBackedUp={() => void refresh()} onRestored={() => void lock(t('restore.signedOut'))} />;
  else screen = <StudentListPage canCreate={can(role, 'students.create')} />;

  return (
    <NavContext.Provider value={{ route, go }}>
      <AppShell header={{ height: 56 }} navbar={{ width: 200, breakpoint: 0 }} padding={0}>
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between">
            <Group gap="sm">
              <Title order={3}>{bureau ? t('app.bureauTitle') : t('app.title')}</Title>
              <Text c="dimmed">{status.name}</Text>
            </Group>
            <Group gap="sm">
              <Badge variant="light">{ROLE_LABELS[user.role]}</Badge>
              <Text>{user.displayName}</Text>
            </Group>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="xs">
          {/* The menu scrolls on short screens; locking stays at the bottom, always in reach. */}
          <AppShell.Section grow component={ScrollArea} type="auto">
            <Stack gap={2}>
              {items.map((n) => (
                <NavLink
                  key={n.route}
                  label={t(n.label)}
                  rightSection={
                    n.route === 'compliance' ? <ReminderBadge tick={reminderTick} /> : n.route === 'warnings' ? <WarningBadge /> : undefined
                  }
                  active={
                    current === n.route ||
                    (n.route === 'students' && current === 'student') ||
                    (n.route === 'graduates' && current === 'graduate')
                  }
                  onClick={() => {
                    if (n.route === 'compliance') setReminderTick((x) => x + 1);
                    go({ name: n.route } as Route);
                  }}
                />
              ))}
            </Stack>
          </AppShell.Section>
          <AppShell.Section pt="xs" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
            <NavLink label={t('nav.logout')} onClick={() => void lock()} c="red" />
          </AppShell.Section>
        </AppShell.Navbar>
        <AppShell.Main>
          {status.backup?.overdue && can(role, 'backup.download') && (
            <Alert color="orange" m="md" mb={0} title={t('backup.reminder')}>
              {t('backup.overdue')}
            </Alert>
          )}
          {status.statisticsDue && can(role, 'statistics.submit') && (
            <Alert color={status.statisticsDue.daysLeft < 0 ? 'red' : 'yellow'} m="md" mb={0} data-testid="statistics-due">
              {status.statisticsDue.daysLeft < 0
                ? t('statistics.overdue', { date: formatDateZh(status.statisticsDue.asOf), days: -status.statisticsDue.daysLeft })
                : t('statistics.dueSoon', { date: formatDateZh(status.statisticsDue.asOf), days: status.statisticsDue.daysLeft })}{' '}
              <Anchor component="button" onClick={() => go({ name: 'statistics' })}>
                {t('statistics.open')}
              </Anchor>
            </Alert>
          )}
          {screen}
        </AppShell.Main>
      </AppShell>
    </NavContext.Provider>
  );
}
