/** The Content-Security-Policy both shells send with the renderer (Electron's app:// protocol and the loopback server). */
/** Strict CSP: only our own bundle; Mantine needs inline style attributes, nothing needs inline script. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
