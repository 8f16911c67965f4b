// R2's interface on the local filesystem. Object bytes live in content files named by a
// random id; an SQLite index holds each key's metadata, so listing by prefix with a
// cursor is one indexed query and a put is atomic: the bytes are written to a temporary
// file, flushed and renamed into place before the index points at them. A crash leaves
// at worst an unreferenced content file, never a key pointing at half an object.
import { createHash, randomUUID } from "node:crypto";
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

interface IndexRow {
  key: string;
  blob: string;
  size: number;
  etag: string;
  uploaded: string;
  http_metadata: string;
  custom_metadata: string;
}

const HTTP_FIELDS = ["contentType", "contentLanguage", "contentDisposition", "contentEncoding", "cacheControl", "cacheExpiry"] as const;
const HEADER_OF: Record<(typeof HTTP_FIELDS)[number], string> = {
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

function httpMetadataOf(input: unknown): Record<string, unknown> {
  if (!input) return {};
  if (input instanceof Headers) {
    const out: Record<string, unknown> = {};
    for (const field of HTTP_FIELDS) {
      const v = input.get(HEADER_OF[field]);
      if (v !== null) out[field] = v;
    }
    return out;
  }
  return { ...(input as Record<string, unknown>) };
}

class FsR2Object {
  readonly key: string;
  readonly version: string;
  readonly size: number;
  readonly etag: string;
  readonly httpEtag: string;
  readonly uploaded: Date;
  readonly httpMetadata: Record<string, unknown>;
  readonly customMetadata: Record<string, string>;
  readonly checksums = { toJSON: () => ({}) };
  readonly storageClass = "Standard";

  constructor(row: IndexRow) {
    this.key = row.key;
    this.version = row.blob;
    this.size = row.size;
    this.etag = row.etag;
    this.httpEtag = `"${row.etag}"`;
    this.uploaded = new Date(row.uploaded);
    this.httpMetadata = JSON.parse(row.http_metadata) as Record<string, unknown>;
    this.customMetadata = JSON.parse(row.custom_metadata) as Record<string, string>;
  }

  writeHttpMetadata(headers: Headers): void {
    for (const field of HTTP_FIELDS) {
      const v = this.httpMetadata[field];
      if (v !== undefined && v !== null) headers.set(HEADER_OF[field], v instanceof Date ? v.toUTCString() : String(v));
    }
  }
}

class FsR2ObjectBody extends FsR2Object {
  private used = false;
  constructor(
    row: IndexRow,
    private readonly content: Uint8Array,
  ) {
    super(row);
  }
  get body(): ReadableStream<Uint8Array> {
    this.used = true;
    const content = this.content;
    return new ReadableStream({
      start(controller) {
        controller.enqueue(content);
        controller.close();
      },
    });
  }
  get bodyUsed(): boolean {
    return this.used;
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    this.used = true;
    return new Uint8Array(this.content).buffer as ArrayBuffer;
  }
  async bytes(): Promise<Uint8Array> {
    this.used = true;
    return new Uint8Array(this.content);
  }
  async text(): Promise<string> {
    this.used = true;
    return new TextDecoder().decode(this.content);
  }
  async json<T>(): Promise<T> {
    return JSON.parse(await this.text()) as T;
  }
  async blob(): Promise<Blob> {
    this.used = true;
    return new Blob([this.content]);
  }
}

/** An R2Bucket in a folder: `<root>/index.sqlite` and `<root>/objects/xx/<id>`. */
export class FsR2Bucket {
  readonly index: Database.Database;

  constructor(readonly root: string) {
    mkdirSync(path.join(root, "objects"), { recursive: true });
    this.index = new Database(path.join(root, "index.sqlite"));
    this.index.pragma("journal_mode = WAL");
    this.index.pragma("busy_timeout = 5000");
    this.index.exec(`CREATE TABLE IF NOT EXISTS objects (
      key TEXT PRIMARY KEY, blob TEXT NOT NULL, size INTEGER NOT NULL, etag TEXT NOT NULL,
      uploaded TEXT NOT NULL, http_metadata TEXT NOT NULL, custom_metadata TEXT NOT NULL
    ) WITHOUT ROWID`);
  }

  private blobPath(blob: string): string {
    return path.join(this.root, "objects", blob.slice(0, 2), blob);
  }

  private row(key: string): IndexRow | undefined {
    return this.index.prepare("SELECT * FROM objects WHERE key = ?").get(key) as IndexRow | undefined;
  }

  async head(key: string): Promise<FsR2Object | null> {
    const row = this.row(key);
    return row ? new FsR2Object(row) : null;
  }

  async get(key: string): Promise<FsR2ObjectBody | null> {
    const row = this.row(key);
    if (!row) return null;
    try {
      // A copy of exactly the object's bytes: readFileSync may hand out a view of a shared pool.
      return new FsR2ObjectBody(row, new Uint8Array(readFileSync(this.blobPath(row.blob))));
    } catch (error) {
      // Replaced or deleted by another process between the lookup and the read.
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return this.get(key);
      throw error;
    }
  }

  async put(key: string, value: unknown, options: { httpMetadata?: unknown; customMetadata?: Record<string, string> } = {}): Promise<FsR2Object> {
    if (!key || key.length > 1024) throw new TypeError("R2 put: the key must be 1 to 1024 characters");
    const bytes = await toBytes(value);
    const blob = randomUUID().replaceAll("-", "");
    const final = this.blobPath(blob);
    mkdirSync(path.dirname(final), { recursive: true });
    const temporary = `${final}.tmp`;
    const fd = openSync(temporary, "wx", 0o600);
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, final);
    const row: IndexRow = {
      key,
      blob,
      size: bytes.byteLength,
      etag: createHash("md5").update(bytes).digest("hex"),
      uploaded: new Date().toISOString(),
      http_metadata: JSON.stringify(httpMetadataOf(options.httpMetadata)),
      custom_metadata: JSON.stringify(options.customMetadata ?? {}),
    };
    const previous = this.index
      .transaction(() => {
        const old = this.row(key);
        this.index.prepare("INSERT OR REPLACE INTO objects (key, blob, size, etag, uploaded, http_metadata, custom_metadata) VALUES (@key, @blob, @size, @etag, @uploaded, @http_metadata, @custom_metadata)").run(row);
        return old;
      })
      .immediate();
    if (previous) rmSync(this.blobPath(previous.blob), { force: true });
    return new FsR2Object(row);
  }

  async delete(keys: string | string[]): Promise<void> {
    const list = Array.isArray(keys) ? keys : [keys];
    const removed = this.index
      .transaction(() =>
        list.flatMap((key) => {
          const row = this.index.prepare("DELETE FROM objects WHERE key = ? RETURNING blob").get(key) as { blob: string } | undefined;
          return row ? [row.blob] : [];
        }),
      )
      .immediate();
    for (const blob of removed) rmSync(this.blobPath(blob), { force: true });
  }

  async list(options: { prefix?: string; cursor?: string; limit?: number; delimiter?: string; startAfter?: string; include?: string[] } = {}) {
    const limit = Math.min(Math.max(options.limit ?? 1000, 1), 1000);
    const prefix = options.prefix ?? "";
    const after = options.cursor ? Buffer.from(options.cursor, "base64url").toString("utf8") : (options.startAfter ?? "");
    // Keys between prefix and prefix + U+10FFFF: an index range, no LIKE escaping.
    const rows = this.index.prepare("SELECT * FROM objects WHERE key >= ? AND key < ? AND key > ? ORDER BY key LIMIT ?").all(prefix, `${prefix}\u{10FFFF}`, after, limit + 1) as IndexRow[];
    const objects: FsR2Object[] = [];
    const delimitedPrefixes = new Set<string>();
    let last = "";
    for (const row of rows.slice(0, limit)) {
      last = row.key;
      if (options.delimiter) {
        const at = row.key.indexOf(options.delimiter, prefix.length);
        if (at >= 0) {
          delimitedPrefixes.add(row.key.slice(0, at + options.delimiter.length));
          continue;
        }
      }
      objects.push(new FsR2Object(row));
    }
    const truncated = rows.length > limit;
    return {
      objects,
      delimitedPrefixes: [...delimitedPrefixes],
      truncated,
      ...(truncated ? { cursor: Buffer.from(last, "utf8").toString("base64url") } : {}),
    };
  }

  close(): void {
    if (this.index.open) this.index.close();
  }
}

export function openR2(root: string): R2Bucket & FsR2Bucket {
  return new FsR2Bucket(root) as unknown as R2Bucket & FsR2Bucket;
}
