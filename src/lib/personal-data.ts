import { base64UrlToBytes, bytesToBase64Url, sha256Hex } from "./crypto";

// Personal data (ID numbers, phone numbers, home addresses) is stored encrypted with
// AES-256-GCM under a secret key (PERSONAL_DATA_KEY), so a copy of the database alone
// does not disclose it. Lists show masked values; showing a full value is a separate
// permission whose every use is audited by the caller. A keyed hash of the normalized
// value ("lookup") lets the database enforce uniqueness and find a record by value
// without decrypting.

export type PersonalKind = "id_number" | "phone" | "address";

const encoder = new TextEncoder();
const keys = new Map<string, Promise<{ aes: CryptoKey; hmac: CryptoKey }>>();

function importKeys(secret: string) {
  let pending = keys.get(secret);
  if (!pending) {
    pending = (async () => {
      const material = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(secret)));
      const aes = await crypto.subtle.importKey("raw", material, "AES-GCM", false, ["encrypt", "decrypt"]);
      const hmac = await crypto.subtle.importKey("raw", encoder.encode(`lookup:${secret}`), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
      return { aes, hmac };
    })();
    keys.set(secret, pending);
  }
  return pending;
}

function requireSecret(secret: string | undefined): string {
  if (!secret) throw new Error("PERSONAL_DATA_KEY is not set (wrangler secret put PERSONAL_DATA_KEY, or .dev.vars locally)");
  return secret;
}

/** Encrypts a value for storage: "v1.<iv>.<ciphertext>" (base64url). */
export async function protect(value: string, secret: string | undefined): Promise<string> {
  const { aes } = await importKeys(requireSecret(secret));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, aes, encoder.encode(value)));
  return `v1.${bytesToBase64Url(iv)}.${bytesToBase64Url(sealed)}`;
}

export async function reveal(stored: string, secret: string | undefined): Promise<string> {
  const { aes } = await importKeys(requireSecret(secret));
  const [version, iv, sealed] = stored.split(".");
  if (version !== "v1" || !iv || !sealed) throw new Error("not a protected value");
  const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: base64UrlToBytes(iv) }, aes, base64UrlToBytes(sealed));
  return new TextDecoder().decode(plain);
}

/** A keyed hash of the normalized value, for unique indexes and exact lookups. */
export async function lookupHash(kind: PersonalKind, value: string, secret: string | undefined): Promise<string> {
  const { hmac } = await importKeys(requireSecret(secret));
  const digest = await crypto.subtle.sign("HMAC", hmac, encoder.encode(`${kind}:${value.trim().toUpperCase()}`));
  return sha256Hex(bytesToBase64Url(new Uint8Array(digest)));
}

/** What lists show: 138****5678, 150203********123X, 内蒙古包头市昆都仑区****. */
export function mask(kind: PersonalKind, value: string): string {
  const v = value.trim();
  if (kind === "phone") return v.length >= 7 ? `${v.slice(0, 3)}****${v.slice(-4)}` : "****";
  if (kind === "id_number") return v.length >= 10 ? `${v.slice(0, 6)}${"*".repeat(v.length - 10)}${v.slice(-4)}` : "****";
  return v.length > 6 ? `${v.slice(0, 6)}****` : "****";
}
