import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Random part of a token: 18 bytes (144 bits), base64url → 24 characters. */
const NONCE_BYTES = 18;
/** The signature kept: the first 16 bytes (128 bits) of HMAC-SHA256, base64url → 22 characters. */
const SIG_BYTES = 16;
/** Nonce then signature, no separator: a dot would make the page's path look like a file to the admin server. */
const SHAPE = /^([A-Za-z0-9_-]{24})([A-Za-z0-9_-]{22})$/;

/**
 * One-time confirmation link tokens: `<nonce><signature>` (24 + 22 base64url characters). The nonce is random (unguessable on its own);
 * the signature lets the API refuse a made-up or altered token without reading the database. Only the
 * SHA-256 of the whole token is stored, so a copy of the table gives no working link.
 */
export class ConfirmationTokens {
  private readonly key: Buffer;

  /** `secret`: CONFIRM_LINK_SECRET, or, when empty, a key derived from the JWT secret (development). */
  constructor(secret: string, jwtSecret: string) {
    this.key = secret
      ? Buffer.from(secret, 'utf8')
      : createHmac('sha256', jwtSecret).update('taizhang confirmation links').digest();
  }

  issue(): { token: string; hash: Buffer } {
    const nonce = randomBytes(NONCE_BYTES).toString('base64url');
    const token = `${nonce}${this.sign(nonce)}`;
    return { token, hash: ConfirmationTokens.hash(token) };
  }

  /** The stored hash of a well-formed, correctly signed token; null for anything else (unknown → 404). */
  verify(token: string): Buffer | null {
    const m = SHAPE.exec(token);
    if (!m) return null;
    const expected = Buffer.from(this.sign(m[1]), 'utf8');
    const given = Buffer.from(m[2], 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return ConfirmationTokens.hash(token);
  }

  static hash(token: string): Buffer {
    return createHash('sha256').update(token, 'utf8').digest();
  }

  private sign(nonce: string): string {
    return createHmac('sha256', this.key).update(nonce).digest().subarray(0, SIG_BYTES).toString('base64url');
  }
}
