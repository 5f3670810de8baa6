/**
 * Who may call what, without zod: the preload and the renderer need the method names and their access rules, not the
 * schemas. The map is derived from the contract at build time (vite.config.ts and scripts/build-shell.mjs pass it in
 * with `define`), so there is no hand-kept list; this module only imports types, which compile away.
 */
import type { Role, WorkspaceKind } from '../domain/enums';
import type { MethodName } from './index';
import type { Access } from './spec';

export type AccessMap = Record<MethodName, Access>;

/** Builds the map from the contract (at build time, and in tests). */
export function accessMapOf(contract: Record<string, { access: Access }>): AccessMap {
  return Object.fromEntries(Object.entries(contract).map(([m, spec]) => [m, spec.access])) as AccessMap;
}

/** True when a signed-in role in this workspace may call the method (the router enforces the same rule). */
export function mayCall(map: AccessMap, role: Role, workspace: WorkspaceKind, method: MethodName): boolean {
  const a = map[method];
  if (!a) return false;
  if (a.kind === 'public') return true;
  if (a.workspace !== 'any' && a.workspace !== workspace) return false;
  return a.roles === 'any' || a.roles.includes(role);
}
