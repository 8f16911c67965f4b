import * as cloudflareTest from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { Browser, countRows, worker } from "../helpers";
import { districtWith } from "../fixtures/district";

// Audited writes to one chain take turns inside an isolate. When the turn passes from one
// request to a write queued by another, the waiting request must carry on in its own
// context: woken from the other request's, its D1 batch ran on behalf of that request
// and Workers refused it ("Cannot perform I/O on behalf of a different request"), a 500
// for the resident. Each request here is a real one through the Worker's own entry.

const A = await districtWith("150173");
const FORM = A.path("/n/001001");
// SELF sends each request through the Worker's entry as its own request; Node has no
// request contexts to mix up, and its test shim no SELF, so there the app answers directly.
const send = (request: Request) => (cloudflareTest.SELF ? cloudflareTest.SELF.fetch(request) : worker.fetch(request));
const onceOf = (html: string) => /name="_once" value="([^"]+)"/.exec(html)![1]!;

describe("audited writes from many requests at once", () => {
  it("every resident's need is saved when 24 arrive together", async () => {
    const residents = [];
    for (let i = 0; i < 24; i++) {
      const b = new Browser(send);
      const page = await b.fetch(FORM);
      expect(page.status).toBe(200);
      residents.push({ b, once: onceOf(await page.text()) });
    }
    const answers = await Promise.all(residents.map(({ b, once }, i) => b.fetch(FORM, { method: "POST", form: { _csrf: b.csrf, _once: once, category: "environment", description: `楼道堆物影响通行（第 ${i + 1} 户）`, consent: "1" } })));
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 303));
    expect(await countRows(A.db, "linkage_needs", "district_id = ? AND description LIKE '楼道堆物影响通行%'", A.code)).toBe(24);
  });
});
