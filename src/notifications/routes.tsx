import type { Context, Hono } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../env";
import type { FieldError } from "../http/errors";
import { csrfTokenFor } from "../http/csrf";
import { notFound } from "../http/errors";
import { mobilePhone } from "../http/fields";
import { routes } from "../http/routes";
import { readForm } from "../http/validation";
import { t } from "../i18n/messages";
import { beijingDateTime } from "../lib/beijing-time";
import { nowIso } from "../lib/time";
import { Checkbox, checkedValues, ChoiceGroup, ErrorSummary, TextField } from "../ui/form";
import { CsrfField, Layout, pageInfo } from "../ui/layout";
import { registerNotificationAdminRoutes } from "./admin";
import { inboxOf, markRead, openMessage } from "./inbox";
import { CHANNELS } from "./settings";
import { kindsFor, loadPreferences, savePreferences, STAFF_ROLES, unsubscribeFromEmail, unsubscribeKeyOwner } from "./preferences";

// A person's inbox and their choice of channels, and the unsubscribe link of e-mails.

async function InboxPage(props: { c: Context<AppEnv> }) {
  const { c } = props;
  const page = pageInfo(c);
  const l = page.locale;
  const items = await inboxOf(c.var.data, c.var.user!.id, l);
  return (
    <Layout page={page} title={t(l, "notifications.inbox.title")}>
      <h1>{t(l, "notifications.inbox.title")}</h1>
      <p>
        <a href={`${c.var.base}/notifications/preferences`}>{t(l, "notifications.inbox.preferences")}</a>
      </p>
      {items.some((i) => !i.read) ? (
        <form method="post" action={`${c.var.base}/notifications/read`}>
          <CsrfField token={csrfTokenFor(c)} />
          <button type="submit">{t(l, "notifications.inbox.markAllRead")}</button>
        </form>
      ) : null}
      {items.length === 0 ? <p>{t(l, "notifications.inbox.empty")}</p> : null}
      <ul class="inbox">
        {items.map((item) => (
          <li class={item.read ? "read" : "unread"}>
            <h2>
              {item.read ? null : <span class="badge">{t(l, "notifications.inbox.unread")}</span>} {item.title}
            </h2>
            <p>
              <small>{beijingDateTime(item.at)}</small>
            </p>
            <p>{item.body}</p>
            {item.link ? <a href={item.read ? `${c.var.base}${item.link}` : `${c.var.base}/notifications/${item.id}/open`}>{t(l, "notifications.inbox.open")}</a> : null}
            {item.read ? null : (
              <form method="post" action={`${c.var.base}/notifications/${item.id}/read`}>
                <CsrfField token={csrfTokenFor(c)} />
                <button type="submit" class="linkbutton">
                  {t(l, "notifications.inbox.markRead")}
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

/** The non-urgent kinds that can reach this person, given their roles. */
const fieldOf = (kind: string) => `k-${kind}`;

async function PreferencesPage(props: { c: Context<AppEnv>; values?: Record<string, string>; errors?: FieldError[]; status?: string }) {
  const { c } = props;
  const page = pageInfo(c);
  const l = page.locale;
  const roles = c.var.user!.grants.map((g) => g.role as string);
  const current = await loadPreferences(c.var.data, c.var.user!.id, c.env.PERSONAL_DATA_KEY);
  const v = props.values;
  const options = CHANNELS.map((ch) => ({ value: ch, label: t(l, `notifications.channel.${ch}`) }));
  return (
    <Layout page={page} title={t(l, "notifications.prefs.title")}>
      <h1>{t(l, "notifications.prefs.title")}</h1>
      <p>{t(l, "notifications.prefs.intro")}</p>
      {props.status ? (
        <p class="notice ok" role="status">
          {props.status}
        </p>
      ) : null}
      <ErrorSummary locale={l} errors={props.errors ?? []} />
      <form method="post" action={`${c.var.base}/notifications/preferences`}>
        <CsrfField token={csrfTokenFor(c)} />
        <TextField
          name="phone"
          type="tel"
          autocomplete="tel"
          label={t(l, "notifications.prefs.phone")}
          value={v?.phone ?? ""}
          hint={current.phoneMasked ? t(l, "notifications.prefs.phoneHint", { masked: current.phoneMasked }) : t(l, "notifications.prefs.phoneNone")}
          errors={props.errors}
        />
        {current.phoneMasked ? (
          <div class="field">
            <Checkbox name="removePhone" label={t(l, "notifications.prefs.removePhone")} checked={v?.removePhone === "1"} />
          </div>
        ) : null}
        <TextField name="openid" label={t(l, "notifications.prefs.openid")} value={v?.openid ?? current.openid} errors={props.errors} />
        {roles.some((r) => STAFF_ROLES.includes(r)) ? (
          <div class="field">
            <Checkbox name="digest" label={t(l, "notifications.prefs.digest")} checked={v ? v.digest === "1" : current.digest} />
          </div>
        ) : null}
        <h2>{t(l, "notifications.prefs.kinds")}</h2>
        {kindsFor(roles).map((kind) => (
          <ChoiceGroup type="checkbox" name={fieldOf(kind.name)} legend={kind.title[l === "en" ? 1 : 0]} options={options} selected={v ? checkedValues(v, fieldOf(kind.name)) : (current.chosen.get(kind.name) ?? CHANNELS)} />
        ))}
        <button type="submit">{t(l, "notifications.prefs.save")}</button>
      </form>
    </Layout>
  );
}

const preferencesSchema = z.object({
  phone: mobilePhone({ optional: true }),
  removePhone: z.optional(z.literal("1")),
  openid: z.string().check(z.trim(), z.regex(/^[A-Za-z0-9_-]{0,64}$/, "openid_invalid")),
  digest: z.optional(z.literal("1")),
});

function UnsubscribePage(props: { c: Context<AppEnv>; done: boolean }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "notifications.unsubscribe.title")}>
      <h1>{t(l, "notifications.unsubscribe.title")}</h1>
      {props.done ? (
        <p class="notice ok" role="status">
          {t(l, "notifications.unsubscribe.done")}
        </p>
      ) : (
        <>
          <p>{t(l, "notifications.unsubscribe.intro")}</p>
          <form method="post">
            <CsrfField token={csrfTokenFor(props.c)} />
            <button type="submit">{t(l, "notifications.unsubscribe.confirm")}</button>
          </form>
        </>
      )}
    </Layout>
  );
}

export function registerNotificationRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "district");
  r.get("/notifications", "signed_in", async (c) => c.html(<InboxPage c={c} />));
  r.post("/notifications/read", "signed_in", async (c) => {
    await markRead(c.var.data, c.var.user!.id, null, nowIso());
    return c.redirect(`${c.var.base}/notifications`, 303);
  });
  // Following a message (or a to-do about the same record) to its record reads it. A GET,
  // so that it is an ordinary link; it changes nothing but the reader's own read marks.
  r.get("/notifications/:id/open", "signed_in", async (c) => {
    const opened = await openMessage(c.var.data, c.var.user!.id, c.req.param("id") ?? "", nowIso());
    if (!opened) throw notFound();
    const next = c.req.query("next") ?? "";
    const local = next.startsWith(`${c.var.base}/`) && !/\/\/|\\|[\s:]/.test(next);
    return c.redirect(local ? next : opened.link ? `${c.var.base}${opened.link}` : `${c.var.base}/notifications`, 303);
  });
  r.post("/notifications/:id/read", "signed_in", async (c) => {
    await markRead(c.var.data, c.var.user!.id, c.req.param("id") ?? "", nowIso());
    return c.redirect(`${c.var.base}/notifications`, 303);
  });

  r.get("/notifications/preferences", "signed_in", async (c) => c.html(<PreferencesPage c={c} />));
  r.post("/notifications/preferences", "signed_in", async (c) => {
    const form = await readForm(c, preferencesSchema);
    if (!form.ok) {
      const errors = form.errors.map((e) => (e.field === "openid" ? { ...e, message: t(c.var.locale, "notifications.error.openid") } : e));
      return c.html(<PreferencesPage c={c} values={form.values} errors={errors} />, 422);
    }
    const user = c.var.user!;
    const input = { ...form.data, removePhone: Boolean(form.data.removePhone), digest: Boolean(form.data.digest), channelsOf: (kind: string) => checkedValues(form.values, fieldOf(kind)) };
    await savePreferences(c.var.data, { id: user.id, roles: user.grants.map((g) => g.role) }, input, c.env.PERSONAL_DATA_KEY, nowIso());
    return c.html(<PreferencesPage c={c} status={t(c.var.locale, "notifications.prefs.saved")} />);
  });

  // Reached from an e-mail, signed in or not: the key is the person's own, unguessable.
  r.get("/notifications/unsubscribe/:key", "public", async (c) => {
    if (!(await unsubscribeKeyOwner(c.var.data, c.req.param("key") ?? ""))) throw notFound();
    return c.html(<UnsubscribePage c={c} done={false} />);
  });
  r.post("/notifications/unsubscribe/:key", "public", async (c) => {
    const userId = await unsubscribeKeyOwner(c.var.data, c.req.param("key") ?? "");
    if (!userId) throw notFound();
    await unsubscribeFromEmail(c.var.data, userId, nowIso());
    return c.html(<UnsubscribePage c={c} done={true} />);
  });

  registerNotificationAdminRoutes(app);
}
