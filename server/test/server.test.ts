import { mkdtempSync, rmSync } from "node:fs";
import { type IncomingMessage, request } from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { runCompiled, tenantStatements } from "../../src/tenants/apply";
import { tenantFileSchema } from "../../src/tenants/tenant-file";
import { asFromCloudflare, startNodeServer } from "../main";

const dir = mkdtempSync(path.join(os.tmpdir(), "sanshe-server-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A GET with headers fetch() would not send as given (Host). */
async function get(url: string, headers: Record<string, string>): Promise<{ status: number; cookie: string; body: string }> {
  const res = await new Promise<IncomingMessage>((resolve, reject) => request(url, { headers }, resolve).on("error", reject).end());
  let body = "";
  for await (const chunk of res) body += String(chunk);
  return { status: res.statusCode ?? 0, cookie: String(res.headers["set-cookie"]), body };
}

describe("the Node server", () => {
  it("migrates a new data folder, serves the Worker's pages over HTTP and stops cleanly", async () => {
    const running = await startNodeServer({
      dataDir: path.join(dir, "data"),
      host: "127.0.0.1",
      port: 0,
      secrets: { PASSWORD_PEPPER: "p", PERSONAL_DATA_KEY: "k" },
      trustProxy: true,
      cron: false,
      vars: { PUBLIC_ORIGIN: "https://platform.example.cn" },
    });
    try {
      const tenant = z.parse(tenantFileSchema, { code: "990401", name: { zh: "服务测试区", en: "Server Test" }, shard: "DISTRICTS_1", status: "active", hostnames: ["server-test.example.cn"] });
      const statements = tenantStatements(tenant, new Date().toISOString());
      await runCompiled(running.env.env.PLATFORM, statements.platform);
      await runCompiled(running.env.env.DISTRICTS_1 as D1Database, statements.shard);

      expect(await (await fetch(`${running.url}/healthz`)).json()).toEqual({ status: "ok" });
      const page = await fetch(`${running.url}/d/990401/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("服务测试区");
      expect((await fetch(`${running.url}/d/990499/`)).status).toBe(404);

      // Behind the TLS proxy: the district's own hostname, Secure cookies, and absolute
      // links (canonical, Open Graph) on that registered hostname with the scheme of
      // PUBLIC_ORIGIN. fetch() always sends the URL's host, so these go through node:http.
      const login = await get(`${running.url}/login`, { host: "server-test.example.cn", "x-forwarded-proto": "https" });
      expect(login.status).toBe(200);
      expect(login.cookie).toMatch(/Secure/i);
      expect(login.body).toContain('href="https://server-test.example.cn/login"');

      // A Host nobody registered is not a district and never ends up in a link: the page
      // under /d/{code} links to PUBLIC_ORIGIN, whatever Host or X-Forwarded-Host said.
      const spoofed = await get(`${running.url}/d/990401/login`, { host: "evil.example.com", "x-forwarded-host": "evil.example.com", "x-forwarded-proto": "https" });
      expect(spoofed.status).toBe(200);
      expect(spoofed.body).toContain('href="https://platform.example.cn/d/990401/login"');
      expect(spoofed.body).not.toContain("evil.example.com");
    } finally {
      await running.stop();
    }
    await expect(fetch(`${running.url}/healthz`)).rejects.toThrow();
  });

  it("gives the app the client's address as Cloudflare would, never the one a client claims", () => {
    const forged = () => new Request("http://127.0.0.1/login", { headers: { "cf-connecting-ip": "1.2.3.4", "x-real-ip": "203.0.113.9", "x-forwarded-proto": "https" } });
    const direct = asFromCloudflare(forged(), "::ffff:198.51.100.7", false);
    expect(direct.headers.get("cf-connecting-ip")).toBe("198.51.100.7");
    expect(new URL(direct.url).protocol).toBe("http:");
    const proxied = asFromCloudflare(forged(), "127.0.0.1", true);
    expect(proxied.headers.get("cf-connecting-ip")).toBe("203.0.113.9");
    expect(new URL(proxied.url).protocol).toBe("https:");
  });
});
