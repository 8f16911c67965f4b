import { base64UrlToBytes, bytesToBase64Url, timingSafeEqual } from "../lib/crypto";

// PBKDF2-SHA256 through WebCrypto. Production Workers refuse more than 100,000
// iterations, so that is both the cost and the cap. A secret pepper (not stored with
// the hashes) is mixed in by HMAC first, so a stolen database alone cannot be
// brute-forced. The stored form names its algorithm and parameters:
//   pbkdf2-sha256$<iterations>$<salt>$<hash>

export const PBKDF2_ITERATIONS = 100_000;
const MAX_ITERATIONS = 100_000;
const encoder = new TextEncoder();

async function pepperedKey(password: string, pepper: string): Promise<CryptoKey> {
  const hmacKey = await crypto.subtle.importKey("raw", encoder.encode(pepper || "no-pepper"), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const peppered = await crypto.subtle.sign("HMAC", hmacKey, encoder.encode(password));
  return crypto.subtle.importKey("raw", peppered, "PBKDF2", false, ["deriveBits"]);
}

async function derive(password: string, pepper: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await pepperedKey(password, pepper);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, 256);
  return new Uint8Array(bits);
}

export async function hashPassword(password: string, pepper: string, iterations = PBKDF2_ITERATIONS): Promise<string> {
  if (iterations > MAX_ITERATIONS) throw new Error(`PBKDF2 iterations above ${MAX_ITERATIONS} fail on Workers`);
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(password, pepper, salt, iterations);
  return `pbkdf2-sha256$${iterations}$${bytesToBase64Url(salt)}$${bytesToBase64Url(hash)}`;
}

export async function verifyPassword(password: string, stored: string, pepper: string): Promise<boolean> {
  const [algorithm, iterationsText, saltText, hashText] = stored.split("$");
  const iterations = Number(iterationsText);
  if (algorithm !== "pbkdf2-sha256" || !saltText || !hashText || !Number.isInteger(iterations) || iterations > MAX_ITERATIONS) {
    return false;
  }
  const hash = await derive(password, pepper, base64UrlToBytes(saltText), iterations);
  return timingSafeEqual(bytesToBase64Url(hash), hashText);
}

// Hashing a password for an address that has no account costs the same time as a real
// check, so response time does not tell whether an account exists.
let dummyHash: Promise<string> | null = null;
export async function burnPasswordCheck(password: string, pepper: string): Promise<void> {
  dummyHash ??= hashPassword("not-a-real-password-0", pepper);
  await verifyPassword(password, await dummyHash, pepper);
}
