import type { Context } from "hono";
import { DistrictData } from "../data/district-data";
import type { AppEnv } from "../env";
import type { routes } from "../http/routes";
import { t, type Locale } from "../i18n/messages";
import { platformData } from "../data/platform-data";
import { nowIso } from "../lib/time";
import { isDeadPlatformMessage, platformMessageLog, resendPlatformMessage, sendPlatformMessage } from "../platform/sending";
import { notFound } from "../http/errors";
import { kindNamed, openParams, render, type Rendered } from "./kinds";
import { findDistrict, listDistricts, shardDatabase, type District } from "../district-lookup/district-registry";
import { operatorAudit } from "../platform/operators";
import { districtDisplayName, Layout, pageInfo } from "../ui/layout";
import { DeliveryTable, deliveryLog, outboxDeliveryToReveal, type LoggedDelivery } from "./log";

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
        <DeliveryTable locale={l} rows={props.platform} csrfToken={page.csrfToken} retryAction={(id) => `/platform/outbox/messages/${id}/resend`} />
      </section>
      {props.byDistrict.map(({ district, rows }) => (
        <section aria-labelledby={`d-${district.code}`}>
          <h2 id={`d-${district.code}`}>{districtDisplayName(district, l)}</h2>
          <DeliveryTable locale={l} rows={rows} csrfToken={page.csrfToken} revealAction={(id) => `/platform/outbox/${district.code}/${id}/reveal`} />
        </section>
      ))}
    </Layout>
  );
}

/** One message recorded in outbox mode, its secret opened for the operator. */
function RevealPage(props: { c: Context<AppEnv>; district: District; text: Rendered }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "notifications.platform.revealTitle")}>
      <p>
        <a href="/platform/outbox">{t(l, "notifications.platform.title")}</a>
      </p>
      <h1>{t(l, "notifications.platform.revealTitle")}</h1>
      <p>{t(l, "notifications.platform.revealIntro")}</p>
      <section aria-labelledby="revealed">
        <h2 id="revealed">
          {districtDisplayName(props.district, l)}：{props.text.title}
        </h2>
        <p>{props.text.body}</p>
      </section>
    </Layout>
  );
}

/** What the platform sent to operators, newest first, as the district log shows deliveries. */
async function platformLog(env: AppEnv["Bindings"], locale: Locale): Promise<LoggedDelivery[]> {
  const rows = await platformMessageLog(platformData(env));
  return rows.map((r) => {
    const kind = kindNamed(r.kind);
    const text = kind ? render(kind, locale, JSON.parse(r.params_json) as Record<string, string>) : { title: r.kind, body: "" };
    return {
      id: r.id,
      at: r.created_at,
      title: text.title,
      body: text.body,
      recipient: r.display_name,
      channel: "email",
      status: r.status,
      attempts: r.attempts,
      // Platform e-mail has no quiet hours; a retry goes with the next scheduled run.
      dueAt: null,
      lastError: r.last_error,
      targetType: "operator",
      targetId: null,
      sealed: false,
    };
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
  // A message to an operator that died after its tries (or at once, for a refusal that
  // will not change) goes again, a new round of tries, first one now.
  r.post("/outbox/messages/:message/resend", "operator", async (c) => {
    const id = c.req.param("message") ?? "";
    const platform = platformData(c.env);
    if (!(await isDeadPlatformMessage(platform, id))) throw notFound();
    const [resent] = await operatorAudit(c, c.var.operator!.id, [resendPlatformMessage(platform, id, nowIso())], { action: "operator.platform_message_resent", targetType: "platform_message", targetId: id });
    if (!resent?.length) throw notFound();
    await sendPlatformMessage(c.env, platform, id, new URL(c.req.url).origin);
    return c.redirect("/platform/outbox#to-operators", 303);
  });
  // In outbox mode nothing leaves, so a reset code can be read nowhere else; a message
  // that went (or was to go) through a real channel stays sealed for everyone.
  r.post("/outbox/:district/:delivery/reveal", "operator", async (c) => {
    const district = await findDistrict(c.env, c.req.param("district") ?? "");
    if (!district) throw notFound();
    const data = new DistrictData(district, shardDatabase(c.env, district.shard), { id: null, role: "operator", requestId: c.var.requestId });
    const row = await outboxDeliveryToReveal(data, c.req.param("delivery") ?? "");
    const kind = row ? kindNamed(row.kind) : undefined;
    // Urgent kinds only (a reset or phone code, asked for now): an invitation link or a
    // resident's receipt code is not the operator's to read.
    if (!row || kind?.urgency !== "urgent" || !kind.secret?.length) throw notFound();
    const params = await openParams(kind, row.params_json, c.env.PERSONAL_DATA_KEY);
    // The audit names the message, never its code.
    await operatorAudit(c, c.var.operator!.id, [], { action: "operator.notification_revealed", targetType: "notification_delivery", targetId: row.id, after: { district: district.code, kind: row.kind, channel: row.channel } });
    return c.html(<RevealPage c={c} district={district} text={render(kind, c.var.locale, params)} />);
  });
}
