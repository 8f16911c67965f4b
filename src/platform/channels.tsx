import type { Context } from "hono";
import type { AppEnv } from "../env";
import type { FieldError } from "../http/errors";
import type { routes } from "../http/routes";
import { readForm } from "../http/validation";
import { t } from "../i18n/messages";
import { platformData } from "../data/platform-data";
import { protect } from "../lib/personal-data";
import { nowIso } from "../lib/time";
import { ChannelForm, channelSchema, check, configOf } from "../notifications/admin";
import { Layout, pageInfo } from "../ui/layout";
import { operatorAudit } from "./operators";
import { platformChannel, platformChannelSaved } from "./sending";

// The platform's sending channel (e-mail to operators), set like a district's: the mode,
// the provider's endpoint and sender, and the key, sealed and never shown again.

async function ChannelsPage(props: { c: Context<AppEnv>; status?: string; values?: Record<string, string>; errors?: FieldError[] }) {
  const { c } = props;
  const page = pageInfo(c);
  const l = page.locale;
  const state = await platformChannel(platformData(c.env));
  return (
    <Layout page={page} title={t(l, "notifications.platform.channelTitle")}>
      <p>
        <a href="/platform">{t(l, "app.name")}</a> · <a href="/platform/outbox">{t(l, "notifications.platform.title")}</a>
      </p>
      <h1>{t(l, "notifications.platform.channelTitle")}</h1>
      <p>{t(l, "notifications.platform.channelIntro")}</p>
      {props.status ? (
        <p class="notice ok" role="status">
          {props.status}
        </p>
      ) : null}
      <ChannelForm c={c} action="/platform/channels/email" channel="email" state={state} values={props.values} errors={props.errors} />
    </Layout>
  );
}

export function registerPlatformChannelRoutes(r: ReturnType<typeof routes>): void {
  r.get("/channels", "operator", (c) => c.html(<ChannelsPage c={c} />));
  r.post("/channels/email", "operator", async (c) => {
    const platform = platformData(c.env);
    const state = await platformChannel(platform);
    const form = await readForm(c, channelSchema);
    const errors = form.ok ? check(c.var.locale, "email", form.data, state) : form.errors;
    if (!form.ok || errors.length) {
      const { secret: _never, ...values } = form.values;
      return c.html(<ChannelsPage c={c} values={values} errors={errors} />, 422);
    }
    const input = form.data;
    const config = configOf("email", input);
    const secret = input.secret ? await protect(input.secret, c.env.PERSONAL_DATA_KEY) : state.secretProtected;
    const now = nowIso();
    const operator = c.var.operator!;
    const row = { mode: input.mode, config_json: JSON.stringify(config), secret_protected: secret, updated_by: operator.id, updated_at: now };
    await operatorAudit(
      c,
      operator.id,
      [platformChannelSaved(platform, row)],
      // The audit names what changed, never the credential.
      { action: "operator.channel_saved", targetType: "platform_channel", targetId: "email", after: { mode: input.mode, ...config, secretChanged: Boolean(input.secret) } },
    );
    return c.html(<ChannelsPage c={c} status={t(c.var.locale, "notifications.admin.saved")} />);
  });
}
