import type { Hono } from "hono";
import type { TodoItem } from "../../core/module-contract";
import { todosFor } from "../../core/modules";
import type { AppEnv } from "../../env";
import { routes } from "../../http/routes";
import { t } from "../../i18n/messages";
import { unreadAbout } from "../../notifications/inbox";
import { Layout, type PageInfo, pageInfo } from "../../ui/layout";

// 待办: what is waiting for the signed-in person across every module of the district.
// Staff and reviewers land here after signing in (src/auth/routes.tsx).

type Messages = Map<string, { id: string; title: string }[]>;

function TodoPage(props: { page: PageInfo; items: TodoItem[]; messages: Messages; base: string }) {
  const { page, items, messages, base } = props;
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "todo.title")}>
      <h1>{t(l, "todo.title")}</h1>
      <p class="lead">{items.length ? `${t(l, "todo.intro")} ${t(l, "todo.count", { count: items.length })}` : t(l, "todo.none")}</p>
      <ul class="results">
        {items.map((item) => {
          // Unread messages about the same record: the task's link reads them on the way.
          const unread = item.about ? (messages.get(`${item.about.type}:${item.about.id}`) ?? []) : [];
          const href = unread[0] ? `${base}/notifications/${unread[0].id}/open?next=${encodeURIComponent(item.href)}` : item.href;
          return (
            <li class="result">
              <h2 class="h3">
                <a href={href}>{item.title}</a>
              </h2>
              <div class="meta">
                {item.what} · {item.overdue ? <strong class="overdue">{t(l, "todo.overdue")}</strong> : null}
                {item.overdue ? " · " : null}
                {item.due ? t(l, "todo.due", { date: item.due }) : t(l, "todo.noDue")}
              </div>
              {unread.map((m) => (
                <div class="meta">
                  <span class="badge">{t(l, "notifications.inbox.unread")}</span> <a href={`${base}/notifications/${m.id}/open`}>{m.title}</a>
                </div>
              ))}
            </li>
          );
        })}
      </ul>
    </Layout>
  );
}

export function registerTodoRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "district");
  r.get("/todo", "signed_in", async (c) => {
    const user = c.var.user!;
    const items = await todosFor(c.var.district.modules, {
      data: c.var.data,
      user,
      locale: c.var.locale,
      base: c.var.base,
      settings: c.var.district.settings,
      now: new Date(),
    });
    const messages = await unreadAbout(
      c.var.data,
      user.id,
      c.var.locale,
      items.flatMap((i) => (i.about ? [i.about] : [])),
    );
    c.header("cache-control", "no-store");
    return c.html(<TodoPage page={pageInfo(c)} items={items} messages={messages} base={c.var.base} />);
  });
}
