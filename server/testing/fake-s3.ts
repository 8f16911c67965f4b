// A small S3-compatible server for tests, on 127.0.0.1 with no network: path-style
// buckets, PUT/GET/HEAD/DELETE of objects, ListObjectsV2 with prefix, delimiter and
// continuation tokens, and SigV4 checked on every request with node:crypto (a second,
// independent implementation of the signature, so a mistake in server/sigv4.ts that both
// sides shared could not pass unnoticed together with the AWS test vectors).
import { createHash, createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

interface Stored {
  bytes: Buffer;
  headers: Record<string, string>;
  etag: string;
  modified: Date;
}

export interface FakeS3 {
  endpoint: string;
  buckets: Map<string, Map<string, Stored>>;
  /** Requests seen, as "METHOD /path?query". */
  log: string[];
  /** The next `count` requests answer this status (503 SlowDown by default) instead. */
  failNext(count: number, status?: number): void;
  close(): Promise<void>;
}

const strict = (v: string) => encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const xmlEscape = (v: string) => v.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function error(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { "content-type": "application/xml" });
  res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error>`);
}

function signatureOk(req: IncomingMessage, body: Buffer, credentials: { accessKeyId: string; secretAccessKey: string; region: string }): string | null {
  const auth = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request,\s*SignedHeaders=([^,]+),\s*Signature=([0-9a-f]{64})$/.exec(String(req.headers.authorization ?? ""));
  if (!auth) return "AccessDenied";
  const [, keyId, day, region, signed, signature] = auth;
  if (keyId !== credentials.accessKeyId) return "InvalidAccessKeyId";
  if (region !== credentials.region) return "AuthorizationHeaderMalformed";
  const names = signed!.split(";");
  for (const required of ["host", "x-amz-date", "x-amz-content-sha256"]) if (!names.includes(required)) return "AccessDenied";
  const payload = String(req.headers["x-amz-content-sha256"]);
  if (payload !== createHash("sha256").update(body).digest("hex")) return "XAmzContentSHA256Mismatch";
  const date = String(req.headers["x-amz-date"]);
  if (!date.startsWith(day!) || Math.abs(Date.parse(date.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, "$1-$2-$3T$4:$5:$6Z")) - Date.now()) > 15 * 60_000) return "RequestTimeTooSkewed";
  const [path, search = ""] = (req.url ?? "/").split("?");
  const query = search
    .split("&")
    .filter(Boolean)
    .map((p) => p.split("=").map((x) => strict(decodeURIComponent(x.replaceAll("+", " ")))) as [string, string])
    .map(([k, v = ""]) => `${k}=${v}`)
    .sort()
    .join("&");
  const canonical = [req.method, path, query, ...names.map((n) => `${n}:${String(req.headers[n] ?? "").trim()}`), "", signed, payload].join("\n");
  const scope = `${day}/${region}/s3/aws4_request`;
  const toSign = `AWS4-HMAC-SHA256\n${date}\n${scope}\n${createHash("sha256").update(canonical).digest("hex")}`;
  let key: Buffer = createHmac("sha256", `AWS4${credentials.secretAccessKey}`).update(day!).digest();
  for (const part of [region!, "s3", "aws4_request"]) key = createHmac("sha256", key).update(part).digest();
  return createHmac("sha256", key).update(toSign).digest("hex") === signature ? null : "SignatureDoesNotMatch";
}

function listObjects(res: ServerResponse, objects: Map<string, Stored>, q: URLSearchParams): void {
  const prefix = q.get("prefix") ?? "";
  const delimiter = q.get("delimiter") ?? "";
  const max = Number(q.get("max-keys") ?? 1000);
  const token = q.get("continuation-token");
  const after = token ? Buffer.from(token, "base64url").toString() : (q.get("start-after") ?? "");
  const keys = [...objects.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
  const contents: string[] = [];
  const prefixes = new Set<string>();
  let last = "";
  let count = 0;
  for (const key of keys) {
    if (count >= max) break;
    const at = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    const common = at >= 0 ? key.slice(0, at + delimiter.length) : null;
    if (common && prefixes.has(common)) {
      last = key;
      continue;
    }
    count++;
    last = key;
    if (common) prefixes.add(common);
    else {
      const o = objects.get(key)!;
      contents.push(`<Contents><Key>${xmlEscape(key)}</Key><LastModified>${o.modified.toISOString()}</LastModified><ETag>&quot;${o.etag}&quot;</ETag><Size>${o.bytes.length}</Size></Contents>`);
    }
  }
  const truncated = keys.some((k) => k > last && !(delimiter && [...prefixes].some((p) => k.startsWith(p))));
  res.writeHead(200, { "content-type": "application/xml" });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${count}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents.join("")}${[...prefixes].map((p) => `<CommonPrefixes><Prefix>${xmlEscape(p)}</Prefix></CommonPrefixes>`).join("")}${truncated ? `<NextContinuationToken>${Buffer.from(last).toString("base64url")}</NextContinuationToken>` : ""}</ListBucketResult>`,
  );
}

export async function startFakeS3(credentials: { accessKeyId: string; secretAccessKey: string; region: string }, bucketNames: string[]): Promise<FakeS3> {
  const buckets = new Map(bucketNames.map((name) => [name, new Map<string, Stored>()]));
  const log: string[] = [];
  let failures: { count: number; status: number } = { count: 0, status: 503 };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    log.push(`${req.method} ${req.url}`);
    if (failures.count > 0) {
      failures.count--;
      return error(res, failures.status, failures.status === 503 ? "SlowDown" : "InternalError", "please try again");
    }
    const refused = signatureOk(req, body, credentials);
    if (refused) return error(res, 403, refused, "the request signature was refused");
    const url = new URL(req.url ?? "/", "http://fake");
    const [, bucketName = "", ...rest] = (req.url ?? "/").split("?")[0]!.split("/");
    const objects = buckets.get(decodeURIComponent(bucketName));
    if (!objects) return error(res, 404, "NoSuchBucket", "the bucket does not exist");
    const key = decodeURIComponent(rest.join("/"));
    if (!key) {
      if (req.method === "GET" && url.searchParams.get("list-type") === "2") return listObjects(res, objects, url.searchParams);
      return error(res, 405, "MethodNotAllowed", "not supported here");
    }
    const stored = objects.get(key);
    switch (req.method) {
      case "PUT": {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(req.headers)) if (/^(content-type|content-language|content-disposition|content-encoding|cache-control|expires|x-amz-meta-.*)$/.test(name)) headers[name] = String(value);
        const etag = createHash("md5").update(body).digest("hex");
        objects.set(key, { bytes: body, headers, etag, modified: new Date() });
        res.writeHead(200, { etag: `"${etag}"` });
        return res.end();
      }
      case "GET":
      case "HEAD": {
        if (!stored && req.method === "HEAD") {
          res.writeHead(404);
          return res.end();
        }
        if (!stored) return error(res, 404, "NoSuchKey", "the key does not exist");
        res.writeHead(200, { ...stored.headers, etag: `"${stored.etag}"`, "content-length": stored.bytes.length, "last-modified": stored.modified.toUTCString() });
        return res.end(req.method === "GET" ? stored.bytes : undefined);
      }
      case "DELETE":
        objects.delete(key);
        res.writeHead(204);
        return res.end();
      default:
        return error(res, 405, "MethodNotAllowed", "not supported");
    }
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    buckets,
    log,
    failNext(count, status = 503) {
      failures = { count, status };
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
