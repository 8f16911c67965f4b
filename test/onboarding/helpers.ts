import { hashPassword } from "../../src/auth/password";
import { demoOperatorStatement, DEMO_OPERATOR } from "../../src/seed/demo";
import { runCompiled } from "../../src/tenants/apply";
import { Browser, PASSWORD, testEnv } from "../helpers";

// Shared steps of the onboarding tests.

let operatorReady = false;

/** A browser signed in to the operator console (the demo operator, password PASSWORD). */
export async function operatorBrowser(): Promise<Browser> {
  if (!operatorReady) {
    await runCompiled(testEnv.PLATFORM, [demoOperatorStatement(await hashPassword(PASSWORD, testEnv.PASSWORD_PEPPER!), new Date().toISOString())]);
    operatorReady = true;
  }
  const b = new Browser();
  const res = await b.submit("/platform/login", { email: DEMO_OPERATOR.email, password: PASSWORD });
  if (res.status !== 303) throw new Error(`operator sign-in failed: ${res.status}`);
  return b;
}

/** The one-time link shown on a page after an invitation is issued. */
export function shownLink(html: string): string {
  const match = /id="invitation-link"[^>]*value="([^"]+)"/.exec(html) ?? /value="([^"]+)"[^>]*id="invitation-link"/.exec(html);
  if (!match) throw new Error("no invitation link on the page");
  return match[1]!.replace(/&amp;/g, "&");
}

/** The path of a link (the tests' Browser talks to one origin). */
export function pathOf(link: string): string {
  return new URL(link).pathname;
}

export async function platformActions(): Promise<string[]> {
  const rows = await testEnv.PLATFORM.prepare("SELECT action FROM platform_audit_events ORDER BY seq").all<{ action: string }>();
  return rows.results.map((r) => r.action);
}

export async function districtActions(db: D1Database, code: string): Promise<string[]> {
  const rows = await db.prepare("SELECT action FROM audit_events WHERE district_id = ? ORDER BY seq").bind(code).all<{ action: string }>();
  return rows.results.map((r) => r.action);
}

const decode = (v: string) =>
  v
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([a-zA-Z-]+)(?:="([^"]*)")?/g)) out[m[1]!] = decode(m[2] ?? "");
  return out;
}

/**
 * The fields a browser would send for the form posting to `action` on a page: every
 * named input with its value (checked boxes only, no files), selects and textareas.
 * Tests start from these so that a field the page renders but the handler refuses
 * cannot go unnoticed.
 */
export function formFields(html: string, action: string): Record<string, string> {
  const start = html.indexOf(`action="${action}"`);
  if (start < 0) throw new Error(`no form posting to ${action}`);
  const body = html.slice(start, html.indexOf("</form>", start));
  const fields: Record<string, string> = {};
  for (const [tag] of body.matchAll(/<input\b[^>]*>/g)) {
    const a = attributes(tag);
    if (!a.name || a.type === "file" || a.type === "submit") continue;
    if ((a.type === "checkbox" || a.type === "radio") && !("checked" in a)) continue;
    fields[a.name] = a.value ?? "";
  }
  for (const m of body.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const a = attributes(m[1]!);
    const options = [...m[2]!.matchAll(/<option\b([^>]*)>/g)].map((o) => attributes(o[1]!));
    fields[a.name!] = (options.find((o) => "selected" in o) ?? options[0])?.value ?? "";
  }
  for (const m of body.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) fields[attributes(m[1]!).name!] = decode(m[2]!);
  return fields;
}
