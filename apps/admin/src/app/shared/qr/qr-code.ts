import { toString as qrSvg } from 'qrcode';

/**
 * A QR code of `text` as an SVG data URL, made in the browser (nothing leaves it). The admin server's CSP
 * allows `data:` images (tools/serve-admin.mjs).
 */
export async function qrDataUrl(text: string): Promise<string> {
  const svg = await qrSvg(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, width: 240 });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
