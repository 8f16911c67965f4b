import type { Context, Hono } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../env";
import type { FieldError } from "../http/errors";
import { csrfTokenFor } from "../http/csrf";
import { notFound } from "../http/errors";
import { routes } from "../http/routes";
import { readForm } from "../http/validation";
import { t, type Locale, type MessageKey } from "../i18n/messages";
import { nowIso } from "../lib/time";
import { ErrorSummary, RadioGroup, TextArea, TextField } from "../ui/form";
import { CsrfField, districtDisplayName, Layout, pageInfo } from "../ui/layout";
import { resendDelivery, saveChannel, sendTestMessage } from "./admin-actions";
import { notificationKinds } from "./kinds";
import { publishAfterResponse } from "./publish";
import { DeliveryTable, deliveryLog } from "./log";
import { CHANNELS, channelStates, type ChannelState } from "./settings";
import type { ChannelName } from "./tables";

// The district admin's notification page: each channel's mode and provider settings
// (the credential is written, never read back), a test message to oneself, and the
// delivery log with failed messages that can be sent again.

const FIELDS: Record<ChannelName, readonly string[]> = {
  sms: ["endpoint", "signName", "accessKeyId", "defaultTemplate", "templates"],
  email: ["endpoint", "from"],
  wechat: ["endpoint", "appId", "template"],
};
const REQUIRED: Record<ChannelName, readonly string[]> = { sms: ["endpoint", "signName"], email: ["endpoint", "from"], wechat: ["endpoint", "appId", "template"] };
const fieldLabel = (name: string) => `notifications.admin.${name}` as MessageKey;

export const channelSchema = z.object({
  mode: z.enum(["off", "outbox", "provider"]),
  endpoint: z.optional(z.string().check(z.trim(), z.maxLength(300))),
  signName: z.optional(z.string().check(z.trim(), z.maxLength(40))),
  accessKeyId: z.optional(z.string().check(z.trim(), z.maxLength(100))),
  defaultTemplate: z.optional(z.string().check(z.trim(), z.maxLength(60))),
  templates: z.optional(z.string().check(z.maxLength(4000))),
  from: z.optional(z.string().check(z.trim(), z.maxLength(254))),
  appId: z.optional(z.string().check(z.trim(), z.maxLength(64))),
  template: z.optional(z.string().check(z.trim(), z.maxLength(100))),
  secret: z.optional(z.string().check(z.maxLength(500))),
});
export type ChannelInput = z.output<typeof channelSchema>;

// Providers are reached over HTTPS; plain HTTP only on this machine (the tests' fake providers).
function endpointOk(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || (url.protocol === "http:" && ["127.0.0.1", "localhost"].includes(url.hostname));
  } catch {
    return false;
  }
}

function parseTemplates(text: string): Record<string, string> | null {
  const kinds = notificationKinds();
  const out: Record<string, string> = {};
  for (const line of text
    .split(/\r?\n/)
    .map((x) => x.trim())
    .filter(Boolean)) {
    const [kind, id, extra] = line.split("=").map((x) => x.trim());
    if (!kind || !id || extra !== undefined || !kinds.has(kind)) return null;
    out[kind] = id;
  }
  return out;
}

export function check(l: Locale, channel: ChannelName, input: ChannelInput, state: ChannelState): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, key: MessageKey) => errors.push({ field, code: "invalid_format", message: t(l, key) });
  if (input.endpoint && !endpointOk(input.endpoint)) add("endpoint", "notifications.error.endpoint");
  if (channel === "sms" && input.templates && parseTemplates(input.templates) === null) add("templates", "notifications.error.templates");
  if (input.mode === "provider") {
    for (const name of REQUIRED[channel]) if (!(input as Record<string, string | undefined>)[name]) errors.push({ field: name, code: "required", message: t(l, "field.required") });
    if (!input.secret && !state.hasSecret) add("secret", "notifications.error.secret");
  }
  return errors;
}

/** One channel's settings form; `action` is where it posts (the district admin's by default). */
export function ChannelForm(props: { c: Context<AppEnv>; action?: string; channel: ChannelName; state: ChannelState; values?: Record<string, string>; errors?: FieldError[] }) {
  const { c, channel, state } = props;
  const l = c.var.locale;
  const value = (name: string) =>
    props.values?.[name] ??
    (name === "templates"
      ? Object.entries((state.config.templates ?? {}) as Record<string, string>)
          .map(([k, v]) => `${k}=${v}`)
          .join("\n")
      : String(state.config[name] ?? ""));
  return (
    <section aria-labelledby={`ch-${channel}`}>
      <h3 id={`ch-${channel}`}>{t(l, `notifications.channel.${channel}`)}</h3>
      <form method="post" action={props.action ?? `${c.var.base}/notifications/admin/channels/${channel}`}>
        <CsrfField token={csrfTokenFor(c)} />
        {props.errors?.length ? <ErrorSummary locale={l} errors={props.errors} /> : null}
        <RadioGroup
          name="mode"
          legend={t(l, "notifications.admin.mode")}
          value={props.values?.mode ?? state.mode}
          options={(["off", "outbox", "provider"] as const).map((m) => ({ value: m, label: t(l, `notifications.mode.${m}`) }))}
          errors={props.errors}
        />
        {FIELDS[channel].map((name) =>
          name === "templates" ? (
            <TextArea name={name} label={t(l, fieldLabel(name))} value={value(name)} errors={props.errors} rows={4} />
          ) : (
            <TextField name={name} label={t(l, fieldLabel(name))} value={value(name)} errors={props.errors} />
          ),
        )}
        <TextField name="secret" type="password" autocomplete="off" label={t(l, "notifications.admin.secret")} hint={t(l, state.hasSecret ? "notifications.admin.secretKept" : "notifications.admin.secretNone")} errors={props.errors} />
        <button type="submit">{t(l, "notifications.admin.save")}</button>
      </form>
    </section>
  );
}

async function AdminPage(props: { c: Context<AppEnv>; status?: string; failedOnly?: boolean; invalid?: { channel: ChannelName; values: Record<string, string>; errors: FieldError[] } }) {
  const { c } = props;
  const page = pageInfo(c);
  const l = page.locale;
  const [states, rows] = await Promise.all([channelStates(c.var.data), deliveryLog(c.var.data, l, { failedOnly: props.failedOnly })]);
  const base = `${c.var.base}/notifications/admin`;
  return (
    <Layout page={page} title={t(l, "notifications.admin.title")}>
      <h1>{t(l, "notifications.admin.title")}</h1>
      {props.status ? (
        <p class="notice ok" role="status">
          {props.status}
        </p>
      ) : null}
      <h2>{t(l, "notifications.admin.channels")}</h2>
      {CHANNELS.map((channel) => (
        <ChannelForm c={c} channel={channel} state={states[channel]} {...(props.invalid?.channel === channel ? { values: props.invalid.values, errors: props.invalid.errors } : {})} />
      ))}
      <form method="post" action={`${base}/test`}>
        <CsrfField token={csrfTokenFor(c)} />
        <button type="submit">{t(l, "notifications.admin.test")}</button>
      </form>
      <h2 id="log">{t(l, "notifications.admin.outbox")}</h2>
      <p>{t(l, "notifications.admin.outboxIntro")}</p>
      <p>
        <a href={props.failedOnly ? `${base}#log` : `${base}?failed=1#log`}>{props.failedOnly ? t(l, "notifications.admin.outbox") : t(l, "notifications.admin.failedOnly")}</a>
      </p>
      <DeliveryTable locale={l} rows={rows} csrfToken={csrfTokenFor(c)} retryAction={(id) => `${base}/deliveries/${id}/retry`} />
    </Layout>
  );
}

/** The channel's non-secret settings as stored. */
export function configOf(channel: ChannelName, input: ChannelInput): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const name of FIELDS[channel]) {
    const v = (input as Record<string, string | undefined>)[name];
    if (v) config[name] = name === "templates" ? parseTemplates(v) : v;
  }
  return config;
}

export function registerNotificationAdminRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "district");
  r.get("/notifications/admin", "district.manage", async (c) => c.html(<AdminPage c={c} failedOnly={c.req.query("failed") === "1"} />));

  r.post("/notifications/admin/channels/:channel", "district.manage", async (c) => {
    const channel = c.req.param("channel") as ChannelName;
    if (!CHANNELS.includes(channel)) throw notFound();
    const data = c.var.data;
    const state = (await channelStates(data))[channel];
    const form = await readForm(c, channelSchema);
    const errors = form.ok ? check(c.var.locale, channel, form.data, state) : form.errors;
    if (!form.ok || errors.length) {
      const { secret: _never, ...values } = form.values;
      return c.html(<AdminPage c={c} invalid={{ channel, values, errors }} />, 422);
    }
    const input = form.data;
    await saveChannel(data, c.var.user!.id, channel, { mode: input.mode, config: configOf(channel, input), secret: input.secret }, state, c.env.PERSONAL_DATA_KEY, nowIso());
    return c.html(<AdminPage c={c} status={t(c.var.locale, "notifications.admin.saved")} />);
  });

  r.post("/notifications/admin/test", "district.manage", async (c) => {
    await sendTestMessage(c.var.data, c.var.user!.id, districtDisplayName(c.var.district, c.var.locale));
    return c.html(<AdminPage c={c} status={t(c.var.locale, "notifications.admin.testSent")} />);
  });

  r.post("/notifications/admin/deliveries/:id/retry", "district.manage", async (c) => {
    const eventId = await resendDelivery(c.var.data, c.req.param("id") ?? "", nowIso());
    await publishAfterResponse(c, c.var.data.districtId, [eventId]);
    return c.redirect(`${c.var.base}/notifications/admin#log`, 303);
  });
}
