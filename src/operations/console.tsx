import type { Context } from "hono";
import type { AppEnv } from "../env";
import { AppError, notFound } from "../http/errors";
import type { routes } from "../http/routes";
import { t, type MessageKey } from "../i18n/messages";
import { findDistrict, shardNames, type District } from "../district-lookup/district-registry";
import { ErrorSummary, SelectField } from "../ui/form";
import { CsrfField, districtDisplayName, Layout, pageInfo } from "../ui/layout";
import { moveReport, movesOf, openMove, resumeMove, rollbackMove, startMove, type MoveRecord } from "./move";

// The operator console's move action: /platform/districts/:code/move shows the
// district's shard, any unfinished move with its phase, and the moves made before;
// starting a move locks the district at once and copies in the background (an
// interrupted move shows here, with buttons to resume or roll it back).

const phaseKey = (phase: MoveRecord["phase"]) => `ops.move.phase.${phase}` as MessageKey;

function MovePage(props: { c: Context<AppEnv>; district: District; open: MoveRecord | null; history: MoveRecord[]; status?: string; error?: string }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const d = props.district;
  const targets = shardNames(props.c.env).filter((s) => s !== d.shard);
  const open = props.open;
  return (
    <Layout page={page} title={t(l, "ops.move.title")}>
      <p>
        <a href={`/platform/districts/${d.code}`}>{districtDisplayName(d, l)}</a>
      </p>
      <h1>{t(l, "ops.move.title")}</h1>
      {props.status ? (
        <p class="notice ok" role="status">
          {props.status}
        </p>
      ) : null}
      <ErrorSummary locale={l} errors={[]} message={props.error} />
      <p>{t(l, "ops.move.intro")}</p>
      <p>{t(l, "ops.move.current", { shard: d.shard })}</p>
      {open ? (
        <section aria-labelledby="open-move">
          <h2 id="open-move">{t(l, "ops.move.open", { from: open.from_shard, to: open.to_shard, phase: t(l, phaseKey(open.phase)) })}</h2>
          {open.last_error ? <p class="notice error">{t(l, "ops.move.failed", { error: open.last_error })}</p> : null}
          <form method="post" action={`/platform/districts/${d.code}/move/resume`}>
            <CsrfField token={page.csrfToken} />
            <button type="submit">{t(l, "ops.move.resume")}</button>
          </form>
          {open.phase !== "switched" ? (
            <form method="post" action={`/platform/districts/${d.code}/move/rollback`}>
              <CsrfField token={page.csrfToken} />
              <button type="submit" class="secondary">
                {t(l, "ops.move.rollback")}
              </button>
            </form>
          ) : null}
        </section>
      ) : targets.length ? (
        <form class="stack" method="post" action={`/platform/districts/${d.code}/move`}>
          <CsrfField token={page.csrfToken} />
          <SelectField name="shard" label={t(l, "ops.move.target")} options={targets.map((s) => ({ value: s, label: s }))} required />
          <button type="submit">{t(l, "ops.move.start")}</button>
        </form>
      ) : null}
      {props.history.length ? (
        <section aria-labelledby="move-history">
          <h2 id="move-history">{t(l, "ops.move.history")}</h2>
          <ul>
            {props.history.map((m) => {
              const r = moveReport(m);
              return (
                <li>
                  {m.started_at.slice(0, 16).replace("T", " ")} UTC · {m.from_shard} → {m.to_shard} · {t(l, phaseKey(m.phase))} · {Object.values(r.rows).reduce((a, b) => a + b, 0)}
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}

export function registerMoveConsoleRoutes(r: ReturnType<typeof routes>): void {
  const actor = (c: Context<AppEnv>) => ({ id: c.get("operator")!.id, role: "platform_operator", requestId: c.var.requestId });

  async function districtOr404(c: Context<AppEnv>): Promise<District> {
    const district = await findDistrict(c.env, c.req.param("code") ?? "", { fresh: true });
    if (!district) throw notFound();
    return district;
  }

  async function page(c: Context<AppEnv>, extra: { status?: string; error?: string } = {}, code: 200 | 409 | 422 = 200) {
    const district = await districtOr404(c);
    return c.html(<MovePage c={c} district={district} open={await openMove(c.env, district.code)} history={await movesOf(c.env, district.code)} {...extra} />, code);
  }

  const refused = (c: Context<AppEnv>, error: unknown) => {
    if (error instanceof AppError && error.status < 500) return page(c, { error: t(c.var.locale, error.messageKey) }, error.status === 422 ? 422 : 409);
    throw error;
  };

  /** Runs the rest of the move after the response: copying a large district takes a while. */
  const inBackground = (c: Context<AppEnv>, code: string) => c.executionCtx.waitUntil(resumeMove(c.env, code, actor(c)).catch((error) => console.error(`move of district ${code} stopped:`, error)));

  r.get("/districts/:code/move", "operator", (c) => page(c));

  r.post("/districts/:code/move", "operator", async (c) => {
    const district = await districtOr404(c);
    const body = await c.req.parseBody();
    try {
      await startMove(c.env, district.code, String(body.shard ?? ""), actor(c));
    } catch (error) {
      return refused(c, error);
    }
    inBackground(c, district.code);
    return c.redirect(`/platform/districts/${district.code}/move`, 303);
  });

  r.post("/districts/:code/move/resume", "operator", async (c) => {
    const district = await districtOr404(c);
    try {
      const done = await resumeMove(c.env, district.code, actor(c));
      const rows = Object.values(done.rows).reduce((a, b) => a + b, 0);
      return page(c, { status: t(c.var.locale, "ops.move.done", { from: done.from, to: done.to, rows, files: done.files }) });
    } catch (error) {
      if (error instanceof AppError) return refused(c, error);
      return page(c, {}, 409);
    }
  });

  r.post("/districts/:code/move/rollback", "operator", async (c) => {
    const district = await districtOr404(c);
    try {
      const done = await rollbackMove(c.env, district.code, actor(c));
      return page(c, { status: t(c.var.locale, "ops.move.rolledBack", { from: done.from }) });
    } catch (error) {
      return refused(c, error);
    }
  });
}
