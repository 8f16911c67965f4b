import { describe, expect, it } from "vitest";
import { AppError } from "../../src/http/errors";
import { t } from "../../src/i18n/messages";
import { ErrorSummary, TextField } from "../../src/ui/form";
import { attempt } from "../../src/ui/form-state";
import { api, callBody, completeBid, json, projectWorld } from "./fixtures";

// A field refused for two reasons at once shows both, beside the field and in the
// summary above the form: a bid over the project cap is usually over the admin share
// too, and the organization must see both to fix the budget once.

describe("the shared form refusal", () => {
  it("keeps every error on a field and shows each beside it and in the summary", async () => {
    const refusal = new AppError({
      status: 422,
      code: "validation",
      message: "error.validation",
      fields: [
        { field: "lines", code: "aboveCap", message: "超过上限" },
        { field: "lines", code: "adminCap", message: "管理费用超标" },
        { field: "rubric.1.weight", code: "weight", message: "权重须为正数" },
        { field: "rubric.2.weight", code: "weight", message: "权重须为正数" },
      ],
    });
    const done = await attempt("zh-CN", "bid", { lines: "x" }, () => Promise.reject(refusal));
    expect(done.ok).toBe(false);
    if (done.ok) return;
    expect(done.status).toBe(422);
    // The same message folded onto one text area twice shows once.
    expect(done.state.errors.map((e) => [e.field, e.code])).toEqual([
      ["lines", "aboveCap"],
      ["lines", "adminCap"],
      ["rubric", "weight"],
    ]);
    const field = String(await (<TextField name="lines" label="预算" value="x" errors={done.state.errors} />));
    const beside = /<span class="error" id="f-lines-error">([^<]*)<\/span>/.exec(field)?.[1] ?? "";
    expect(beside).toContain("超过上限");
    expect(beside).toContain("管理费用超标");
    const summary = String(await (<ErrorSummary locale="zh-CN" errors={done.state.errors} labels={{ lines: "预算" }} />));
    expect(summary).toContain("预算：超过上限");
    expect(summary).toContain("预算：管理费用超标");
  });
});

describe("a bid refused twice on its budget lines", () => {
  it("shows both reasons on the bid's page, in the language of the page", async () => {
    const w = await projectWorld("170402");
    const call = await json<{ id: string; version: number }>(await w.admin.b.api(api(w, "/projects/calls"), { method: "POST", json: callBody(w) }), 201);
    await json(await w.admin.b.api(api(w, `/projects/calls/${call.id}/publish`), { method: "POST", json: { version: call.version } }), 200);
    const heavy = completeBid(w, {
      lines: [
        { kind: "personnel", item: "社工", amountYuan: 90_000 },
        { kind: "admin", item: "管理", amountYuan: 20_000 },
      ],
    });
    const bid = await json<{ id: string; version: number }>(await w.org.b.api(api(w, `/projects/calls/${call.id}/bid`), { method: "PUT", json: heavy }), 200);
    for (const locale of ["zh-CN", "en"] as const) {
      const refused = await w.org.b.submit(w.path(`/projects/bids/${bid.id}/submit?lang=${locale}`), { version: String(bid.version) }, w.path(`/projects/bids/${bid.id}`));
      expect(refused.status).toBe(422);
      const html = await refused.text();
      const summary = /<div class="notice error" role="alert">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? "";
      expect(summary).toContain(t(locale, "projects.error.aboveCap", { cap: 100_000 }));
      expect(summary).toContain(t(locale, "projects.error.adminCap", { percent: 10 }));
    }
  });
});
