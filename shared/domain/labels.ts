/** Typed label maps: every enumeration's Chinese labels are written once, in shared/domain, with this helper. */
export const labels = <K extends string>(m: Record<K, string>): Record<K, string> => m;
