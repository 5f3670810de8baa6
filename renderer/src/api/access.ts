/** can(role, method): which screens and buttons a role sees. The router enforces the same rules on every call. */
import { type AccessMap, mayCall } from '../../../shared/contract/access';
import type { MethodName } from '../../../shared/contract/index';
import type { Role, WorkspaceKind } from '../../../shared/domain/enums';

declare const __CAREDESK_ACCESS__: AccessMap;
/** Derived from the contract when the renderer is built (vite.config.ts). */
export const ACCESS: AccessMap = __CAREDESK_ACCESS__;
export const METHODS = Object.keys(ACCESS) as MethodName[];

export function can(role: Role, method: MethodName, workspace: WorkspaceKind = 'school'): boolean {
  return mayCall(ACCESS, role, workspace, method);
}
