// AWS Signature Version 4 for S3-compatible object storage, on WebCrypto only (no SDK):
// the government clouds' object stores (Alibaba OSS, Tencent COS, Huawei OBS and the
// private-cloud products built on them) accept it on their S3-compatible endpoints.
// Header-based signing of the whole payload (x-amz-content-sha256 is the body's hash).

export interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** "s3" for object storage. */
  service?: string;
}

export interface SigV4Request {
  method: string;
  /** The URL as sent: its path already encoded with `encodeS3Path`. */
  url: URL;
  /** Headers to sign besides host, x-amz-date and x-amz-content-sha256. */
  headers?: Record<string, string>;
  /** Hex SHA-256 of the body (`sha256Hex`), or "UNSIGNED-PAYLOAD". */
  payloadHash: string;
  date: Date;
}

const encoder = new TextEncoder();

function hex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
}

export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === "string" ? encoder.encode(data) : data;
  return hex(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
}

async function hmac(key: ArrayBuffer | Uint8Array, data: string): Promise<ArrayBuffer> {
  const k = await crypto.subtle.importKey("raw", key as Uint8Array<ArrayBuffer>, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return crypto.subtle.sign("HMAC", k, encoder.encode(data));
}

/** RFC 3986 encoding as SigV4 wants it: every byte but A-Z a-z 0-9 - _ . ~ as %XX. */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** An object key as a URL path: each segment encoded, the slashes kept (S3 does not double-encode). */
export function encodeS3Path(path: string): string {
  return path.split("/").map(encodeRfc3986).join("/");
}

function canonicalQuery(url: URL): string {
  const pairs: [string, string][] = [];
  for (const part of url.search.replace(/^\?/, "").split("&")) {
    if (!part) continue;
    const at = part.indexOf("=");
    const name = decodeURIComponent((at < 0 ? part : part.slice(0, at)).replaceAll("+", " "));
    const value = at < 0 ? "" : decodeURIComponent(part.slice(at + 1).replaceAll("+", " "));
    pairs.push([encodeRfc3986(name), encodeRfc3986(value)]);
  }
  pairs.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

/** 20130524T000000Z */
export function amzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/**
 * The headers to send: the given ones plus host, x-amz-date, x-amz-content-sha256 and
 * authorization. Every header sent is signed, so none can be altered on the way.
 */
export async function signRequest(request: SigV4Request, credentials: SigV4Credentials): Promise<Record<string, string>> {
  const service = credentials.service ?? "s3";
  const stamp = amzDate(request.date);
  const day = stamp.slice(0, 8);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value.trim().replace(/\s+/g, " ");
  headers.host = request.url.host;
  headers["x-amz-date"] = stamp;
  headers["x-amz-content-sha256"] = request.payloadHash;
  const names = Object.keys(headers).sort();
  const canonical = [request.method.toUpperCase(), request.url.pathname || "/", canonicalQuery(request.url), ...names.map((n) => `${n}:${headers[n]}`), "", names.join(";"), request.payloadHash].join("\n");
  const scope = `${day}/${credentials.region}/${service}/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", stamp, scope, await sha256Hex(canonical)].join("\n");
  let key = await hmac(encoder.encode(`AWS4${credentials.secretAccessKey}`), day);
  for (const part of [credentials.region, service, "aws4_request"]) key = await hmac(key, part);
  const signature = hex(await hmac(key, toSign));
  const { host: _host, ...sent } = headers;
  return { ...sent, authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope},SignedHeaders=${names.join(";")},Signature=${signature}` };
}
