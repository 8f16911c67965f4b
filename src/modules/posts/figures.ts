import { inAreas } from "../../auth/scope";
import type { DistrictData } from "../../data/district-data";
import { t, type Locale } from "../../i18n/messages";
import { beijingToday } from "../../lib/beijing-time";
import { toCsv } from "../../lib/csv";
import { activeAssignments } from "./posts";
import { EMBEDDING_MODES, HOST_TYPES, POST_KINDS, QUALIFICATIONS } from "./schemas";
import type { HostType, PostStatus, Qualification } from "./tables";

// District figures of post development (社会工作岗位开发): posts developed and filled,
// workers certified, training hours, and social-work station coverage of sub-districts,
// over the viewer's areas (a 街道's staff see their 街道's, district-wide staff all).

export interface Group {
  key: string;
  label: string;
  developed: number;
  filled: number;
  headcount: number;
  inPost: number;
}

export interface Figures {
  byKind: Group[];
  byMode: Group[];
  byHostType: Group[];
  bySubdistrict: Group[];
  workers: { total: number; certified: number; byLevel: { level: Qualification; label: string; n: number }[] };
  training: { year: string; totalHours: number; trained: number; perWorker: number }[];
  stations: { code: string; name: string; stations: string[] }[];
}

interface PostRow {
  kind: string;
  mode: string;
  host_type: HostType;
  area_code: string | null;
  status: PostStatus;
  headcount: number;
  active: number;
}

export async function districtFigures(data: DistrictData, locale: Locale, areas: readonly string[]): Promise<Figures> {
  const today = beijingToday();
  const [posts, workers, training, subdistricts, stations] = await data.read<Record<string, unknown>>([
    data
      .selectFrom("posts")
      .innerJoin("post_hosts", (j) => j.onRef("post_hosts.district_id", "=", "posts.district_id").onRef("post_hosts.id", "=", "posts.host_id"))
      .select((eb) => ["posts.kind", "posts.mode", "post_hosts.host_type", "posts.area_code", "posts.status", "posts.headcount", activeAssignments(eb, today).as("active")])
      .where("posts.status", "!=", "draft")
      .where(inAreas("posts.area_code", areas)),
    data
      .selectFrom("social_workers")
      .select((eb) => ["qualification", eb.fn.countAll<number>().as("n")])
      .where(inAreas("social_workers.area_code", areas))
      .groupBy("qualification"),
    data
      .selectFrom("worker_trainings")
      .innerJoin("social_workers", (j) => j.onRef("social_workers.district_id", "=", "worker_trainings.district_id").onRef("social_workers.id", "=", "worker_trainings.worker_id"))
      .select((eb) => [
        eb.fn<string>("substr", ["worker_trainings.held_on", eb.val(1), eb.val(4)]).as("year"),
        eb.fn.sum<number>("worker_trainings.hours").as("hours"),
        eb.fn.count<number>("worker_trainings.worker_id").distinct().as("trained"),
      ])
      .where(inAreas("social_workers.area_code", areas))
      .groupBy("year")
      .orderBy("year", "desc"),
    data.selectFrom("areas").select(["code", "name_zh", "name_en"]).where("level", "=", "subdistrict").orderBy("code"),
    data.selectFrom("post_hosts").select(["area_code", "name"]).where("host_type", "=", "station").where(inAreas("post_hosts.area_code", areas)),
  ]);
  const rows = (posts ?? []) as unknown as PostRow[];

  const group = (keys: readonly string[], keyOf: (r: PostRow) => string, label: (k: string) => string): Group[] =>
    keys.map((key) => {
      const members = rows.filter((r) => keyOf(r) === key);
      return {
        key,
        label: label(key),
        developed: members.length,
        filled: members.filter((r) => r.status === "filled").length,
        headcount: members.reduce((s, r) => s + Number(r.headcount), 0),
        inPost: members.reduce((s, r) => s + Number(r.active), 0),
      };
    });

  // The 街道 in the viewer's areas: theirs, the ones below their prefix, or the one holding their community.
  const subs = ((subdistricts ?? []) as { code: string; name_zh: string; name_en: string }[]).filter((s) => areas.some((p) => s.code.startsWith(p) || p.startsWith(s.code)));
  const subName = (s: { name_zh: string; name_en: string }) => (locale === "en" && s.name_en ? s.name_en : s.name_zh);
  const subKeys = [...subs.map((s) => s.code), ...(rows.some((r) => r.area_code === null) ? [""] : [])];

  const byLevel = QUALIFICATIONS.map((level) => ({
    level,
    label: t(locale, `posts.qualification.${level}`),
    n: Number((workers ?? []).find((w) => w.qualification === level)?.n ?? 0),
  }));
  const total = byLevel.reduce((s, l) => s + l.n, 0);
  const certified = byLevel.filter((l) => l.level !== "none").reduce((s, l) => s + l.n, 0);

  const stationRows = (stations ?? []) as { area_code: string | null; name: string }[];
  return {
    byKind: group(
      POST_KINDS,
      (r) => r.kind,
      (k) => t(locale, `posts.kind.${k as (typeof POST_KINDS)[number]}`),
    ),
    byMode: group(
      EMBEDDING_MODES,
      (r) => r.mode,
      (k) => t(locale, `posts.mode.${k as (typeof EMBEDDING_MODES)[number]}`),
    ),
    byHostType: group(
      HOST_TYPES,
      (r) => r.host_type,
      (k) => t(locale, `posts.hostType.${k as HostType}`),
    ),
    bySubdistrict: group(
      subKeys,
      (r) => r.area_code?.slice(0, 9) ?? "",
      (k) => (k === "" ? t(locale, "posts.figures.districtLevel") : subName(subs.find((s) => s.code === k)!)),
    ),
    workers: { total, certified, byLevel },
    training: ((training ?? []) as { year: string; hours: number; trained: number }[]).map((r) => ({
      year: r.year,
      totalHours: round1(Number(r.hours)),
      trained: Number(r.trained),
      perWorker: total ? round1(Number(r.hours) / total) : 0,
    })),
    stations: subs.map((s) => ({
      code: s.code,
      name: subName(s),
      stations: stationRows.filter((st) => st.area_code?.startsWith(s.code)).map((st) => st.name),
    })),
  };
}

/** Posts developed (not drafts) and filled per area code they are placed in; null is the district level. */
export async function postCountsByArea(data: DistrictData): Promise<{ areaCode: string | null; developed: number; filled: number }[]> {
  const rows = await data
    .selectFrom("posts")
    .select((eb) => ["area_code", eb.fn.countAll<number>().as("developed"), eb.fn.sum<number>(eb.case().when("status", "=", "filled").then(1).else(0).end()).as("filled")])
    .where("status", "!=", "draft")
    .groupBy("area_code")
    .execute();
  return rows.map((r) => ({ areaCode: r.area_code, developed: Number(r.developed), filled: Number(r.filled) }));
}

/** The area codes of the district's social-work stations (社工站), one per station; null for one not placed in an area. */
export async function stationAreas(data: DistrictData): Promise<(string | null)[]> {
  return (await data.selectFrom("post_hosts").select("area_code").where("host_type", "=", "station").execute()).map((r) => r.area_code);
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

export function percent(part: number, whole: number): string {
  return whole ? `${round1((part / whole) * 100)}%` : "—";
}

// ----- CSV ---------------------------------------------------------------------------

/**
 * The dashboard as CSV: one block per section, each with its own header row. UTF-8 with
 * a byte-order mark and CRLF line ends, which is what Excel needs to read Chinese text.
 */
export function figuresCsv(f: Figures, locale: Locale): string {
  const l = (k: Parameters<typeof t>[1]) => t(locale, k);
  const lines: (string | number)[][] = [];
  const groups = (title: Parameters<typeof t>[1], list: Group[]) => {
    lines.push([l(title), l("posts.figures.developed"), l("posts.figures.filled"), l("posts.figures.headcount"), l("posts.figures.inPost")]);
    for (const g of list) lines.push([g.label, g.developed, g.filled, g.headcount, g.inPost]);
    lines.push([]);
  };
  groups("posts.figures.byKind", f.byKind);
  groups("posts.figures.byMode", f.byMode);
  groups("posts.figures.byHostType", f.byHostType);
  groups("posts.figures.bySubdistrict", f.bySubdistrict);
  lines.push([l("posts.figures.workers"), l("posts.figures.people")]);
  for (const b of f.workers.byLevel) lines.push([b.label, b.n]);
  lines.push([l("posts.figures.workerCount"), f.workers.total]);
  lines.push([l("posts.figures.certified"), f.workers.certified]);
  lines.push([l("posts.figures.certifiedShare"), percent(f.workers.certified, f.workers.total)]);
  lines.push([]);
  lines.push([l("posts.figures.year"), l("posts.figures.totalHours"), l("posts.figures.trained"), l("posts.figures.perWorker")]);
  for (const y of f.training) lines.push([y.year, y.totalHours, y.trained, y.perWorker]);
  lines.push([]);
  lines.push([l("posts.figures.subdistrict"), l("posts.figures.hasStation"), l("posts.hostType.station")]);
  for (const s of f.stations) lines.push([s.name, s.stations.length ? l("posts.figures.yes") : l("posts.figures.no"), s.stations.join(" / ")]);
  return toCsv(lines);
}
