import { expect, it } from "vitest";
import { baseUrl } from "./browser";

// Under local serving (wrangler dev), an oversized POST without Content-Length was
// refused with 413 but left the rest of its body in the proxy's connection, and the
// next POST from anyone got 503 "worker restarted mid-request" (or a GET hung). The
// Worker now reads a refused chunked body to its end (src/http/uploads.ts).

function chunkedBody(bytes: number): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(64 * 1024).fill(97);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
}

it("an oversized chunked POST gets 413 and the requests after it are served normally", async () => {
  for (let round = 0; round < 3; round++) {
    const refused = await fetch(`${baseUrl()}/d/150203/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: chunkedBody(3 * 1024 * 1024),
      duplex: "half",
    } as RequestInit);
    expect(refused.status).toBe(413);
    await refused.arrayBuffer();
    const next = await fetch(`${baseUrl()}/d/150203/api/v1/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "nobody@example.cn", password: "wrong-password-1" }),
      signal: AbortSignal.timeout(15_000),
    });
    expect(next.status).toBe(401);
    const page = await fetch(`${baseUrl()}/healthz`, { signal: AbortSignal.timeout(15_000) });
    expect(page.status).toBe(200);
  }
});
