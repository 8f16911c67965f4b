import { sql, type Compilable } from "kysely";
import { describe, expect, it } from "vitest";
import { DistrictData, districtStatements } from "../../src/data/district-data";
import { fixedStatements } from "../../src/data/fixed-statements";
import { createKysely } from "../../src/data/kysely";
import type { District } from "../../src/district-lookup/district-registry";
import { testEnv } from "../helpers";

// Statements built once per shape and bound per call must send exactly what Kysely would
// have built for the same values: the same SQL text and the values in the same order.

const kundulun = new DistrictData({ code: "150203" } as District, testEnv.DISTRICTS_0);
const qingshan = new DistrictData({ code: "150204" } as District, testEnv.DISTRICTS_1);
const sent = (queries: readonly Compilable[]) => queries.map((q) => q.compile()).map(({ sql, parameters }) => ({ sql, parameters }));

type Save = {
  id: string;
  version: number | undefined;
  title: string;
  category: string | null;
  organizations: readonly string[];
  lines: readonly { kind: string; item: string; amountYuan: number }[];
};

// The shape of a draft save: a guard, an update or an insert, and a list replaced whole.
const build = (data: DistrictData, p: Save) => [
  ...(p.version !== undefined ? [data.guard(data.selectFrom("project_bids").select("id").where("id", "=", p.id).where("version", "=", p.version))] : []),
  p.version !== undefined
    ? data.updateTable("project_bids").set({ title: p.title, category_id: p.category, status: "draft" }).where("id", "=", p.id).where("organization_id", "in", p.organizations)
    : data.insertInto("project_bids", { id: p.id, title: p.title, category_id: p.category, version: 1 } as never),
  data.deleteFrom("project_bid_lines").where("bid_id", "=", p.id),
  ...(p.lines.length ? [data.insertInto("project_bid_lines", p.lines.map((l, i) => ({ bid_id: p.id, line_no: i + 1, kind: l.kind, item: l.item, amount_yuan: l.amountYuan })) as never)] : []),
];

const saves: Save[] = [
  { id: "bid-1", version: 3, title: "社区长者助餐", category: "cat-1", organizations: ["org-1"], lines: [{ kind: "personnel", item: "社工补贴", amountYuan: 15_000 }] },
  { id: "bid-2", version: 7, title: "Youth club", category: "cat-2", organizations: ["org-2"], lines: [{ kind: "admin", item: "财务", amountYuan: 1_000 }] },
  { id: "bid-3", version: undefined, title: "新建", category: null, organizations: ["org-3", "org-4"], lines: [] },
  {
    id: "bid-4",
    version: 1,
    title: "三行",
    category: null,
    organizations: ["org-5", "org-6"],
    lines: [
      { kind: "activities", item: "助餐", amountYuan: 30_000 },
      { kind: "materials", item: "餐盒", amountYuan: 2_000 },
      { kind: "admin", item: "审计", amountYuan: 500 },
    ],
  },
];

describe("statements built once per shape", () => {
  it("send Kysely's SQL with each call's values in Kysely's order, in each district", () => {
    let builds = 0;
    const fixed = districtStatements("test.save", (data, p: Save) => {
      builds++;
      return build(data, p);
    });
    // Twice over, so that every call after the first of its shape is bound from the cache.
    for (const save of [...saves, ...saves.slice().reverse()]) {
      for (const data of [kundulun, qingshan]) expect(sent(fixed(data, save))).toEqual(sent(build(data, save)));
    }
    // Three shapes: an update with one line (two saves), a creation with none, an update with three.
    expect(builds).toBe(3);
    const [guard] = sent(fixed(qingshan, saves[1]!));
    expect(guard!.parameters).toEqual(["150204", "bid-2", 7]);
  });

  it("run against the database as Kysely's statements do", async () => {
    const areas = districtStatements("test.areas", (data, p: { code: string }) => [data.selectFrom("areas").select(["code", "level"]).where("code", "=", p.code)]);
    await testEnv.DISTRICTS_0.prepare("INSERT INTO areas (district_id, code, level, parent_code, name_zh, created_at, updated_at) VALUES ('150203', '150203777', 'subdistrict', NULL, '测试街道', '', '')").run();
    const [rows] = await kundulun.read(areas(kundulun, { code: "150203777" }));
    expect(rows).toEqual([{ code: "150203777", level: "subdistrict" }]);
    // The same code in another district is another district's row: none here.
    expect((await qingshan.read(areas(qingshan, { code: "150203777" })))[0]).toEqual([]);
  });

  it("keep raw SQL templates and nulls as Kysely writes them", () => {
    const compiler = createKysely<Record<string, never>>(testEnv.DISTRICTS_0);
    const raw = (p: { a: string | null; b: number }) => {
      const compiled = sql`SELECT ${p.a} AS a, ${p.b} + 1 AS b`.compile(compiler);
      return [{ compile: () => compiled }];
    };
    const fixed = fixedStatements("test.raw", raw);
    for (const p of [
      { a: "x", b: 1 },
      { a: null, b: 2 },
      { a: "y", b: 3 },
    ])
      expect(sent(fixed(p))).toEqual(sent(raw(p)));
  });

  it("refuse a build that changes a value instead of binding it", () => {
    const counted = districtStatements("test.counted", (data, p: { id: string; version: number }) => [
      data
        .updateTable("project_bids")
        .set({ version: p.version + 1 })
        .where("id", "=", p.id),
    ]);
    expect(() => counted(kundulun, { id: "bid-1", version: 1 })).toThrow(/changed before it was bound/);
    const suffixed = districtStatements("test.suffixed", (data, p: { id: string }) => [data.selectFrom("project_bids").select("id").where("id", "=", `${p.id}-copy`)]);
    expect(() => suffixed(kundulun, { id: "bid-1" })).toThrow(/changed before it was bound/);
    const inlined = fixedStatements("test.inlined", (p: { table: string }) => {
      const compiled = sql`SELECT * FROM ${sql.table(p.table)}`.compile(createKysely<Record<string, never>>(testEnv.DISTRICTS_0));
      return [{ compile: () => compiled }];
    });
    expect(() => inlined({ table: "areas" })).toThrow(/written into the SQL text/);
  });
});
