import { t, type Locale, type MessageKey } from "../../../i18n/messages";
import type { AnsweredNeed } from "../call-needs";
import { areaName, type AreaName } from "./parts";

// The residents' needs a funded project answers. The public sees them counted by
// category and community; the contract's staff see each need, with a link to it for
// those who handle needs.

const category = (l: Locale, c: string) => t(l, `linkage.category.${c}` as MessageKey);

export function AnsweredNeeds(props: { locale: Locale; base: string; areas: AreaName[]; needs: AnsweredNeed[]; detail: boolean; link: boolean }) {
  const l = props.locale;
  if (!props.needs.length) return null;
  const counts = new Map<string, number>();
  for (const n of props.needs) {
    const key = `${category(l, n.category)} · ${areaName(l, props.areas, n.communityCode)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return (
    <section aria-labelledby="answered-needs">
      <h2 id="answered-needs">{t(l, "projects.needs.title", { n: props.needs.length })}</h2>
      {props.detail ? (
        <ul>
          {props.needs.map((n) => (
            <li>
              {category(l, n.category)} · {areaName(l, props.areas, n.communityCode)} · {t(l, `linkage.status.${n.status}` as MessageKey)}
              <br />
              {props.link ? <a href={`${props.base}/linkage/needs/${n.id}`}>{n.description.slice(0, 80)}</a> : n.description.slice(0, 80)}
            </li>
          ))}
        </ul>
      ) : (
        <ul>
          {[...counts].map(([label, n]) => (
            <li>{t(l, "projects.needs.count", { label, n })}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
