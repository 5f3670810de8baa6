/**
 * Named points where the fault-injection tests kill a running command (SIGKILL, no cleanup), to prove that every
 * multi-step write leaves the store exactly before or fully after. Inert unless CAREDESK_FAULT names the point: the
 * variable is set only by test/integration/faults.test.ts on the child process it kills.
 */
export function faultPoint(name: string): void {
  if (process.env.CAREDESK_FAULT === name) process.kill(process.pid, 'SIGKILL');
}
