import type { Context } from "hono";
import { DistrictData } from "../data/district-data";
import type { AppEnv } from "../env";
import type { routes } from "../http/routes";
import { t } from "../i18n/messages";
import { listDistricts, shardDatabase, type District } from "../district-lookup/district-registry";
import { districtDisplayName, Layout, pageInfo } from "../ui/layout";
import { DeliveryTable, deliveryLog, type LoggedDelivery } from "./log";

// The operator's outbox: the latest messages of every district, read from each shard,
// with who they went to by name and what they said, never an address. In development,
// where every channel records instead of sending, this shows the whole flow.

function OutboxPage(props: { c: Context<AppEnv>; byDistrict: { district: District; rows: LoggedDelivery[] }[] }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "notifications.platform.title")}>
      <p>
        <a href="/platform">{t(l, "app.name")}</a>
      </p>
      <h1>{t(l, "notifications.platform.title")}</h1>
      <p>{t(l, "notifications.admin.outboxIntro")}</p>
      {props.byDistrict.map(({ district, rows }) => (
        <section aria-labelledby={`d-${district.code}`}>
          <h2 id={`d-${district.code}`}>{districtDisplayName(district, l)}</h2>
          <DeliveryTable locale={l} rows={rows} />
        </section>
      ))}
    </Layout>
  );
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
    return c.html(<OutboxPage c={c} byDistrict={byDistrict} />);
  });
}
