import type { CompiledQuery } from "kysely";
import { accountStatements } from "../auth/provision";
import { createKysely } from "../data/kysely";
import { platformSql } from "../data/platform-data";
import type { DistrictDB, Role } from "../data/schema";
import { usccCheckCharacter } from "../lib/uscc";
import type { ModuleSeed } from "../core/module-contract";
import { MODULE_SEEDS } from "../modules/seeds";

// The demo district data that `npm start` loads: people in every role and a few
// organizations, for the two districts in tenants/. Ids are fixed, and every insert
// skips rows that exist, so seeding twice keeps whatever the demo user changed.
// Each module adds its own demo data through its entry in src/modules/seeds.ts.

export const DEMO_PASSWORD = "sanshe2026demo";

const shardSql = createKysely<DistrictDB>(null as unknown as D1Database);

/** A valid 统一社会信用代码 for a civil-affairs registered organization. */
export function demoUscc(typeDigit: "1" | "2" | "3" | "9", districtCode: string, serial: string): string {
  const first17 = `5${typeDigit}${districtCode}${serial.padStart(9, "0")}`;
  return first17 + usccCheckCharacter(first17);
}

interface DemoOrganization {
  key: string;
  name: string;
  kind: "registered" | "founding_team";
  orgType: string;
  typeDigit?: "1" | "2" | "3" | "9";
  areaCode: string | null;
}

interface DemoPerson {
  key: string;
  name: string;
  role: Role;
  scopeArea?: string;
  organization?: string; // key of a DemoOrganization
}

export interface DemoDistrict {
  code: string;
  emailDomain: string;
  organizations: DemoOrganization[];
  people: DemoPerson[];
  /** A district still onboarding (status "onboarding" in tenants/): the wizard steps already done. */
  onboarding?: { steps: string[] };
}

export const DEMO_DISTRICTS: DemoDistrict[] = [
  {
    code: "150203",
    emailDomain: "kdl.example.cn",
    organizations: [
      { key: "sunshine", name: "昆都仑区阳光社会工作服务中心", kind: "registered", orgType: "社会服务机构", typeDigit: "2", areaCode: "150203001" },
      { key: "neighbours", name: "昆都仑区邻里互助协会", kind: "registered", orgType: "社会团体", typeDigit: "1", areaCode: "150203002" },
      { key: "silver", name: "沼潭街道银龄志愿服务队", kind: "registered", orgType: "社区社会组织", typeDigit: "9", areaCode: "150203001002" },
      { key: "seedlings", name: "青苗助学发起团队", kind: "founding_team", orgType: "", areaCode: "150203004" },
    ],
    people: [
      { key: "admin", name: "王敏（区民政局）", role: "district_admin" },
      { key: "jiedao", name: "李强（沼潭街道）", role: "subdistrict_staff", scopeArea: "150203001" },
      { key: "shequ", name: "张丽（和平路社区）", role: "community_staff", scopeArea: "150203001001" },
      { key: "reviewer", name: "赵教授（评审专家）", role: "reviewer" },
      { key: "evaluator", name: "北疆社会组织评估中心", role: "evaluator" },
      { key: "org", name: "刘洋（阳光社工中心）", role: "org_member", organization: "sunshine" },
      { key: "worker", name: "陈静（社会工作师）", role: "social_worker" },
    ],
  },
  {
    code: "150204",
    emailDomain: "qs.example.cn",
    organizations: [
      { key: "harmony", name: "青山区和谐家园社会工作服务社", kind: "registered", orgType: "社会服务机构", typeDigit: "2", areaCode: "150204001" },
      { key: "culture", name: "青山区社区文化促进会", kind: "registered", orgType: "社会团体", typeDigit: "1", areaCode: "150204002" },
    ],
    people: [
      { key: "admin", name: "孙伟（区民政局）", role: "district_admin" },
      { key: "jiedao", name: "周红（先锋道街道）", role: "subdistrict_staff", scopeArea: "150204001" },
      { key: "shequ", name: "吴刚（先锋道社区）", role: "community_staff", scopeArea: "150204001001" },
      { key: "reviewer", name: "郑老师（评审专家）", role: "reviewer" },
      { key: "org", name: "冯晓（和谐家园）", role: "org_member", organization: "harmony" },
    ],
  },
  {
    // Mid-onboarding: its admin sees the wizard with two steps done; the public sees "coming soon".
    code: "150202",
    emailDomain: "dh.example.cn",
    organizations: [],
    people: [{ key: "admin", name: "赵倩（区民政局）", role: "district_admin" }],
    onboarding: { steps: ["profile", "areas"] },
  },
];

export const DEMO_OPERATOR = { id: "demo-operator", email: "operator@sanshe.example.cn", displayName: "平台运营（演示）" };

/** The demo platform operator (PLATFORM database). */
export function demoOperatorStatement(passwordHash: string, now: string): CompiledQuery {
  return platformSql
    .insertInto("operators")
    .values({ id: DEMO_OPERATOR.id, email: DEMO_OPERATOR.email, display_name: DEMO_OPERATOR.displayName, password_hash: passwordHash, status: "active", created_at: now, updated_at: now })
    .onConflict((oc) => oc.doNothing())
    .compile();
}

/** Locally the platform's channel records what it would send, so a reset code can be read on /platform/outbox. */
export function demoPlatformChannelStatement(now: string): CompiledQuery {
  return platformSql
    .insertInto("platform_channels")
    .values({ channel: "email", mode: "outbox", config_json: "{}", secret_protected: null, version: 1, updated_by: null, updated_at: now })
    .onConflict((oc) => oc.doNothing())
    .compile();
}

export function demoEmail(d: DemoDistrict, person: DemoPerson): string {
  return `${person.key}@${d.emailDomain}`;
}

export interface SeedContext {
  now: string;
  passwordHash: string;
  /** Secret for src/lib/personal-data.ts, to seed protected values. */
  personalDataKey: string;
  orgId(key: string): string;
  personId(key: string): string;
}

export type { ModuleSeed };

/** Statements per database binding: "PLATFORM" or the district's shard. */
export async function demoStatements(district: DemoDistrict, options: { passwordHash: string; now: string; personalDataKey: string }): Promise<{ platform: CompiledQuery[]; shard: CompiledQuery[] }> {
  const { passwordHash, now } = options;
  const orgId = (key: string) => `demo-${district.code}-org-${key}`;
  const personId = (key: string) => `demo-${district.code}-${key}`;
  const shard: CompiledQuery[] = district.organizations.map((o, i) =>
    shardSql
      .insertInto("organizations")
      .values({
        district_id: district.code,
        id: orgId(o.key),
        name: o.name,
        uscc: o.kind === "registered" ? demoUscc(o.typeDigit ?? "2", district.code, String(1000 + i)) : null,
        kind: o.kind,
        org_type: o.orgType,
        area_code: o.areaCode,
        verification: "verified",
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.doNothing())
      .compile(),
  );
  const platform: CompiledQuery[] = [];
  for (const p of district.people) {
    const s = accountStatements(
      {
        districtCode: district.code,
        id: personId(p.key),
        email: demoEmail(district, p),
        displayName: p.name,
        passwordHash,
        grants: [{ role: p.role, scopeArea: p.scopeArea ?? "", organizationId: p.organization ? orgId(p.organization) : null }],
      },
      now,
      { ifAbsent: true },
    );
    platform.push(...s.platform);
    shard.push(...s.shard);
  }
  if (district.onboarding) {
    // Only where the wizard has not been touched, so that seeding again keeps progress.
    platform.push(
      platformSql
        .updateTable("districts")
        .set({ onboarding_json: JSON.stringify({ steps: district.onboarding.steps }) })
        .where("code", "=", district.code)
        .where("onboarding_json", "=", "{}")
        .compile(),
    );
  }
  const ctx: SeedContext = { now, passwordHash, personalDataKey: options.personalDataKey, orgId, personId };
  for (const { seed } of MODULE_SEEDS) shard.push(...(await seed(district, ctx)));
  return { platform, shard };
}
