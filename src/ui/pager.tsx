import { t, type Locale } from "../i18n/messages";

/** A query string of the values given, leaving out empty ones and the first page. */
export function queryString(params: Record<string, string | number | undefined>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== "" && v !== 1 && v !== "1");
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}` : "";
}

/** Previous and next page links around "page n of m" (or "page n" while the last page is unknown); nothing on a single page. */
export function Pager(props: { l: Locale; page: number; pages: number | null; hasNext?: boolean; href: (page: number) => string }) {
  const { l, page, pages } = props;
  const next = props.hasNext ?? (pages !== null && page < pages);
  const label = pages === null ? t(l, "disclosure.directory.pageOpen", { page }) : t(l, "disclosure.directory.page", { page, pages });
  if (page <= 1 && !next) return null;
  return (
    <nav class="pager" aria-label={label}>
      {page > 1 ? (
        <a href={props.href(page - 1)} rel="prev">
          {t(l, "disclosure.directory.prev")}
        </a>
      ) : null}
      <span>{label}</span>
      {next ? (
        <a href={props.href(page + 1)} rel="next">
          {t(l, "disclosure.directory.next")}
        </a>
      ) : null}
    </nav>
  );
}
