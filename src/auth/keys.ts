import { createHash, randomBytes } from 'node:crypto';

export const KEY_SCOPES = ['admin', 'read', 'ingest'] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

// Characters of a key shown in listings; enough to tell keys apart, too few to use one.
const PREFIX_LENGTH = 14;

export type GeneratedKey = { secret: string; prefix: string; secretHash: string };

/**
 * Makes a new API key secret such as `snt_admin_3q2…`. The scope in the text lets an
 * operator see what a leaked key could do; the server trusts only the stored scope.
 */
export function generateKey(scope: KeyScope): GeneratedKey {
  const secret = `snt_${scope}_${randomBytes(24).toString('base64url')}`;
  return { secret, prefix: secret.slice(0, PREFIX_LENGTH), secretHash: hashSecret(secret) };
}

// Keys are 192 random bits, so a plain SHA-256 is enough: there is no password to
// brute-force, and a fast hash keeps authentication cheap on the ingest path.
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function isKeyScope(value: string): value is KeyScope {
  return (KEY_SCOPES as readonly string[]).includes(value);
}
