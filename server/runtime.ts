// What workerd gives a Worker that Node does not: crypto.DigestStream and an
// ExecutionContext whose waitUntil work the server can wait for before it stops.
import { createHash } from "node:crypto";

const ALGORITHMS: Record<string, string> = { "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512", MD5: "md5" };

class DigestStream extends WritableStream<ArrayBuffer | ArrayBufferView> {
  readonly digest: Promise<ArrayBuffer>;
  constructor(algorithm: string | { name: string }) {
    const name = typeof algorithm === "string" ? algorithm : algorithm.name;
    const node = ALGORITHMS[name.toUpperCase()];
    if (!node) throw new TypeError(`DigestStream: unsupported algorithm ${name}`);
    const hash = createHash(node);
    let resolve!: (value: ArrayBuffer) => void;
    let reject!: (error: unknown) => void;
    const digest = new Promise<ArrayBuffer>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    super({
      write(chunk) {
        hash.update(chunk instanceof ArrayBuffer ? new Uint8Array(chunk) : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      },
      close() {
        const out = hash.digest();
        resolve(out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer);
      },
      abort(reason) {
        reject(reason);
      },
    });
    this.digest = digest;
    digest.catch(() => {});
  }
}

/** Installs the Workers globals the app uses; a no-op where they already exist. */
export function installWorkerGlobals(): void {
  const c = (globalThis as unknown as { crypto: { DigestStream?: unknown } }).crypto;
  if (!c.DigestStream) Object.defineProperty(c, "DigestStream", { value: DigestStream, configurable: true, writable: true });
}

/** An ExecutionContext that remembers its waitUntil work. */
export class NodeExecutionContext {
  readonly pending = new Set<Promise<unknown>>();
  readonly props = {};

  waitUntil(promise: Promise<unknown>): void {
    const tracked = promise.catch((error: unknown) => console.error("waitUntil:", error)).finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  passThroughOnException(): void {}

  async settled(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }
}
