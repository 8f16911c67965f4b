import { t, type Locale } from "../../i18n/messages";
import { beijingDateTime } from "../../lib/beijing-time";
import { Layout, type PageInfo } from "../../ui/layout";
import type { Areas } from "./areas";
import type { DiffLine } from "./diff";
import type { PostView } from "./posts";
import { FIELD_LABEL, display } from "./views";
import type { RevisionView } from "./listings";
import { Table } from "../../ui/table";

// A post's revision history, field by field and long texts line by line.

function LineDiff(props: { l: Locale; lines: DiffLine[] }) {
  return (
    <ul class="diff">
      {props.lines.map((line) =>
        line.op === "added" ? (
          <li>
            <ins>
              <span class="visually-hidden">{t(props.l, "posts.history.added")}: </span>+ {line.text}
            </ins>
          </li>
        ) : line.op === "removed" ? (
          <li>
            <del>
              <span class="visually-hidden">{t(props.l, "posts.history.removed")}: </span>- {line.text}
            </del>
          </li>
        ) : (
          <li>
            {"  "}
            {line.text}
          </li>
        ),
      )}
    </ul>
  );
}

export function HistoryPage(props: { page: PageInfo; post: PostView; revisions: RevisionView[]; areas: Areas }) {
  const page = props.page;
  const l = page.locale;
  const title = t(l, "posts.history.title", { title: props.post.title });
  const latestFirst = [...props.revisions].reverse();
  return (
    <Layout page={page} title={title}>
      <h1>{title}</h1>
      <p class="lead">{t(l, "posts.history.intro")}</p>
      <p>
        <a href={`${page.base}/posts/${props.post.id}`}>{t(l, "posts.history.back")}</a>
      </p>
      {latestFirst.map((r) => (
        <section class="panel" aria-labelledby={`rev-${r.revision}`}>
          <h2 id={`rev-${r.revision}`}>
            {t(l, "posts.detail.revision", { n: r.revision })}
            {r.revision === 1 ? ` · ${t(l, "posts.history.created")}` : ""}
          </h2>
          <p>{t(l, "posts.history.by", { name: r.editorName, at: beijingDateTime(r.editedAt) })}</p>
          <Table head={[t(l, "posts.history.field"), ...(r.revision > 1 ? [t(l, "posts.history.before")] : []), r.revision > 1 ? t(l, "posts.history.after") : t(l, "posts.field.status")]}>
            {r.changes.map((ch) => (
              <tr>
                <th scope="row">{t(l, FIELD_LABEL[ch.field])}</th>
                {ch.lines ? (
                  <td colspan={2}>
                    <LineDiff l={l} lines={ch.lines} />
                  </td>
                ) : (
                  <>
                    {r.revision > 1 ? <td>{ch.before === null ? "" : display(l, props.areas, ch.field, ch.before)}</td> : null}
                    <td style="white-space:pre-line">{display(l, props.areas, ch.field, ch.after)}</td>
                  </>
                )}
              </tr>
            ))}
          </Table>
        </section>
      ))}
    </Layout>
  );
}
