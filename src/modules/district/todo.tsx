import type { Hono } from "hono";
import type { TodoItem } from "../../core/module-contract";
import { todosFor } from "../../core/modules";
import type { AppEnv } from "../../env";
import { routes } from "../../http/routes";
import { t } from "../../i18n/messages";
import { Layout, type PageInfo, pageInfo } from "../../ui/layout";

// 待办: what is waiting for the signed-in person across every module of the district.
// Staff and reviewers land here after signing in (src/auth/routes.tsx).

function TodoPage(props: { page: PageInfo; items: TodoItem[] }) {
  const { page, items } = props;
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "todo.title")}>
      <h1>{t(l, "todo.title")}</h1>
      <p class="lead">{items.length ? `${t(l, "todo.intro")} ${t(l, "todo.count", { count: items.length })}` : t(l, "todo.none")}</p>
      <ul class="results">
        {items.map((item) => (
          <li class="result">
            <h2 class="h3">
              <a href={item.href}>{item.title}</a>
            </h2>
            <div class="meta">
              {item.what} · {item.overdue ? <strong class="overdue">{t(l, "todo.overdue")}</strong> : null}
              {item.overdue ? " · " : null}
              {item.due ? t(l, "todo.due", { date: item.due }) : t(l, "todo.noDue")}
            </div>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function registerTodoRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "district");
  r.get("/todo", "signed_in", async (c) => {
    const items = await todosFor(c.var.district.modules, {
      data: c.var.data,
      user: c.var.user!,
      locale: c.var.locale,
      base: c.var.base,
      settings: c.var.district.settings,
      now: new Date(),
    });
    c.header("cache-control", "no-store");
    return c.html(<TodoPage page={pageInfo(c)} items={items} />);
  });
}
