// R2's interface over an S3-compatible object store (the government cloud's OSS, COS or
// OBS), for installations that keep files in the cloud's object storage instead of on
// the server's disk. Plain REST with SigV4 (sigv4.ts): PUT, GET, HEAD, DELETE and
// ListObjectsV2, which every S3-compatible store implements.
//
// Mapping: R2 custom metadata travels as x-amz-meta-* headers. Header values are ASCII,
// so values are percent-encoded on the way in and decoded on the way out (a file name in
// Chinese survives), and metadata names come back in lower case, as S3 stores them.
import { encodeRfc3986, encodeS3Path, sha256Hex, signRequest, type SigV4Credentials } from "./sigv4";

export interface S3BucketOptions extends SigV4Credentials {
  /** https://oss-cn-hangzhou.aliyuncs.com, https://cos.ap-beijing.myqcloud.com, … */
  endpoint: string;
  bucket: string;
  /** "virtual": https://<bucket>.<endpoint host>/key (OSS requires it); "path": <endpoint>/<bucket>/key. */
  addressing?: "virtual" | "path";
  /** Prepended to every key, so several bindings or installations can share a bucket. */
  prefix?: string;
  /** Attempts for a request the store failed (5xx, throttling, network): 3 by default. */
  attempts?: number;
  /** Milliseconds before the first retry; doubled each time. */
  backoffMs?: number;
  timeoutMs?: number;
}

/** A refusal or failure of the object store, with its S3 error code (NoSuchBucket, AccessDenied, …). */
export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "S3Error";
  }
}

const HTTP_FIELDS = ["contentType", "contentLanguage", "contentDisposition", "contentEncoding", "cacheControl", "cacheExpiry"] as const;
type HttpField = (typeof HTTP_FIELDS)[number];
const HEADER_OF: Record<HttpField, string> = {
  contentType: "content-type",
  contentLanguage: "content-language",
  contentDisposition: "content-disposition",
  contentEncoding: "content-encoding",
  cacheControl: "cache-control",
  cacheExpiry: "expires",
};

async function toBytes(value: unknown): Promise<Uint8Array> {
  if (value === null || value === undefined) return new Uint8Array();
  if (typeof value === "string") return new TextEncoder().encode(value);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof Blob) return new Uint8Array(await value.arrayBuffer());
  if (value instanceof ReadableStream) return new Uint8Array(await new Response(value).arrayBuffer());
  throw new TypeError("R2 put: unsupported body type");
}

function decodeMeta(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function xmlText(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
    if (named[e.toLowerCase()]) return named[e.toLowerCase()]!;
    return String.fromCodePoint(e[1] === "x" || e[1] === "X" ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)));
  });
}

function tag(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return m ? xmlText(m[1]!) : undefined;
}

function blocks(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, "g"))].map((m) => m[1]!);
}

class S3Object {
  readonly version: string;
  readonly httpEtag: string;
  readonly checksums = { toJSON: () => ({}) };
  readonly storageClass = "Standard";
  constructor(
    readonly key: string,
    readonly size: number,
    readonly etag: string,
    readonly uploaded: Date,
    readonly httpMetadata: Partial<Record<HttpField, string>>,
    readonly customMetadata: Record<string, string>,
  ) {
    this.version = etag;
    this.httpEtag = `"${etag}"`;
  }

  static fromResponse(key: string, res: Response): S3Object {
    const httpMetadata: Partial<Record<HttpField, string>> = {};
    for (const field of HTTP_FIELDS) {
      const value = res.headers.get(HEADER_OF[field]);
      if (value !== null) httpMetadata[field] = value;
    }
    const customMetadata: Record<string, string> = {};
    for (const [name, value] of res.headers) if (name.startsWith("x-amz-meta-")) customMetadata[name.slice(11)] = decodeMeta(value);
    const modified = res.headers.get("last-modified");
    return new S3Object(key, Number(res.headers.get("content-length") ?? 0), (res.headers.get("etag") ?? "").replaceAll('"', ""), modified ? new Date(modified) : new Date(0), httpMetadata, customMetadata);
  }

  writeHttpMetadata(headers: Headers): void {
    for (const field of HTTP_FIELDS) {
      const value = this.httpMetadata[field];
      if (value !== undefined) headers.set(HEADER_OF[field], value);
    }
  }
}

class S3ObjectBody extends S3Object {
  private response!: Response;
  static of(key: string, res: Response): S3ObjectBody {
    const head = S3Object.fromResponse(key, res);
    const body = new S3ObjectBody(key, head.size, head.etag, head.uploaded, head.httpMetadata, head.customMetadata);
    body.response = res;
    return body;
  }
  get body(): ReadableStream<Uint8Array> {
    return this.response.body ?? new Response(new Uint8Array()).body!;
  }
  get bodyUsed(): boolean {
    return this.response.bodyUsed;
  }
  arrayBuffer(): Promise<ArrayBuffer> {
    return this.response.arrayBuffer();
  }
  async bytes(): Promise<Uint8Array> {
    return new Uint8Array(await this.response.arrayBuffer());
  }
  text(): Promise<string> {
    return this.response.text();
  }
  json<T>(): Promise<T> {
    return this.response.json() as Promise<T>;
  }
  blob(): Promise<Blob> {
    return this.response.blob();
  }
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

/** An R2Bucket whose objects live in an S3-compatible bucket. */
export class S3Bucket {
  private readonly endpoint: URL;
  private readonly prefix: string;

  constructor(private readonly options: S3BucketOptions) {
    this.endpoint = new URL(options.endpoint);
    this.prefix = options.prefix ?? "";
  }

  private url(key: string | null, query: Record<string, string> = {}): URL {
    const virtual = (this.options.addressing ?? "virtual") === "virtual";
    const base = new URL(this.endpoint);
    if (virtual) base.hostname = `${this.options.bucket}.${base.hostname}`;
    const root = base.pathname.replace(/\/$/, "");
    const bucketPath = virtual ? "" : `/${encodeS3Path(this.options.bucket)}`;
    base.pathname = key === null ? `${root}${bucketPath}/` : `${root}${bucketPath}/${encodeS3Path(this.prefix + key)}`;
    // Spaces as %20, not URLSearchParams' "+", which stores read differently.
    base.search = Object.entries(query)
      .map(([k, v]) => `${encodeRfc3986(k)}=${encodeRfc3986(v)}`)
      .join("&");
    return base;
  }

  /** One signed request, retried when the store failed rather than refused. */
  private async send(method: string, key: string | null, init: { query?: Record<string, string>; headers?: Record<string, string>; body?: Uint8Array; missingIsNull?: boolean } = {}): Promise<Response | null> {
    const url = this.url(key, init.query);
    const body = init.body ?? new Uint8Array();
    const payloadHash = await sha256Hex(body);
    const attempts = Math.max(1, this.options.attempts ?? 3);
    const what = `${method} ${key === null ? "(bucket)" : key}`;
    for (let attempt = 1; ; attempt++) {
      let failure: S3Error;
      try {
        const headers = await signRequest({ method, url, headers: init.headers, payloadHash, date: new Date() }, this.options);
        const res = await fetch(url, { method, headers, ...(method === "PUT" ? { body: body as Uint8Array<ArrayBuffer> } : {}), signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000) });
        if (res.ok) return res;
        if (res.status === 404 && init.missingIsNull) {
          await res.body?.cancel();
          return null;
        }
        const text = method === "HEAD" ? "" : await res.text();
        failure = new S3Error(res.status, tag(text, "Code") ?? `HTTP${res.status}`, `object store ${what}: ${res.status} ${tag(text, "Code") ?? ""} ${tag(text, "Message") ?? ""}`.trim());
        if (!RETRYABLE.has(res.status)) throw failure;
      } catch (error) {
        if (error instanceof S3Error && !RETRYABLE.has(error.status)) throw error;
        failure = error instanceof S3Error ? error : new S3Error(0, "NetworkError", `object store ${what}: ${(error as Error).message}`);
      }
      if (attempt >= attempts) throw failure;
      await new Promise((done) => setTimeout(done, (this.options.backoffMs ?? 200) * 2 ** (attempt - 1)));
    }
  }

  async head(key: string): Promise<S3Object | null> {
    const res = await this.send("HEAD", key, { missingIsNull: true });
    return res ? S3Object.fromResponse(key, res) : null;
  }

  async get(key: string): Promise<S3ObjectBody | null> {
    const res = await this.send("GET", key, { missingIsNull: true });
    return res ? S3ObjectBody.of(key, res) : null;
  }

  async put(key: string, value: unknown, options: { httpMetadata?: unknown; customMetadata?: Record<string, string> } = {}): Promise<S3Object> {
    if (!key || key.length > 1024) throw new TypeError("R2 put: the key must be 1 to 1024 characters");
    const bytes = await toBytes(value);
    const httpMetadata: Partial<Record<HttpField, string>> = {};
    const given =
      options.httpMetadata instanceof Headers
        ? Object.fromEntries(HTTP_FIELDS.flatMap((f) => ((options.httpMetadata as Headers).get(HEADER_OF[f]) === null ? [] : [[f, (options.httpMetadata as Headers).get(HEADER_OF[f])!]])))
        : ((options.httpMetadata ?? {}) as Record<string, unknown>);
    for (const field of HTTP_FIELDS) {
      const v = given[field];
      if (v !== undefined && v !== null) httpMetadata[field] = v instanceof Date ? v.toUTCString() : String(v);
    }
    const headers: Record<string, string> = {};
    for (const field of HTTP_FIELDS) if (httpMetadata[field]) headers[HEADER_OF[field]] = httpMetadata[field]!;
    for (const [name, value] of Object.entries(options.customMetadata ?? {})) headers[`x-amz-meta-${name.toLowerCase()}`] = encodeURIComponent(value);
    const res = (await this.send("PUT", key, { headers, body: bytes }))!;
    await res.body?.cancel();
    const customMetadata = Object.fromEntries(Object.entries(options.customMetadata ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    return new S3Object(key, bytes.byteLength, (res.headers.get("etag") ?? "").replaceAll('"', ""), new Date(), httpMetadata, customMetadata);
  }

  async delete(keys: string | string[]): Promise<void> {
    // One DELETE per key: the multi-object delete needs Content-MD5, which some
    // compatible stores check differently; deleting a missing key succeeds.
    const list = Array.isArray(keys) ? keys : [keys];
    for (let i = 0; i < list.length; i += 8) {
      await Promise.all(
        list.slice(i, i + 8).map(async (key) => {
          const res = await this.send("DELETE", key, { missingIsNull: true });
          await res?.body?.cancel();
        }),
      );
    }
  }

  async list(options: { prefix?: string; cursor?: string; limit?: number; delimiter?: string; startAfter?: string } = {}) {
    const limit = Math.min(Math.max(options.limit ?? 1000, 1), 1000);
    const query: Record<string, string> = { "list-type": "2", "max-keys": String(limit), prefix: this.prefix + (options.prefix ?? "") };
    if (options.cursor) query["continuation-token"] = options.cursor;
    else if (options.startAfter) query["start-after"] = this.prefix + options.startAfter;
    if (options.delimiter) query.delimiter = options.delimiter;
    const xml = await (await this.send("GET", null, { query }))!.text();
    const own = (key: string) => key.slice(this.prefix.length);
    const objects = blocks(xml, "Contents").map((c) => new S3Object(own(tag(c, "Key") ?? ""), Number(tag(c, "Size") ?? 0), (tag(c, "ETag") ?? "").replaceAll('"', ""), new Date(tag(c, "LastModified") ?? 0), {}, {}));
    const delimitedPrefixes = blocks(xml, "CommonPrefixes").map((p) => own(tag(p, "Prefix") ?? ""));
    const truncated = tag(xml, "IsTruncated") === "true";
    const cursor = tag(xml, "NextContinuationToken");
    return { objects, delimitedPrefixes, truncated, ...(truncated && cursor ? { cursor } : {}) };
  }

  close(): void {}
}

export function openS3(options: S3BucketOptions): R2Bucket & S3Bucket {
  return new S3Bucket(options) as unknown as R2Bucket & S3Bucket;
}

/**
 * The object store an installation chose, from its environment and secrets:
 *   SANSHE_OBJECT_STORE=s3            (default: files in the data folder)
 *   SANSHE_S3_ENDPOINT, SANSHE_S3_REGION, SANSHE_S3_BUCKET
 *   SANSHE_S3_ADDRESSING=virtual|path (default virtual), SANSHE_S3_PREFIX (optional)
 *   SANSHE_S3_ACCESS_KEY_ID, SANSHE_S3_SECRET_ACCESS_KEY (environment or secrets file)
 * Each R2 binding gets its own key prefix, `<SANSHE_S3_PREFIX><BINDING>/`.
 */
export type ObjectStoreConfig = { kind: "files" } | ({ kind: "s3" } & Omit<S3BucketOptions, "prefix"> & { prefix: string });

export function objectStoreFromEnvironment(environment: Record<string, string | undefined>, secrets: Record<string, string | undefined> = {}): ObjectStoreConfig {
  const kind = environment.SANSHE_OBJECT_STORE ?? "files";
  if (kind === "files") return { kind: "files" };
  if (kind !== "s3") throw new Error(`SANSHE_OBJECT_STORE must be "files" or "s3", not "${kind}"`);
  const value = (name: string) => environment[name] || secrets[name];
  const missing = ["SANSHE_S3_ENDPOINT", "SANSHE_S3_REGION", "SANSHE_S3_BUCKET", "SANSHE_S3_ACCESS_KEY_ID", "SANSHE_S3_SECRET_ACCESS_KEY"].filter((name) => !value(name));
  if (missing.length) throw new Error(`SANSHE_OBJECT_STORE=s3 needs ${missing.join(", ")}`);
  const addressing = value("SANSHE_S3_ADDRESSING") ?? "virtual";
  if (addressing !== "virtual" && addressing !== "path") throw new Error(`SANSHE_S3_ADDRESSING must be "virtual" or "path", not "${addressing}"`);
  return {
    kind: "s3",
    endpoint: value("SANSHE_S3_ENDPOINT")!,
    region: value("SANSHE_S3_REGION")!,
    bucket: value("SANSHE_S3_BUCKET")!,
    accessKeyId: value("SANSHE_S3_ACCESS_KEY_ID")!,
    secretAccessKey: value("SANSHE_S3_SECRET_ACCESS_KEY")!,
    addressing,
    prefix: value("SANSHE_S3_PREFIX") ?? "",
  };
}
