// Password hashing with Node's scrypt (memory-hard, vetted, no native add-on). Stored as
// "scrypt$N$r$p$salt$hash" (base64) so the cost can be raised later without breaking old hashes.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { ConcurrencyLimit } from "./concurrency";

const KEY_LENGTH = 64;
const COST = { N: 16384, r: 8, p: 1 };

/**
 * Each hash takes ~16 MB and tens of milliseconds of a thread-pool thread: at most two run at once and
 * 32 wait (each at most 10 s); past that the caller gets Busy (sign-in answers 503, retry shortly)
 * instead of hundreds of parallel sign-ins exhausting memory and starving every other request.
 */
export const hashing = new ConcurrencyLimit(2, 32, 10_000);

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return hashing.run(() => deriveNow(password, salt, options));
}

function deriveNow(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFKC"), salt, KEY_LENGTH, { ...options, maxmem: 64 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return ["scrypt", COST.N, COST.r, COST.p, salt.toString("base64"), key.toString("base64")].join("$");
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  if (!stored) return false;
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const actual = await derive(password, Buffer.from(salt, "base64"), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash of a random password: spends the same time as a real check when the user is unknown. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  // A refusal (hashing busy) is not kept: the next sign-in of an unknown user tries again, so
  // unknown and known users keep getting the same answers.
  return (dummyHash ??= hashPassword(randomBytes(16).toString("hex")).catch((error: unknown) => {
    dummyHash = undefined;
    throw error;
  }));
}
