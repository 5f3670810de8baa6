/**
 * Who may do what, as plain lists (no zod): the contract grants methods to these groups, and the renderer uses the
 * same lists to decide which screens and buttons a role sees. The router enforces them on every call.
 */
import type { Role } from '../domain/enums';

/** Roles that handle cases day to day (read and write). */
export const CASE_WORKERS: readonly Role[] = ['admin', 'officer'];
/** Roles that may see the key-care list and case files (the case team and oversight; never published, I1). */
export const CASE_READERS: readonly Role[] = ['admin', 'officer', 'principal', 'inspector', 'headTeacher', 'counsellor', 'tutor'];
/** Roles that may print or export identifying documents: the funding office and the principal. */
export const PRINTERS: readonly Role[] = ['admin', 'officer', 'principal'];
/** Staff who record care (scoped by the services: a head teacher to their classes, a tutor to their students). */
export const CARE_STAFF: readonly Role[] = ['admin', 'officer', 'headTeacher', 'counsellor', 'tutor', 'principal'];
export const PAIR_STAFF: readonly Role[] = ['admin', 'officer', 'headTeacher', 'counsellor', 'tutor'];
export const DROPOUT_STAFF: readonly Role[] = ['admin', 'officer', 'headTeacher'];
/** Crisis records (P5): the counsellor, the administrator and the principal, nobody else. */
export const CRISIS_ROLES: readonly Role[] = ['counsellor', 'admin', 'principal'];
/** Employment guidance (E8): the funding office, head teachers (their graduating classes), tutors and counsellors. */
export const JOB_STAFF: readonly Role[] = ['admin', 'officer', 'headTeacher', 'tutor', 'counsellor'];
/** Teachers who can serve as 育人导师 (G2). */
export const TUTOR_ROLES: readonly Role[] = ['tutor', 'headTeacher', 'counsellor', 'officer'];
/** Who runs the early-warning rules (G1): the office, the counsellor and the principal (the home page runs them daily). */
export const WARNING_RUNNERS: readonly Role[] = ['admin', 'officer', 'principal', 'counsellor'];

/** The bureau's roles (issue 14 §7): 资助中心管理员 (admin), 专干 (officer), 督查 (inspector, read-only). */
export const BUREAU_ROLES: readonly Role[] = ['admin', 'officer', 'inspector'];
/** Who does the bureau's daily work: imports packages, works region warnings, forwards upward. */
export const BUREAU_WORKERS: readonly Role[] = ['admin', 'officer'];
