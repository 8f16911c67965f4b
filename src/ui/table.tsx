import type { Child } from "hono/jsx";
import { Fragment } from "hono/jsx/jsx-runtime";

// On a phone each row of a data table becomes a card whose cells carry their column's
// heading (styles.ts: table.stacked). This table knows its headings, so it writes them
// onto the cells of the rows it is given while it renders. A row drawn by a component
// of its own cannot be seen into; such a table, or one with merged cells, is left with a
// bare <thead> for the render step (src/ui/table-cards.ts) to handle.

type Node = { tag?: unknown; props?: Record<string, unknown>; children?: unknown };

/** The rows' cells, or null when one of them is hidden inside a component or merged. */
function cellsOf(children: unknown): Node[][] | null {
  const rows: Node[][] = [];
  const walk = (n: unknown, into: Node[] | null): boolean => {
    if (n === null || n === undefined || typeof n === "boolean" || typeof n === "string" || typeof n === "number") return true;
    if (Array.isArray(n)) return n.every((x) => walk(x, into));
    const node = n as Node;
    if (node.tag === Fragment) return walk(node.children, into);
    if (into === null && node.tag === "tr") {
      const cells: Node[] = [];
      rows.push(cells);
      return walk(node.children, cells);
    }
    if (into !== null && (node.tag === "td" || node.tag === "th")) {
      if (node.props?.colspan !== undefined || node.props?.rowspan !== undefined || node.props?.colSpan !== undefined || node.props?.rowSpan !== undefined) return false;
      into.push(node);
      return true;
    }
    return false;
  };
  return walk(children, null) ? rows : null;
}

/** A table that scrolls sideways on a narrow screen, with a header naming each column; the rows are its children. */
export function Table(props: { head: readonly Child[]; caption?: string; class?: string; children?: Child }) {
  const labels = props.head.map((h) => (typeof h === "string" || typeof h === "number" ? String(h).trim() : ""));
  const rows = labels.filter(Boolean).length > 1 ? cellsOf(props.children) : null;
  if (rows)
    for (const cells of rows)
      cells.forEach((cell, i) => {
        const label = labels[i];
        if (label && cell.props && cell.props["data-label"] === undefined) cell.props["data-label"] = label;
      });
  const head = (
    <tr>
      {props.head.map((h) => (
        <th scope="col">{h}</th>
      ))}
    </tr>
  );
  return (
    <div class="table-wrap">
      <table class={[rows ? "stacked" : "", props.class ?? ""].filter(Boolean).join(" ") || undefined}>
        {props.caption ? <caption class="visually-hidden">{props.caption}</caption> : null}
        {rows ? <thead class="labelled">{head}</thead> : <thead>{head}</thead>}
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}
