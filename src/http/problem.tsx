import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../env";
import { t, type Locale } from "../i18n/messages";
import { browserPath, Layout, pageInfo } from "../ui/layout";
import type { AppError } from "./errors";

// The one place errors become responses: application/problem+json for API calls
// (with field errors for validation), a friendly page for browsers.

export function wantsJson(c: Context<AppEnv>): boolean {
  const path = new URL(c.req.url).pathname;
  // Open-data files (CSV too) are read by programs: their errors are problems as well.
  if (/\/api\/|\/open-data\/v1\//.test(path) || path.endsWith(".json")) return true;
  const accept = c.req.header("accept") ?? "";
  return accept.includes("application/json") && !accept.includes("text/html");
}

export function problemResponse(c: Context<AppEnv>, error: AppError): Response {
  const locale: Locale = c.get("locale") ?? "zh-CN";
  const requestId = c.get("requestId");
  const body = {
    type: `/problems/${error.code}`,
    title: t(locale, error.messageKey, { ...error.params, requestId }),
    status: error.status,
    code: error.code,
    instance: new URL(c.req.url).pathname,
    requestId,
    ...(error.fieldErrors.length ? { errors: error.fieldErrors } : {}),
    ...error.extra,
  };
  return new Response(JSON.stringify(body), {
    status: error.status,
    headers: { "content-type": "application/problem+json; charset=utf-8", "cache-control": "no-store" },
  });
}

export function ErrorPage(props: { c: Context<AppEnv>; error: AppError }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const message = t(l, props.error.messageKey, { ...props.error.params, requestId: props.c.get("requestId") });
  // A refused post leads back to the page its form was on (field keys mean nothing to a person).
  const posted = props.c.req.method === "POST";
  return (
    <Layout page={page} title={t(l, "error.title")}>
      <h1>{t(l, "error.title")}</h1>
      <p class="notice error">{message}</p>
      {props.error.fieldErrors.length ? (
        <ul>
          {props.error.fieldErrors.map((e) => (
            <li>{e.message}</li>
          ))}
        </ul>
      ) : null}
      <p>
        {posted && page.switchPath ? (
          <>
            <a href={page.switchPath}>{t(l, "error.backToForm")}</a>
            {" · "}
          </>
        ) : null}
        <a href={page.districtName ? `${page.base}/` : "/"}>{t(l, "error.back")}</a>
      </p>
    </Layout>
  );
}

export function renderError(c: Context<AppEnv>, error: AppError): Response | Promise<Response> {
  if (wantsJson(c)) return problemResponse(c, error);
  // A browser that is not signed in is sent to sign in, and brought back afterwards.
  if (error.status === 401 && c.req.method === "GET" && new URL(c.req.url).pathname.startsWith("/platform")) {
    return c.redirect("/platform/login", 303);
  }
  if (error.status === 401 && c.get("district") && c.req.method === "GET") {
    const next = browserPath(c);
    return c.redirect(`${c.get("base")}/login?next=${encodeURIComponent(next)}`, 303);
  }
  c.header("cache-control", "no-store");
  return c.html(<ErrorPage c={c} error={error} />, error.status as ContentfulStatusCode);
}
