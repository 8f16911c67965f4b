import { describe, expect, it } from "vitest";
import { actionLabel } from "../../src/audit/action-label";
import { recordNames, summaryText, targetText } from "../../src/audit/readable";
import { LOCALES } from "../../src/i18n/messages";
import { districtWith } from "../fixtures/district";
import { dataOf } from "../notifications/helpers";

// Every audit action the code can write has a label in both languages. The actions are
// read from the source itself, so a new one without a label fails here: literals in an
// `action:` property (ternaries included) and those handed to an audit helper. An action
// built from a template has to be listed below with every value it can take.

const sources = import.meta.glob<string>(["../../src/**/*.ts", "../../src/**/*.tsx"], { query: "?raw", import: "default", eager: true });

const templates: Record<string, readonly string[]> = {
  "projects.eligibility_${input.outcome}": ["pass", "reject"].map((o) => `projects.eligibility_${o}`),
  "incubation.exit_${input.outcome}": ["graduated", "extended", "eliminated"].map((o) => `incubation.exit_${o}`),
  "incubation.eligibility_${input.outcome}": ["pass", "return", "reject"].map((o) => `incubation.eligibility_${o}`),
  "incubation.decided_${input.outcome}": ["admit", "reject"].map((o) => `incubation.decided_${o}`),
  "worker.${field}_revealed": ["worker.id_number_revealed", "worker.phone_revealed"],
  "credit.${kind}_filed": ["objection", "rectification", "exit"].map((k) => `credit.${k}_filed`),
  'credit.${request.kind}_${accept ? "accepted" : "refused"}': ["objection", "rectification", "exit"].flatMap((k) => [`credit.${k}_accepted`, `credit.${k}_refused`]),
  "evaluation.appeal_${input.outcome}": ["evaluation.appeal_upheld", "evaluation.appeal_dismissed"],
  "grade.${input.outcome}": ["kept", "raised", "lowered", "cancelled", "suspended", "restored"].map((o) => `grade.${o}`),
};

const ACTION = /"([a-z_]+\.[a-z_]+)"/g;

function writtenActions(): { actions: Set<string>; unknownTemplates: string[] } {
  const actions = new Set<string>();
  const unknownTemplates: string[] = [];
  for (const [path, text] of Object.entries(sources)) {
    if (path.endsWith("/messages.ts") || path.includes("/messages-")) continue;
    for (const line of text.split("\n")) {
      const property = /\baction: (.*)$/.exec(line);
      const helper = /\b(?:audit|move)\((.*)$/.exec(line);
      // A helper's first line names the action as a call's string argument on the next lines too.
      for (const part of [property?.[1], helper?.[1]]) {
        if (!part) continue;
        for (const m of part.matchAll(ACTION)) actions.add(m[1]!);
        const template = /^`([^`]+)`/.exec(part.trim());
        if (template) {
          if (templates[template[1]!]) for (const a of templates[template[1]!]!) actions.add(a);
          else unknownTemplates.push(`${path}: ${template[1]}`);
        }
      }
    }
    // Actions passed on a line of their own to the helpers that record them.
    for (const m of text.matchAll(/\b(?:audit|move)\([^;]*?"([a-z_]+\.[a-z_]+)"/gs)) actions.add(m[1]!);
  }
  return { actions, unknownTemplates };
}

describe("audit actions", () => {
  const { actions, unknownTemplates } = writtenActions();

  it("finds the actions the code writes, and every template's values are listed", () => {
    expect(unknownTemplates).toEqual([]);
    // A floor, so that a broken scan cannot pass by finding nothing.
    expect(actions.size).toBeGreaterThan(190);
    for (const known of ["projects.bid_submitted", "notification.sent", "district.move_done", "review.no_conflict_declared", "grade.lowered"]) expect(actions).toContain(known);
  });

  it("every action has a label in both languages", () => {
    const missing = [...actions].filter((a) => LOCALES.some((l) => actionLabel(l, a) === a));
    expect(missing).toEqual([]);
    for (const a of actions) expect(actionLabel("zh-CN", a)).toMatch(/\p{Script=Han}/u);
  });
});

describe("an audit event as a person reads it", () => {
  it("names the people, organizations and areas, labels fields and codes, and hides ids", async () => {
    const d = await districtWith("150291", { organizations: ["阳光助老服务中心"], people: { admin: "district_admin" } });
    const data = await dataOf(d.code);
    const user = await data.selectFrom("users").select("display_name").where("id", "=", d.admin.id).executeTakeFirstOrThrow();
    const unknown = "0000abcde0123456789abcdef";
    const events = [
      { target_type: "organization", target_id: d.orgIds[0]!, summary: { after: { claim: unknown, user: d.admin.id, scopeArea: "150291001" }, note: "核实" } },
      { target_type: "project_bid", target_id: unknown, summary: { before: { status: "draft" }, after: { status: "submitted", published: true, internalThing: "x" } } },
    ];
    for (const l of LOCALES) {
      const names = await recordNames(data, l, events);
      const [first, second] = events.map((e) => summaryText(l, e, names));
      expect(targetText(l, events[0]!, names)).toBe(`${l === "en" ? "Organization" : "社会组织"}: 阳光助老服务中心`);
      expect(first).toContain(user.display_name);
      expect(first).toContain("第1街道");
      expect(first).not.toContain(unknown);
      expect(first).not.toContain("claim");
      expect(second).toBe(l === "en" ? "Status: Draft → Submitted; Published: Yes" : "状态: 草稿 → 已提交；公开: 是");
      expect(targetText(l, events[1]!, names)).toBe(l === "en" ? "Bid" : "项目申报");
    }
  });
});
