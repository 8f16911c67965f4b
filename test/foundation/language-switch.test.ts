import { describe, expect, it } from "vitest";
import { Browser, ORIGIN } from "../helpers";
import { districtWith } from "../fixtures/district";

function switchLinks(html: string): { lang: string; elder: string } {
  const lang = /<a href="([^"]*)" lang="en" hreflang="en">English<\/a>/.exec(html)?.[1];
  const elder = /<a href="([^"]*elder=1[^"]*)">/.exec(html)?.[1];
  if (!lang || !elder) throw new Error("no language or elder-mode switch on the page");
  return { lang: lang.replaceAll("&amp;", "&"), elder: elder.replaceAll("&amp;", "&") };
}

describe("the language and elder-mode switches", () => {
  it("keep the page's query, so a search stays a search in the other language", async () => {
    await districtWith("150203");
    const html = await (await new Browser().fetch(`/d/150203/organizations?q=${encodeURIComponent("阳光")}`)).text();
    const { lang, elder } = switchLinks(html);
    expect(lang).toBe(`/d/150203/organizations?q=${encodeURIComponent("阳光")}&lang=en`);
    expect(elder).toBe(`/d/150203/organizations?q=${encodeURIComponent("阳光")}&elder=1`);
  });

  it("after a refused form, lead back to the form's page instead of the posted URL (which has no page)", async () => {
    const d = await districtWith("150203", { people: { admin: "district_admin" } });
    await d.admin.b.fetch(d.path("/admin/staff"));
    const refused = await d.admin.b.fetch(d.path("/admin/staff/invitations"), {
      method: "POST",
      headers: { referer: `${ORIGIN}${d.path("/admin/staff")}` },
      form: { _csrf: d.admin.b.csrf, email: "not an address", role: "" },
    });
    expect(refused.status).toBe(422);
    const { lang } = switchLinks(await refused.text());
    expect(lang).toBe(`${d.path("/admin/staff")}?lang=en`);
    expect((await d.admin.b.fetch(lang)).status).toBe(200);
  });

  it("go to the district home when a posted page came from elsewhere", async () => {
    const d = await districtWith("150203", { people: { admin: "district_admin" } });
    const refused = await d.admin.b.fetch(d.path("/admin/staff/invitations"), {
      method: "POST",
      headers: { referer: "https://elsewhere.example/d/150203/admin/staff" },
      form: { _csrf: d.admin.b.csrf, email: "not an address", role: "" },
    });
    expect(switchLinks(await refused.text()).lang).toBe(`${d.path("/")}?lang=en`);
  });
});
