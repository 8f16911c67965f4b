// On a phone a table of five columns squeezes its text into one-character columns.
// Each data table is marked so that, below 40rem, every row becomes a card whose cells
// carry their column's heading (styles.ts: table.stacked). The headings are copied from
// the <thead> onto each cell once the page is rendered, so no page has to repeat them
// and no script runs. Tables with merged cells, or without a heading row, stay tables.
// The shared Table (src/ui/table.tsx) labels its own cells and marks its heading row,
// so only hand-written tables (a bare <thead>) are looked at here.

const TABLE = /<table(\s[^>]*)?>([\s\S]*?)<\/table>/g;

function cellTexts(row: string, tag: "th" | "td"): string[] {
  return [...row.matchAll(new RegExp(`<${tag}[^>]*>([\\s\\S]*?)</${tag}>`, "g"))].map((m) =>
    m[1]!
      .replace(/<[^>]*>/g, "")
      .replace(/\s+/g, " ")
      .replace(/"/g, "&quot;")
      .trim(),
  );
}

function stackOne(whole: string, attrs: string, inner: string): string {
  if (/\b(colspan|rowspan)=/.test(inner) || /class="[^"]*\bkeep-table\b/.test(attrs)) return whole;
  const head = /<thead>([\s\S]*?)<\/thead>/.exec(inner);
  if (!head) return whole;
  const labels = cellTexts(head[1]!, "th");
  if (labels.length < 2) return whole;
  const body = inner.slice(head.index + head[0].length).replace(/<tr(\s[^>]*)?>([\s\S]*?)<\/tr>/g, (_tr, trAttrs: string | undefined, cells: string) => {
    let i = 0;
    const labelled = cells.replace(/<(td|th)(\s[^>]*)?>/g, (open: string, tag: string, rest: string | undefined) => {
      const label = labels[i++];
      return label && !/data-label=/.test(rest ?? "") ? `<${tag} data-label="${label}"${rest ?? ""}>` : open;
    });
    return `<tr${trAttrs ?? ""}>${labelled}</tr>`;
  });
  const classed = /\sclass="/.test(attrs) ? attrs.replace(/\sclass="/, ' class="stacked ') : `${attrs} class="stacked"`;
  return `<table${classed}>${inner.slice(0, head.index + head[0].length)}${body}</table>`;
}

export function stackTables(html: string): string {
  if (!html.includes("<thead>")) return html;
  return html.replace(TABLE, (whole, attrs: string | undefined, inner: string) => stackOne(whole, attrs ?? "", inner));
}
