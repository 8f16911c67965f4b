import type { Context } from "hono";
import { DistrictData } from "../data/district-data";
import type { AppEnv } from "../env";
import type { routes } from "../http/routes";
import { t, type Locale } from "../i18n/messages";
import { platformData } from "../data/platform-data";
import { kindNamed, render } from "./kinds";
import { listDistricts, shardDatabase, type District } from "../district-lookup/district-registry";
import { districtDisplayName, Layout, pageInfo } from "../ui/layout";
import { DeliveryTable, deliveryLog, type LoggedDelivery } from "./log";

// The operator's outbox: the latest messages of every district, read from each shard,
// with who they went to by name and what they said, never an address. In development,
// where every channel records instead of sending, this shows the whole flow.

function OutboxPage(props: { c: Context<AppEnv>; platform: LoggedDelivery[]; byDistrict: { district: District; rows: LoggedDelivery[] }[] }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "notifications.platform.title")}>
      <p>
        <a href="/platform">{t(l, "app.name")}</a>
      </p>
      <h1>{t(l, "notifications.platform.title")}</h1>
      <p>{t(l, "notifications.admin.outboxIntro")}</p>
      <section aria-labelledby="to-operators">
        <h2 id="to-operators">{t(l, "notifications.platform.toOperators")}</h2>
        <p>
          <a href="/platform/channels">{t(l, "notifications.platform.channelTitle")}</a>
        </p>
        <DeliveryTable locale={l} rows={props.platform} />
      </section>
      {props.byDistrict.map(({ district, rows }) => (
        <section aria-labelledby={`d-${district.code}`}>
          <h2 id={`d-${district.code}`}>{districtDisplayName(district, l)}</h2>
          <DeliveryTable locale={l} rows={rows} />
        </section>
      ))}
    </Layout>
  );
}

/** What the platform sent to operators, newest first, as the district log shows deliveries. */
async function platformLog(env: AppEnv["Bindings"], locale: Locale): Promise<LoggedDelivery[]> {
  const rows = await platformData(env)
    .selectFrom("platform_messages")
    .innerJoin("operators", "operators.id", "platform_messages.operator_id")
    .select([
      "platform_messages.id",
      "platform_messages.created_at",
      "platform_messages.kind",
      "platform_messages.params_json",
      "platform_messages.status",
      "platform_messages.attempts",
      "platform_messages.last_error",
      "operators.display_name",
    ])
    .orderBy("platform_messages.created_at", "desc")
    .limit(50)
    .execute();
  return rows.map((r) => {
    const kind = kindNamed(r.kind);
    const text = kind ? render(kind, locale, JSON.parse(r.params_json) as Record<string, string>) : { title: r.kind, body: "" };
    return { id: r.id, at: r.created_at, title: text.title, body: text.body, recipient: r.display_name, channel: "email", status: r.status, attempts: r.attempts, lastError: r.last_error, targetType: "operator", targetId: null };
  });
}

export function registerOutboxConsoleRoutes(r: ReturnType<typeof routes>): void {
  r.get("/outbox", "operator", async (c) => {
    const districts = await listDistricts(c.env);
    const byDistrict = await Promise.all(
      districts.map(async (district) => {
        const data = new DistrictData(district, shardDatabase(c.env, district.shard), { id: null, role: "operator", requestId: c.var.requestId });
        return { district, rows: await deliveryLog(data, c.var.locale, { limit: 50 }) };
      }),
    );
    return c.html(<OutboxPage c={c} platform={await platformLog(c.env, c.var.locale)} byDistrict={byDistrict} />);
  });
}
