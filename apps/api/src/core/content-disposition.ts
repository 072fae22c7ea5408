/**
 * A `Content-Disposition: attachment` value with an ASCII fallback and the Chinese name (RFC 6266 / 5987):
 * `问题台账-2026-03-02.xlsx` is offered as `taizhang-2026-03-02.xlsx` to clients that read only `filename`.
 */
export function attachmentHeader(fileName: string): string {
  const ascii = fileName
    .replace('问题台账', 'taizhang')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
