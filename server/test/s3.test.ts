import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readWorkerConfig } from "../config";
import { createNodeEnv } from "../env";
import { objectStoreFromEnvironment, openS3, S3Error, type S3BucketOptions } from "../s3";
import { signRequest } from "../sigv4";
import { startFakeS3, type FakeS3 } from "../testing/fake-s3";

const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE0001", secretAccessKey: "c2VjcmV0LWtleS1mb3ItdGVzdHM", region: "cn-north-1" };
let fake: FakeS3;
let options: S3BucketOptions;
beforeAll(async () => {
  fake = await startFakeS3(CREDENTIALS, ["sanshe-files"]);
  options = { ...CREDENTIALS, endpoint: fake.endpoint, bucket: "sanshe-files", addressing: "path", backoffMs: 1 };
});
afterAll(() => fake.close());

describe("SigV4 on WebCrypto", () => {
  // The examples of Amazon's "Signature Calculations for the Authorization Header"
  // (single chunk), with its published example credentials.
  const aws = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", region: "us-east-1" };
  const empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  const date = new Date("2013-05-24T00:00:00Z");

  it("signs GET Object with a Range header as Amazon's example does", async () => {
    const headers = await signRequest({ method: "GET", url: new URL("https://examplebucket.s3.amazonaws.com/test.txt"), headers: { Range: "bytes=0-9" }, payloadHash: empty, date }, aws);
    expect(headers.authorization).toBe(
      "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
    );
    expect(headers["x-amz-date"]).toBe("20130524T000000Z");
  });

  it("signs a bucket listing with a sorted query as Amazon's example does", async () => {
    const headers = await signRequest({ method: "GET", url: new URL("https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J"), payloadHash: empty, date }, aws);
    expect(headers.authorization).toMatch(/Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7$/);
  });
});

describe("R2 over S3-compatible storage", () => {
  it("stores, reads, heads and deletes objects with their metadata", async () => {
    const bucket = openS3(options);
    const key = "130702/applications/计划 书 (v2).pdf";
    const put = await bucket.put(key, new TextEncoder().encode("项目计划"), { httpMetadata: { contentType: "application/pdf" }, customMetadata: { district: "130702", filename: "计划书 50%.pdf" } });
    expect(put.size).toBe(12);
    expect(put.etag).toMatch(/^[0-9a-f]{32}$/);
    // The key arrives as the object's name, unmangled, under the bucket.
    expect([...fake.buckets.get("sanshe-files")!.keys()]).toContain(key);

    const got = await bucket.get(key);
    expect(got).not.toBeNull();
    expect(await got!.text()).toBe("项目计划");
    expect(got?.httpMetadata?.contentType).toBe("application/pdf");
    expect(got!.customMetadata).toEqual({ district: "130702", filename: "计划书 50%.pdf" });
    expect(got!.etag).toBe(put.etag);
    const headers = new Headers();
    got?.writeHttpMetadata(headers);
    expect(headers.get("content-type")).toBe("application/pdf");

    const head = await bucket.head(key);
    expect(head?.size).toBe(12);
    await bucket.delete(key);
    expect(await bucket.get(key)).toBeNull();
    expect(await bucket.head(key)).toBeNull();
    // Deleting what is not there is not an error, as on R2.
    await bucket.delete([key, "130702/never-stored"]);
  });

  it("streams a body and accepts every body type R2 takes", async () => {
    const bucket = openS3(options);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array([1, 2]));
        c.enqueue(new Uint8Array([3]));
        c.close();
      },
    });
    await bucket.put("s/stream", stream);
    await bucket.put("s/blob", new Blob(["b"]));
    await bucket.put("s/string", "s");
    expect([...(await (await bucket.get("s/stream"))!.bytes())]).toEqual([1, 2, 3]);
    const body = (await bucket.get("s/blob"))!;
    expect(await new Response(body.body).text()).toBe("b");
    expect(await (await bucket.get("s/string"))!.text()).toBe("s");
    await bucket.delete(["s/stream", "s/blob", "s/string"]);
  });

  it("lists by prefix with a cursor and folds keys under a delimiter", async () => {
    const bucket = openS3({ ...options, prefix: "FILES/" });
    const other = openS3({ ...options, prefix: "OTHER/" });
    const keys = ["990001/a", "990001/b", "990001/c/1", "990001/c/2", "990001/d", "990002/a"];
    for (const key of keys) await bucket.put(key, key);
    await other.put("990001/z", "another binding's object");

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await bucket.list({ prefix: "990001/", limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.objects.map((o) => o.key));
      cursor = page.truncated ? page.cursor : undefined;
      pages++;
    } while (cursor);
    expect(seen).toEqual(["990001/a", "990001/b", "990001/c/1", "990001/c/2", "990001/d"]);
    expect(pages).toBe(3);

    const folded = await bucket.list({ prefix: "990001/", delimiter: "/" });
    expect(folded.objects.map((o) => o.key)).toEqual(["990001/a", "990001/b", "990001/d"]);
    expect(folded.delimitedPrefixes).toEqual(["990001/c/"]);
    expect(folded.truncated).toBe(false);
    expect((await bucket.list({ prefix: "990001/", startAfter: "990001/c/2" })).objects.map((o) => o.key)).toEqual(["990001/d"]);
    expect((await other.list()).objects.map((o) => o.key)).toEqual(["990001/z"]);
    expect((await bucket.list({ prefix: "990001/" })).objects[0]).toMatchObject({ key: "990001/a", size: 8 });
  });

  it("retries what the store failed, then gives up with its error", async () => {
    const bucket = openS3(options);
    const before = fake.log.length;
    fake.failNext(2);
    await bucket.put("r/after-slowdown", "x");
    expect(fake.log.length - before).toBe(3);
    expect(await (await bucket.get("r/after-slowdown"))!.text()).toBe("x");

    fake.failNext(3, 500);
    const failed = await bucket.get("r/after-slowdown").catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(S3Error);
    expect(failed).toMatchObject({ status: 500, code: "InternalError" });
  });

  it("does not retry a refusal, and says what was refused without the secret", async () => {
    const wrong = openS3({ ...options, secretAccessKey: "not-the-secret" });
    const before = fake.log.length;
    const refused = await wrong.put("x/refused", "x").catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 403, code: "SignatureDoesNotMatch" });
    expect(String((refused as Error).message)).not.toContain("not-the-secret");
    expect(fake.log.length - before).toBe(1);
    expect(fake.buckets.get("sanshe-files")!.has("x/refused")).toBe(false);

    await expect(openS3({ ...options, bucket: "no-such-bucket" }).list()).rejects.toMatchObject({ status: 404, code: "NoSuchBucket" });
    await expect(openS3({ ...options, endpoint: "http://127.0.0.1:9", attempts: 2 }).head("k")).rejects.toMatchObject({ code: "NetworkError" });
  });

  it("builds virtual-hosted addresses for stores that require them", async () => {
    const seen: string[] = [];
    const original = globalThis.fetch;
    globalThis.fetch = (async (input: string | URL | Request) => {
      seen.push(String(input));
      return new Response(null, { status: 404 });
    }) as typeof fetch;
    try {
      expect(await openS3({ ...options, endpoint: "https://oss-cn-hangzhou.aliyuncs.com", addressing: "virtual", prefix: "p/" }).head("a b/c")).toBeNull();
    } finally {
      globalThis.fetch = original;
    }
    expect(seen).toEqual(["https://sanshe-files.oss-cn-hangzhou.aliyuncs.com/p/a%20b/c"]);
  });
});

describe("choosing the object store", () => {
  it("keeps files in the data folder unless S3 is configured, and names what is missing", () => {
    expect(objectStoreFromEnvironment({})).toEqual({ kind: "files" });
    expect(() => objectStoreFromEnvironment({ SANSHE_OBJECT_STORE: "s3", SANSHE_S3_ENDPOINT: "https://obs.cn-north-4.myhuaweicloud.com" })).toThrow(/SANSHE_S3_REGION, SANSHE_S3_BUCKET, SANSHE_S3_ACCESS_KEY_ID, SANSHE_S3_SECRET_ACCESS_KEY/);
    expect(() => objectStoreFromEnvironment({ SANSHE_OBJECT_STORE: "ftp" })).toThrow(/"files" or "s3"/);
  });

  it("gives every R2 binding of wrangler.toml its own prefix in the bucket", async () => {
    const store = objectStoreFromEnvironment(
      { SANSHE_OBJECT_STORE: "s3", SANSHE_S3_ENDPOINT: fake.endpoint, SANSHE_S3_REGION: CREDENTIALS.region, SANSHE_S3_BUCKET: "sanshe-files", SANSHE_S3_ADDRESSING: "path", SANSHE_S3_PREFIX: "prod/" },
      { SANSHE_S3_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, SANSHE_S3_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey },
    );
    const node = createNodeEnv({ dataDir: ":memory:", secrets: {}, objectStore: store });
    try {
      expect(readWorkerConfig().r2).toContain("FILES");
      expect(node.buckets.size).toBe(0);
      await node.env.FILES!.put("990003/plan.pdf", "plan", { customMetadata: { district: "990003" } });
      expect(fake.buckets.get("sanshe-files")!.has("prod/FILES/990003/plan.pdf")).toBe(true);
      expect(await (await node.env.FILES!.get("990003/plan.pdf"))!.text()).toBe("plan");
    } finally {
      node.close();
    }
  });
});
