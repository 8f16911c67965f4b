import type { Context, Hono } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { cookieIsSecure } from "../../auth/sessions";
import type { AppEnv } from "../../env";
import { cachedHtml } from "../../http/cache";
import { publicOrigin } from "../../http/origin";
import { routes } from "../../http/routes";
import { readForm } from "../../http/validation";
import { t } from "../../i18n/messages";
import { randomToken } from "../../lib/crypto";
import { qrSvg } from "../../lib/qr";
import { nowIso } from "../../lib/time";
import { pageInfo } from "../../ui/layout";
import { areaNames } from "./domain/areas";
import { feedbackTarget, isFeedbackCode, recordFeedback } from "./domain/feedback";
import { feedbackInput } from "./schemas";
import { areaName } from "./views/parts";
import { FeedbackFormPage, FeedbackPosterPage, type FeedbackTargetView } from "./views/feedback";

// Residents' feedback without an account: the form the project's QR poster leads to.
// routes() puts the anonymous-write limit in front of the POST and the one-time token
// makes a double submit one response; the device token cookie (or the phone number, when
// given) makes a second response from the same person a polite refusal.

const DEVICE_COOKIE = "fb_device";

export const feedbackLink = (c: Context<AppEnv>, code: string) => `${publicOrigin(c)}${c.var.base}/f/${code}`;

async function target(c: Context<AppEnv>): Promise<FeedbackTargetView> {
  const [p, areas] = await Promise.all([feedbackTarget(c.var.data, c.req.param("code") ?? ""), areaNames(c.var.data)]);
  return { ...p, community: areaName(c.var.locale, areas, p.communityCode) };
}

/** A link printed with the contract id (before codes) moves permanently to the code's address. */
function moved(c: Context<AppEnv>, project: FeedbackTargetView, rest = ""): Response | null {
  if (isFeedbackCode(c.req.param("code") ?? "") || project.code === project.id) return null;
  const query = new URL(c.req.url).search;
  return c.redirect(`${c.var.base}/f/${project.code}${rest}${query}`, 301);
}

function deviceToken(c: Context<AppEnv>): string {
  const known = getCookie(c, DEVICE_COOKIE);
  if (known && /^[\w-]{16,64}$/.test(known)) return known;
  const token = randomToken(24);
  setCookie(c, DEVICE_COOKIE, token, { path: `${c.var.base}/f`, httpOnly: true, secure: cookieIsSecure(c), sameSite: "Lax", maxAge: 400 * 86_400 });
  return token;
}

export function registerProjectsFeedback(app: Hono<AppEnv>): void {
  const r = routes(app, "district");
  r.get("/f/:code", "public", async (c) => {
    const project = await target(c);
    const redirect = moved(c, project);
    if (redirect) return redirect;
    deviceToken(c);
    const done = c.req.query("sent") ? "sent" : c.req.query("again") ? "again" : undefined;
    return cachedHtml(c, <FeedbackFormPage page={pageInfo(c)} project={project} done={done} />, { personal: true });
  });
  r.post("/f/:code", "public", async (c) => {
    const project = await target(c);
    const form = await readForm(c, feedbackInput);
    const errors = form.ok ? [] : [...form.errors];
    if (form.values.phone?.trim() && form.values.consent !== "1") errors.push({ field: "consent", code: "required", message: t(c.var.locale, "projects.feedback.consentNeeded") });
    if (!form.ok || errors.length) return c.html(<FeedbackFormPage page={pageInfo(c)} project={project} values={form.values} errors={errors} />, 422);
    const recorded = await recordFeedback(
      c.var.data,
      { phone: form.data.phone, deviceToken: deviceToken(c), secret: c.env.PERSONAL_DATA_KEY },
      { contractId: project.id, rating: Number(form.data.rating), comment: form.data.comment },
      nowIso(),
    );
    return c.redirect(`${c.var.base}/f/${project.code}?${recorded ? "sent" : "again"}=1`, 303);
  });
  r.get("/f/:code/qr.svg", "public", async (c) => {
    const project = await target(c);
    const redirect = moved(c, project, "/qr.svg");
    if (redirect) return redirect;
    return c.body(qrSvg(feedbackLink(c, project.code), { title: project.title }), 200, { "content-type": "image/svg+xml; charset=utf-8", "cache-control": "public, max-age=86400" });
  });
  r.get("/f/:code/poster", "public", async (c) => {
    const project = await target(c);
    const redirect = moved(c, project, "/poster");
    if (redirect) return redirect;
    const link = feedbackLink(c, project.code);
    return cachedHtml(c, <FeedbackPosterPage page={pageInfo(c)} project={project} link={link} svg={qrSvg(link, { title: `${t(c.var.locale, "projects.feedback.scan")}：${project.title}` })} />);
  });
}
