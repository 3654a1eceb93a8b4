import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';

/**
 * argon2id with OWASP's minimum parameters (19 MiB, 2 passes, 1 lane): a login costs tens of
 * milliseconds instead of the library default's ~1 s on a shared two-core server, still far beyond
 * what an offline guesser can afford per try. Hashes carry their parameters, so raising them later
 * only needs `needsRehash` at the next login.
 */
const options = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const minimumPasswordLength = 8;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, options);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false; // a malformed stored hash never signs anyone in
  }
}

/** A hash of nothing, verified against when the account does not exist, so timing does not tell. */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword('decoy password never valid');
  return decoyHash;
}

/** A password given by an administrator (CLI or page), shown once: 18 random bytes, 24 characters, easy to read out. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
