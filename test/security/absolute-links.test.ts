import { describe, expect, it } from "vitest";
import { createOrganization, worker } from "../helpers";
import { districtWith } from "../fixtures/district";

// Finding 5: absolute links in cacheable public responses (Atom feed, open data, the
// canonical and og:url tags) come from the district's registered hostname or the
// configured platform origin (PUBLIC_ORIGIN, https://sanshe.test in the tests), never
// from the Host the request happened to carry.

const D = "130402";
await districtWith(D, { hostnames: ["links.sanshe.test"] });
const org = await createOrganization(D, "DISTRICTS_0", "测试链接社会组织");

async function body(url: string, host?: string): Promise<string> {
  const headers = new Headers();
  if (host) headers.set("host", host);
  const res = await worker.fetch(new Request(url, { headers }));
  expect(res.status, url).toBe(200);
  return res.text();
}

const PUBLIC_PATHS = [`/notices.atom`, `/organizations/${org}`, `/organizations`, `/open-data`, `/open-data/v1/organizations.json`, `/open-data/v1/organizations.csv`];

describe("absolute links ignore the request's Host", () => {
  for (const path of PUBLIC_PATHS) {
    it(`${path} reached by path under a forged host`, async () => {
      const text = await body(`https://evil.example/d/${D}${path}`, "evil.example");
      expect(text).not.toContain("evil.example");
      if (/atom|open-data\/v1\/organizations\.json|organizations\//.test(path)) expect(text).toContain(`https://sanshe.test/d/${D}`);
    });
  }

  it("a district reached by its registered hostname links to that hostname", async () => {
    const text = await body(`https://links.sanshe.test/organizations/${org}`);
    expect(text).toContain(`<link rel="canonical" href="https://links.sanshe.test/organizations/${org}"/>`);
    const feed = await body(`http://links.sanshe.test:8080/notices.atom`);
    expect(feed).toContain(`href="https://links.sanshe.test/notices.atom"`);
    expect(feed).not.toContain(":8080");
  });
});
