import type { PageInfo } from "../../ui/layout";
import { Icon } from "../../ui/icons";
import { t, type Locale, type MessageKey } from "../../i18n/messages";
import { filingStatus, type FilingInput, type ReportDues } from "./rules";
import { orgTypeKey } from "./schemas";

// Small pieces shared by the module's pages. Every status is text plus a symbol, and
// colour only repeats what the words say (colour is never the only cue).

export function Badge(props: { tone: "ok" | "warn" | "bad" | "neutral" | "amber" | "red"; icon: string; text: string }) {
  return (
    <span class={`badge ${props.tone}`}>
      <Icon name={props.icon} /> {props.text}
    </span>
  );
}

export interface GradeFields {
  grade: string | null;
  grade_status: string;
  grade_valid_until: string | null;
}

export function gradeText(l: Locale, org: GradeFields): string {
  if (org.grade_status === "valid" && org.grade) return t(l, "disclosure.grade.valid", { grade: org.grade, date: org.grade_valid_until ?? "" });
  if (org.grade_status === "expired" && org.grade) return t(l, "disclosure.grade.expired", { grade: org.grade, date: org.grade_valid_until ?? "" });
  return t(l, "disclosure.grade.none");
}

export function GradeBadge(props: { l: Locale; org: GradeFields; short?: boolean }) {
  const { l, org } = props;
  if (org.grade_status === "valid" && org.grade) {
    return <Badge tone="ok" icon="★" text={props.short ? org.grade : gradeText(l, org)} />;
  }
  if (org.grade_status === "expired" && org.grade) {
    return <Badge tone="neutral" icon="⌛" text={props.short ? `${org.grade} · ${t(l, "disclosure.grade.expiredShort")}` : gradeText(l, org)} />;
  }
  return <Badge tone="neutral" icon="–" text={t(l, "disclosure.grade.none")} />;
}

export function ListBadge(props: { l: Locale; status: string }) {
  const { l, status } = props;
  if (status === "serious") return <Badge tone="bad" icon="⛔" text={t(l, "disclosure.list.serious")} />;
  if (status === "abnormal") return <Badge tone="warn" icon="⚠" text={t(l, "disclosure.list.abnormal")} />;
  return <Badge tone="ok" icon="✓" text={t(l, "disclosure.list.none")} />;
}

export function FilingBadge(props: { l: Locale; org: FilingInput; today: string; due: string | ReportDues; short?: boolean }) {
  const { l } = props;
  const f = filingStatus(props.org, props.today, props.due);
  const text = props.short ? t(l, `disclosure.filing.short.${f.status}` as MessageKey) : t(l, `disclosure.filing.${f.status}` as MessageKey, { year: f.year ?? "", days: f.days });
  const detail = props.short && (f.status === "late" || f.status === "overdue") ? ` ${f.days}${l === "en" ? " d" : " 天"}` : "";
  if (f.status === "on_time") return <Badge tone="ok" icon="✓" text={text} />;
  if (f.status === "late") return <Badge tone="amber" icon="◔" text={text + detail} />;
  if (f.status === "overdue") return <Badge tone={f.severity === "red" ? "red" : "amber"} icon={f.severity === "red" ? "✖" : "▲"} text={text + detail} />;
  return <Badge tone="neutral" icon="–" text={text} />;
}

export function orgTypeLabel(l: Locale, value: string): string {
  return t(l, orgTypeKey(value));
}

export function areaLabel(areas: ReadonlyMap<string, { name_zh: string; name_en: string }>, code: string | null, l: Locale): string {
  if (!code) return t(l, "disclosure.org.areaNone");
  const own = areas.get(code);
  const parent = code.length === 12 ? areas.get(code.slice(0, 9)) : undefined;
  const name = (a: { name_zh: string; name_en: string } | undefined) => (a ? (l === "en" && a.name_en ? a.name_en : a.name_zh) : code);
  return parent ? `${name(parent)} · ${name(own)}` : name(own);
}

/** A flash message after a redirect (?done=key), limited to this module's keys. */
export function Flash(props: { l: Locale; done: string | undefined }) {
  if (!props.done || !/^disclosure\.[\w.]+$/.test(props.done)) return null;
  return (
    <p class="notice ok" role="status">
      {t(props.l, props.done as MessageKey)}
    </p>
  );
}

export function DateText(props: { iso: string | null | undefined }) {
  if (!props.iso) return <>–</>;
  return <time datetime={props.iso}>{props.iso.length > 10 ? props.iso.replace("T", " ").slice(0, 16) : props.iso}</time>;
}

/** What every page of this module gets besides its data: the page and the ?done= message key. */
export interface ViewProps {
  page: PageInfo;
  flash?: string;
}
