import { hashPassword } from "../../src/auth/password";
import { demoOperatorStatement, DEMO_OPERATOR } from "../../src/seed/demo";
import { runCompiled } from "../../src/tenants/apply";
import { Browser, createUser, PASSWORD, testEnv } from "../helpers";

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

/** A district admin of `code`, signed in. */
export async function adminBrowser(code: string, shard = "DISTRICTS_0") {
  const user = await createUser(code, shard, [{ role: "district_admin" }]);
  const b = new Browser();
  const res = await b.signIn(code, user.email);
  if (res.status !== 303) throw new Error(`admin sign-in failed: ${res.status}`);
  return { b, user };
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
