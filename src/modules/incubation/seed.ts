import type { CompiledQuery, InsertQueryBuilder, InsertResult } from "kysely";
import { createKysely } from "../../data/kysely";
import type { DistrictDB } from "../../data/schema";
import { protect } from "../../lib/personal-data";
import { addWorkingDays, endOfBeijingDay, addMonths, beijingDate } from "../../lib/beijing-time";
import type { ModuleSeed } from "../../seed/demo";

// Demo data for the incubation module: for each demo district a district park and a
// sub-district base with spaces, an open call with a rubric and reviewers, applications
// in several states, a public notice that is open for objections, and an organization
// already in incubation with its services and milestones.

const db = createKysely<DistrictDB>(null as unknown as D1Database);
const DAY = 86_400_000;

export const incubationSeed: ModuleSeed = async (district, ctx) => {
  // A district still onboarding has no organizations or parks yet.
  if (district.onboarding || district.organizations.length === 0) return [];
  const d = district.code;
  const id = (key: string) => `demo-${d}-inc-${key}`;
  const now = Date.parse(ctx.now);
  const iso = (offsetDays: number) => new Date(now + offsetDays * DAY).toISOString();
  const sub = district.organizations.find((o) => o.areaCode?.length === 9)?.areaCode ?? `${d}001`;
  const orgs = district.organizations.map((o) => o.key);
  const reviewer = district.people.find((p) => p.role === "reviewer");
  const member = district.people.find((p) => p.role === "org_member");
  const admin = district.people.find((p) => p.role === "district_admin")!;
  const q: { compile(): CompiledQuery }[] = [];
  // Seeding twice keeps what exists (and whatever the demo user changed since).
  // biome-ignore lint/suspicious/noExplicitAny: one helper for inserts into any table
  const ignore = (insert: InsertQueryBuilder<DistrictDB, any, InsertResult>) => insert.onConflict((oc) => oc.doNothing());

  const parks = [
    { key: "district", name: d === "150203" ? "昆都仑区社会组织孵化园" : "青山区社会组织孵化中心", level: "district" as const, area: null, operator: d === "150203" ? "包头市恩和社会工作服务中心（第三方运营）" : "青山区社会组织服务中心", address: d === "150203" ? "昆都仑区钢铁大街 68 号" : "青山区幸福南路 12 号" },
    { key: "sub", name: d === "150203" ? "沼潭街道社会组织孵化基地" : "先锋道街道社会组织孵化基地", level: "subdistrict" as const, area: sub, operator: "街道综合服务中心", address: "街道党群服务中心二楼" },
  ];
  for (const p of parks) {
    q.push(
      ignore(
        db.insertInto("parks").values({
          district_id: d,
          id: id(`park-${p.key}`),
          name: p.name,
          level: p.level,
          area_code: p.area,
          operator_name: p.operator,
          address: p.address,
          description: "为初创期社会组织提供场地设备、能力建设、财务托管、协助注册、管理咨询和资源对接等服务，支持虚拟孵化。",
          services_json: JSON.stringify(p.key === "district" ? ["venue", "capacity_building", "financial_custody", "registration_help", "management_consulting", "resource_matching"] : ["venue", "capacity_building", "registration_help"]),
          physical: 1,
          virtual: p.key === "district" ? 1 : 0,
          version: 1,
          created_at: ctx.now,
          updated_at: ctx.now,
        }),
      ),
    );
    const spaces =
      p.key === "district"
        ? [
            ["workstation", "开放工位 A-01", 4],
            ["workstation", "开放工位 A-02", 4],
            ["office", "独立办公室 201", 6],
            ["meeting_room", "多功能会议室", 30],
          ]
        : [
            ["workstation", "工位 1", 2],
            ["office", "办公室 3", 4],
          ];
    spaces.forEach(([kind, label, capacity], i) => {
      q.push(ignore(db.insertInto("park_spaces").values({ district_id: d, id: id(`space-${p.key}-${i}`), park_id: id(`park-${p.key}`), kind: kind as "office", label: String(label), capacity: Number(capacity), status: i === 0 && p.key === "district" ? "occupied" : "available", created_at: ctx.now })));
    });
  }

  // A rubric shared by the demo calls.
  const rubric = id("rubric");
  q.push(ignore(db.insertInto("rubrics").values({ district_id: d, id: rubric, title: "入驻评审标准", locked_at: null, created_at: ctx.now })));
  [
    ["公益属性与社会需求", "服务对象明确，回应社区居民的实际需求", 30],
    ["项目可行性", "计划具体、步骤清楚、资源可落实", 30],
    ["团队能力", "骨干稳定，具备相关服务经验", 25],
    ["发展潜力", "有望在孵化期内完成登记、承接项目", 15],
  ].forEach(([title, description, points], i) => {
    q.push(ignore(db.insertInto("rubric_items").values({ district_id: d, id: id(`item-${i}`), rubric_id: rubric, position: i, title: String(title), description: String(description), weight: Number(points), max_score: Number(points) })));
  });

  const materials = JSON.stringify([
    { key: "plan", label: "孵化计划书", required: true },
    { key: "charter", label: "章程或团队公约", required: false },
  ]);
  const calls = [
    { key: "past", title: "上年度第二批入驻招募", opens: iso(-400), closes: iso(-386), status: "closed" as const },
    { key: "open", title: "本年度入驻招募", opens: iso(-5), closes: iso(9), status: "published" as const },
  ];
  for (const c of calls) {
    q.push(
      ignore(
        db.insertInto("calls").values({
          district_id: d,
          id: id(`call-${c.key}`),
          park_id: id("park-district"),
          title: c.title,
          opens_at: c.opens,
          closes_at: c.closes,
          places: 6,
          eligibility_text: "1. 服务本区居民、以社区为主要活动范围的社会组织或尚未登记的发起团队；\n2. 未被列入活动异常名录或严重违法失信名单；\n3. 尚未登记的发起团队须由全体发起人签名申请，并在入驻后六个月内完成登记。",
          materials_json: materials,
          rubric_id: rubric,
          notice_working_days: 5,
          status: c.status,
          created_by: `demo-${d}-${admin.key}`,
          created_at: c.opens,
        }),
      ),
    );
    if (reviewer) q.push(ignore(db.insertInto("call_reviewers").values({ district_id: d, call_id: id(`call-${c.key}`), user_id: `demo-${d}-${reviewer.key}` })));
  }

  const form = (name: string) =>
    JSON.stringify({
      orgIntro: `${name}扎根社区，长期开展为老、助残和青少年服务，骨干成员均有三年以上志愿服务经历。`,
      plan: "孵化期内完善内部治理和财务制度，开展两个社区服务项目，培养五名专职骨干，争取承接政府购买服务。",
      needs: ["venue", "capacity_building", "financial_custody"],
      teamSize: 8,
      founders: [],
      foundersSigned: false,
    });
  const applicant = member ? `demo-${d}-${member.key}` : `demo-${d}-${admin.key}`;
  // Admitted last year and now in incubation; proposed and in notice now; one awaiting eligibility.
  const apps = [
    { key: "admitted", org: orgs[0]!, call: "past", status: "admitted" as const, submitted: iso(-390), decided: iso(-370) },
    { key: "notice", org: orgs[1] ?? orgs[0]!, call: "open", status: "in_notice" as const, submitted: iso(-4), decided: null },
    ...(orgs[2] ? [{ key: "submitted", org: orgs[2], call: "open", status: "submitted" as const, submitted: iso(-1), decided: null }] : []),
  ];
  for (const a of apps) {
    q.push(
      ignore(
        db.insertInto("applications").values({
          district_id: d,
          id: id(`app-${a.key}`),
          call_id: id(`call-${a.call}`),
          organization_id: ctx.orgId(a.org),
          applicant_id: applicant,
          status: a.status,
          form_json: form(district.organizations.find((o) => o.key === a.org)!.name),
          version: 4,
          submitted_at: a.submitted,
          eligibility_due_on: addWorkingDays(a.submitted, 5),
          eligibility_done_at: a.status === "submitted" ? null : a.submitted,
          decided_at: a.decided,
          created_at: a.submitted,
          updated_at: a.decided ?? a.submitted,
        }),
      ),
    );
    const steps = a.status === "submitted" ? ["draft", "submitted"] : a.status === "in_notice" ? ["draft", "submitted", "in_review", "proposed", "in_notice"] : ["draft", "submitted", "in_review", "proposed", "in_notice", "admitted"];
    steps.forEach((to, i) => {
      q.push(
        ignore(
          db.insertInto("application_events").values({
            district_id: d,
            id: id(`ev-${a.key}-${i}`),
            application_id: id(`app-${a.key}`),
            at: new Date(Date.parse(a.submitted) + i * DAY).toISOString(),
            from_status: i ? steps[i - 1]! : null,
            to_status: to,
            actor_id: null,
            actor_role: i < 2 ? "org_member" : "district_admin",
            note: to === "in_review" ? "材料齐全，符合申请条件。" : "",
          }),
        ),
      );
    });
  }

  // The reviewer's declaration and submitted scores behind the proposal on notice.
  if (reviewer) {
    q.push(
      ignore(
        db.insertInto("review_assignments").values({
          district_id: d,
          id: id("assignment"),
          subject_kind: "incubation_application",
          subject_id: id("app-notice"),
          rubric_id: rubric,
          reviewer_id: `demo-${d}-${reviewer.key}`,
          scorer_role: "reviewer",
          status: "clear",
          conflict_reason: null,
          declared_at: iso(-3),
          submitted_at: iso(-3),
          assigned_by: `demo-${d}-${admin.key}`,
          assigned_at: iso(-3),
        }),
      ),
    );
    [26, 27, 21, 12.5].forEach((score, i) => {
      q.push(ignore(db.insertInto("review_scores").values({ district_id: d, assignment_id: id("assignment"), item_id: id(`item-${i}`), score, comment: i === 1 ? "计划具体，已落实活动场地和合作社区。" : "", scored_at: iso(-3) })));
    });
    q.push(
      db
        .updateTable("rubrics")
        .set({ locked_at: iso(-3) })
        .where("district_id", "=", d)
        .where("id", "=", rubric)
        .where("locked_at", "is", null),
    );
  }

  // The open notice, with the proposal and an objection already handled.
  const noticeStart = iso(-2);
  q.push(
    ignore(
      db.insertInto("public_notices").values({
        district_id: d,
        id: id("notice"),
        subject_kind: "incubation_application",
        batch_id: id("call-open"),
        title: `${parks[0]!.name}本年度拟入驻社会组织名单公示`,
        body: "经资格初审、专家评审，拟同意下列社会组织入驻。公示期内如有异议，请实名提出。",
        reviewers_text: reviewer ? district.people.find((p) => p.key === reviewer.key)!.name : "",
        starts_at: noticeStart,
        ends_at: endOfBeijingDay(addWorkingDays(noticeStart, 5)),
        status: "open",
        published_by: `demo-${d}-${admin.key}`,
        published_at: noticeStart,
        closed_at: null,
      }),
    ),
  );
  q.push(ignore(db.insertInto("notice_items").values({ district_id: d, notice_id: id("notice"), subject_id: id("app-notice"), label: district.organizations.find((o) => o.key === (orgs[1] ?? orgs[0]))!.name, proposed_outcome: "admit", score: 86.5, outcome: "pending" })));
  q.push(
    ignore(
      db.insertInto("notice_objections").values({
        district_id: d,
        id: id("objection"),
        notice_id: id("notice"),
        subject_id: id("app-notice"),
        name: "居民张先生",
        contact_protected: await protect("13904720000", ctx.personalDataKey),
        content: "该组织去年活动较少，请核实其服务情况。",
        filed_at: iso(-1),
        status: "dismissed",
        handling_note: "经核实，该组织去年开展活动 24 场，服务记录齐全，异议不成立。",
        handled_by: `demo-${d}-${admin.key}`,
        handled_at: iso(-1),
      }),
    ),
  );

  // The organization admitted last year is in incubation.
  const started = beijingDate(iso(-365));
  q.push(
    ignore(
      db.insertInto("incubations").values({
        district_id: d,
        id: id("incubation"),
        application_id: id("app-admitted"),
        park_id: id("park-district"),
        organization_id: ctx.orgId(orgs[0]!),
        space_id: id("space-district-0"),
        virtual: 0,
        started_on: started,
        planned_end_on: addMonths(started, 12),
        renewals_used: 0,
        registration_due_on: null,
        status: "active",
        ended_on: null,
        handback_due_on: null,
        version: 1,
      }),
    ),
  );
  [
    ["capacity_building", -300, "项目设计与申报专题培训", "区社会组织服务中心"],
    ["financial_custody", -200, "代理记账与财务制度建设", "恩和财务服务社"],
    ["resource_matching", -90, "对接区慈善总会社区微基金", "区慈善总会"],
  ].forEach(([service, offset, description, provider], i) => {
    q.push(ignore(db.insertInto("incubation_services").values({ district_id: d, id: id(`svc-${i}`), incubation_id: id("incubation"), service: String(service), on_date: beijingDate(iso(Number(offset))), description: String(description), provider: String(provider), recorded_by: `demo-${d}-${admin.key}` })));
  });
  q.push(ignore(db.insertInto("incubation_milestones").values({ district_id: d, id: id("ms-project"), incubation_id: id("incubation"), milestone: "first_project", on_date: beijingDate(iso(-150)), note: "承接社区居家养老探访项目", recorded_by: `demo-${d}-${admin.key}` })));

  return q.map((x) => x.compile());
};
