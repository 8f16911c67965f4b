import { describe, expect, it } from "vitest";
import { Browser } from "../helpers";
import { districtWith } from "../fixtures/district";

describe("health and landing", () => {
  it("healthz answers without a database and readyz checks every database", async () => {
    const b = new Browser();
    const health = await b.fetch("/healthz");
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const ready = await b.fetch("/readyz");
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", checks: { PLATFORM: "ok", DISTRICTS_0: "ok", DISTRICTS_1: "ok" } });
  });

  it("lists active districts on the platform landing page", async () => {
    await districtWith("150203", { nameZh: "昆都仑区" });
    const res = await new Browser().fetch("/");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain('href="/d/150203/"');
    expect(html).toContain("昆都仑区");
  });
});
