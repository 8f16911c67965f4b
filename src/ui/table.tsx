import type { Child } from "hono/jsx";

/** A table that scrolls sideways on a narrow screen, with a header naming each column; the rows are its children. */
export function Table(props: { head: readonly Child[]; children?: Child }) {
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            {props.head.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}
