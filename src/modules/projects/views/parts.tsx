import { t, type Locale, type MessageKey } from "../../../i18n/messages";

export { type FormState, stateFor } from "../../../ui/form-state";

// Small pieces the module's pages share.

export function yuan(locale: Locale, n: number): string {
  return t(locale, "projects.yuan", { n: n.toLocaleString(locale === "en" ? "en-US" : "zh-CN") });
}

export interface AreaName {
  code: string;
  level: "subdistrict" | "community";
  nameZh: string;
  nameEn: string;
}

export function areaName(locale: Locale, areas: readonly AreaName[], code: string | null): string {
  if (!code) return t(locale, "projects.level.district");
  const area = areas.find((a) => a.code === code);
  if (!area) return code;
  const name = (a: AreaName) => (locale === "en" && a.nameEn ? a.nameEn : a.nameZh);
  const parent = area.level === "community" ? areas.find((a) => a.code === code.slice(0, 9)) : undefined;
  return parent ? `${name(parent)} · ${name(area)}` : name(area);
}

export function Saved(props: { locale: Locale; saved: string | undefined; keys: Record<string, MessageKey> }) {
  const key = props.saved ? props.keys[props.saved] : undefined;
  return key ? (
    <p class="notice ok" role="status">
      {t(props.locale, key)}
    </p>
  ) : null;
}

export function options<T extends string>(locale: Locale, values: readonly T[], key: (v: T) => MessageKey) {
  return values.map((value) => ({ value, label: t(locale, key(value)) }));
}
