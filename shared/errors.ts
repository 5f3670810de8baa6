/**
 * The error shape every transport carries. Messages are Chinese and safe to show: no stack traces, no SQL, no
 * key material, no personal data beyond what the caller sent.
 */
export const ERROR_CODES = [
  'VALIDATION',
  'UNAUTHENTICATED',
  'SESSION_EXPIRED',
  'FORBIDDEN',
  'WRONG_PASSWORD',
  'ACCOUNT_LOCKED',
  'NOT_FOUND',
  'CONFLICT',
  'STATE',
  'STORE',
  'PACKAGE',
  'UNKNOWN_METHOD',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldIssue {
  /** Dotted path of the input field, e.g. "student.idNumber". */
  path: string;
  /** Chinese description, naming the field. */
  message: string;
  /** The id of a related record, e.g. the existing student a duplicate entry should open instead. */
  ref?: number;
}

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  issues?: FieldIssue[];
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues?: FieldIssue[];
  constructor(code: ErrorCode, message: string, issues?: FieldIssue[]) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.issues = issues;
  }
  toBody(): ErrorBody {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };
