/**
 * `Content-Disposition` for a download (RFC 6266): an ASCII fallback name for clients that read only
 * `filename` (the product's own name `问题台账` as `taizhang`, any other non-ASCII character as `_`), and the real
 * name, Chinese included, as RFC 8187 `filename*=UTF-8''…`, percent-encoding everything outside attr-char.
 */
export function contentDisposition(fileName: string, type: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = fileName
    .replace('问题台账', 'taizhang')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*!]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
