/**
 * How a contract method is described: a Chinese line of what it does, who may call it, and its input and output
 * schemas. Each domain file (students.ts, cases.ts …) lists its methods in this shape; index.ts merges them.
 */
import { z } from 'zod';
import type { Role, WorkspaceKind } from '../domain/enums';

/** Callable without a session (status, first-run setup, login). */
export type PublicAccess = { kind: 'public' };
/** Needs an unlocked session in the given workspace, held by one of the roles. */
/** How a call arrived: the Electron window, the loopback HTTP of the browser shell, or in-process (CLI, tests). */
export type Transport = 'desktop' | 'loopback' | 'local';
export type SessionAccess = {
  kind: 'session';
  workspace: WorkspaceKind | 'any';
  roles: readonly Role[] | 'any';
  /** Only these transports may call (e.g. writing to a path chosen in a native dialog); every transport when absent. */
  transports?: readonly Transport[];
  /** A screen polls this on its own (a count, a job's progress): the call does not count as use for the idle lock. */
  passive?: true;
};
export type Access = PublicAccess | SessionAccess;

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  doc: string;
  access: Access;
  input: I;
  output: O;
}

export type ContractSection = Record<string, MethodSpec>;

export const publicAccess: PublicAccess = { kind: 'public' };
/** A school-workspace method for these roles. */
export const school = (roles: readonly Role[] | 'any'): SessionAccess => ({ kind: 'session', workspace: 'school', roles });
/** A bureau-workspace method for these roles. */
export const bureau = (roles: readonly Role[] | 'any' = ['admin']): SessionAccess => ({ kind: 'session', workspace: 'bureau', roles });
/** A method both workspaces offer. */
export const eitherWorkspace = (roles: readonly Role[] | 'any'): SessionAccess => ({ kind: 'session', workspace: 'any', roles });

export const okSchema = z.object({ ok: z.literal(true) });
export const idInput = z.object({ id: z.number().int().positive() });
