/**
 * Privacy masking (G3, I1). Anything shown in a list or printed uses these; the full value is only returned to
 * roles that need it, through an audited call.
 */

/** 610102200501011234 → 6101**********1234: keeps the prefecture and the last four, hides the birth date. */
export function maskIdNumber(id: string | null | undefined): string {
  if (!id) return '';
  if (id.length <= 8) return '*'.repeat(id.length);
  return id.slice(0, 4) + '*'.repeat(id.length - 8) + id.slice(-4);
}

/** 13812345678 → 138****5678 */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  const p = phone.trim();
  if (p.length < 7) return '*'.repeat(p.length);
  return p.slice(0, 3) + '*'.repeat(p.length - 7) + p.slice(-4);
}

/** Keeps the first six characters (province/city/county level) of an address. */
export function maskAddress(address: string | null | undefined): string {
  if (!address) return '';
  const a = address.trim();
  return a.length <= 6 ? `${a.slice(0, 2)}****` : `${a.slice(0, 6)}****`;
}

/** 学籍号 G-numbers embed the ID number: mask like an ID. */
export function maskStudentNo(no: string | null | undefined): string {
  if (!no) return '';
  return no.length <= 8 ? no : no.slice(0, 5) + '*'.repeat(no.length - 9) + no.slice(-4);
}
