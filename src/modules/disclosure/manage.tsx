import type { Context, Hono } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../../env";
import { AppError, notFound, type FieldError } from "../../http/errors";
import { routes } from "../../http/routes";
import { readForm, readQuery } from "../../http/validation";
import { attempt } from "../../ui/form-state";
import { t } from "../../i18n/messages";
import { nowIso } from "../../lib/time";
import { answerRequest, correctEntry, enterOnList, exitAfterRectification, recordNewEvent } from "./credit";
import { today } from "./public";
import { areaMap } from "./queries";
import { claimInScope, createOrganization, decideClaim, maskedPersonal, pendingClaims, revealPersonal, staffOrganization, updateOrganization, verifyOrganization } from "./registry";
import { candidateDismissalSchema, creditCorrectionSchema, creditEntrySchema, creditEventSchema, creditNoteSchema, decisionSchema, organizationSchema } from "./schemas";
import { staffView } from "./manage-common";
import { CreditAdminPage, EntryPage, NewEntryPage } from "./manage-credit-pages";
import { ClaimsPage, EditOrganizationPage, NewOrganizationPage, RegistryPage } from "./manage-registry-pages";
import { creditWorkload, entriesOfOrganization, entryWithHistory, loadRequest } from "./manage-queries";
import { staffList } from "./registry";
import { actorOf, creditAreas } from "./actor";
import { CANDIDATE_GROUNDS, candidateEntryValues, candidateFor, dismissCandidate, dismissalsOf } from "./credit-candidates";
import { notInJurisdiction } from "./jurisdiction";
import { confirmTransfer } from "./credit-transfer";
import { creditGround, groundReference, needsRectification } from "./credit-grounds";

// Staff pages: the registry (scoped by area), claims, and the credit lists (district
// administrators). Every write goes through registry.ts / credit.ts with its audit event.

export function registerManageRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "district");

  r.get("/manage/organizations", "registry.manage", async (c) => {
    const { q } = readQuery(c, z.object({ q: z._default(z.string().check(z.trim(), z.maxLength(50)), "") }));
    return c.html(<RegistryPage {...staffView(c)} rows={await staffList(c.var.data, actorOf(c.var.user!, c.var.locale), q)} q={q} />);
  });

  r.get("/manage/organizations/new", "registry.manage", async (c) => c.html(<NewOrganizationPage {...staffView(c)} areas={await areaMap(c.var.data)} />));

  r.post("/manage/organizations", "registry.manage", async (c) => {
    const areas = await areaMap(c.var.data);
    const form = await readForm(c, organizationSchema);
    if (!form.ok) return c.html(<NewOrganizationPage {...staffView(c)} areas={areas} values={form.values} errors={form.errors} />, 422);
    const input = { ...form.data, validAreas: new Set(areas.keys()), personalKey: c.env.PERSONAL_DATA_KEY };
    const done = await attempt(c.var.locale, "organization", form.values, () => createOrganization(c.var.data, actorOf(c.var.user!, c.var.locale), input, nowIso()));
    if (!done.ok) return c.html(<NewOrganizationPage {...staffView(c)} areas={areas} {...done.state} />, done.status);
    return c.redirect(`${c.var.base}/manage/organizations/${done.value}?done=disclosure.manage.created`, 303);
  });

  const editPage = async (c: Context<AppEnv>, extra: { revealed?: { id: string | null; phone: string | null }; values?: Record<string, string>; errors?: FieldError[]; message?: string; status?: number } = {}) => {
    const { org, fields } = await staffOrganization(c.var.data, actorOf(c.var.user!, c.var.locale), c.req.param("orgId") ?? "");
    const [areas, entries, dismissals] = await Promise.all([areaMap(c.var.data), entriesOfOrganization(c.var.data, org.id), dismissalsOf(c.var.data, org.id)]);
    const personal = extra.revealed ?? (await maskedPersonal(org, c.env.PERSONAL_DATA_KEY));
    c.header("cache-control", "no-store");
    return c.html(
      <EditOrganizationPage
        {...staffView(c)}
        areas={areas}
        org={org}
        fields={fields}
        personal={personal}
        revealed={!!extra.revealed}
        entries={entries}
        dismissals={dismissals}
        values={extra.values}
        errors={extra.errors}
        message={extra.message}
      />,
      (extra.status ?? 200) as 200,
    );
  };

  r.get("/manage/organizations/:orgId", "registry.manage", (c) => editPage(c));

  r.post("/manage/organizations/:orgId", "registry.manage", async (c) => {
    const { org } = await staffOrganization(c.var.data, actorOf(c.var.user!, c.var.locale), c.req.param("orgId") ?? "");
    const form = await readForm(c, organizationSchema);
    if (!form.ok) return editPage(c, { values: form.values, errors: form.errors, status: 422 });
    const validAreas = new Set((await areaMap(c.var.data)).keys());
    const done = await attempt(c.var.locale, "organization", form.values, () => updateOrganization(c.var.data, actorOf(c.var.user!, c.var.locale), { ...form.data, org, validAreas, personalKey: c.env.PERSONAL_DATA_KEY }, nowIso()));
    if (!done.ok && done.status === 422) return editPage(c, { values: form.values, errors: done.state.errors, status: 422 });
    if (!done.ok) return editPage(c, { message: done.state.message, status: 409 });
    return c.redirect(`${c.var.base}/manage/organizations/${org.id}?done=disclosure.manage.saved`, 303);
  });

  r.post("/manage/organizations/:orgId/verify", "registry.manage", async (c) => {
    const { org } = await staffOrganization(c.var.data, actorOf(c.var.user!, c.var.locale), c.req.param("orgId") ?? "");
    if (org.verification === "unverified") await verifyOrganization(c.var.data, org, nowIso());
    return c.redirect(`${c.var.base}/manage/organizations/${org.id}?done=disclosure.manage.saved`, 303);
  });

  r.post("/manage/organizations/:orgId/reveal", "registry.personal_data", async (c) => {
    const { org } = await staffOrganization(c.var.data, actorOf(c.var.user!, c.var.locale), c.req.param("orgId") ?? "");
    return editPage(c, { revealed: await revealPersonal(c.var.data, org, c.env.PERSONAL_DATA_KEY) });
  });

  r.get("/manage/claims", "registry.manage", async (c) => c.html(<ClaimsPage {...staffView(c)} claims={await pendingClaims(c.var.data, actorOf(c.var.user!, c.var.locale))} />));

  r.post("/manage/claims/:claimId", "registry.manage", async (c) => {
    const claim = await claimInScope(c.var.data, actorOf(c.var.user!, c.var.locale), c.req.param("claimId") ?? "");
    const form = await readForm(c, decisionSchema);
    if (!form.ok) return c.html(<ClaimsPage {...staffView(c)} claims={await pendingClaims(c.var.data, actorOf(c.var.user!, c.var.locale))} />, 422);
    await decideClaim(c.var.data, actorOf(c.var.user!, c.var.locale), { claim, accept: form.data.decision === "accept", note: form.data.note }, nowIso());
    return c.redirect(`${c.var.base}/manage/claims?done=${form.data.decision === "accept" ? "disclosure.claim.verified" : "disclosure.claim.rejected"}`, 303);
  });

  // ----- credit lists (district administrators, each for the areas of their grant)

  r.get("/manage/credit", "credit.manage", async (c) => {
    const { active, requests } = await creditWorkload(c.var.data, creditAreas(c.var.user!));
    return c.html(<CreditAdminPage {...staffView(c)} active={active} requests={requests} />);
  });

  r.get("/manage/organizations/:orgId/credit/new", "credit.manage", async (c) => {
    const { org } = await staffOrganization(c.var.data, actorOf(c.var.user!, c.var.locale), c.req.param("orgId") ?? "");
    if (org.registration_scope !== "own") throw notInJurisdiction(org.registration_scope);
    // A proposal from the to-do list arrives filled in from the facts, if they still hold.
    // A two-year proposal is confirmed on the entry's page, not through this form.
    const ground = c.req.query("candidate");
    const candidate = ground === "abnormal_two_years" ? undefined : await candidateFor(c.var.data, today(), org.id, ground);
    const values = candidate ? candidateEntryValues(candidate, today(), `${c.var.district.nameZh}民政局`) : undefined;
    return c.html(<NewEntryPage {...staffView(c)} org={org} values={values} proposal={candidate && { ground: candidate.ground, period: candidate.period }} />);
  });

  // Dismissing a proposal: the reason is required, kept and audited (credit-candidates.ts).
  r.post("/manage/organizations/:orgId/credit/candidates/:ground/dismiss", "credit.manage", async (c) => {
    const { org } = await staffOrganization(c.var.data, actorOf(c.var.user!, c.var.locale), c.req.param("orgId") ?? "");
    if (org.registration_scope !== "own") throw notInJurisdiction(org.registration_scope);
    const ground = c.req.param("ground") ?? "";
    if (!(CANDIDATE_GROUNDS as readonly string[]).includes(ground)) throw notFound();
    const form = await readForm(c, candidateDismissalSchema);
    const candidate = await candidateFor(c.var.data, today(), org.id, ground, form.ok ? form.data.period : form.values.period || undefined, form.ok ? form.data.entry : form.values.entry);
    if (!candidate) throw new AppError({ status: 409, code: "conflict", message: "disclosure.candidate.gone" });
    if (!form.ok && candidate.entryId) return entryPage(c, candidate.entryId, { errors: form.errors, form: "dismiss", values: form.values, status: 422 });
    if (!form.ok) {
      const values = candidateEntryValues(candidate, today(), `${c.var.district.nameZh}民政局`);
      const proposal = { ground, period: candidate.period, reason: form.values.dismissReason, errors: form.errors };
      return c.html(<NewEntryPage {...staffView(c)} org={org} values={values} proposal={proposal} />, 422);
    }
    await dismissCandidate(c.var.data, c.var.user!.id, candidate, form.data.dismissReason, nowIso());
    return c.redirect(`${c.var.base}/manage/organizations/${org.id}?done=disclosure.candidate.dismissed`, 303);
  });

  r.post("/manage/organizations/:orgId/credit", "credit.manage", async (c) => {
    const { org } = await staffOrganization(c.var.data, actorOf(c.var.user!, c.var.locale), c.req.param("orgId") ?? "");
    if (org.registration_scope !== "own") throw notInJurisdiction(org.registration_scope);
    const form = await readForm(c, creditEntrySchema);
    if (!form.ok) return c.html(<NewEntryPage {...staffView(c)} org={org} values={form.values} errors={form.errors} />, 422);
    if (form.data.decidedOn > today()) {
      return c.html(<NewEntryPage {...staffView(c)} org={org} values={form.values} errors={[{ field: "decidedOn", code: "date_future", message: t(c.var.locale, "field.date_future") }]} />, 422);
    }
    const ground = creditGround(form.data.list, form.data.reasonCode)!;
    const entry = { ...form.data, legalBasis: form.data.legalBasis || groundReference(ground), needsRectification: needsRectification(ground, form.data.needsRectification) };
    const id = await enterOnList(c.var.data, org.id, entry, { id: c.var.user!.id, role: "district_admin" }, nowIso());
    return c.redirect(`${c.var.base}/manage/credit/${id}?done=disclosure.credit.entered`, 303);
  });

  // Another area's entry answers 404, as another district's does.
  const entryContext = (c: Context<AppEnv>, entryId: string) => entryWithHistory(c.var.data, entryId, creditAreas(c.var.user!));

  const entryPage = async (c: Context<AppEnv>, entryId: string, extra: { errors?: FieldError[]; message?: string; form?: string; values?: Record<string, string>; status?: number } = {}) => {
    const x = await entryContext(c, entryId);
    return c.html(<EntryPage {...staffView(c)} {...x} {...extra} />, (extra.status ?? 200) as 200);
  };

  const actor = (c: Context<AppEnv>) => ({ id: c.var.user!.id, role: "district_admin" });
  // Each credit action is refused the same way: the entry's page again, with the form as
  // typed. `run` answers the entry to show next (a transfer opens a new one).
  const act = async (c: Context<AppEnv>, entryId: string, form: string, values: Record<string, string>, run: () => Promise<string>, done: string) => {
    const result = await attempt(c.var.locale, form, values, run);
    if (!result.ok) return entryPage(c, entryId, { ...result.state, status: result.status });
    return c.redirect(`${c.var.base}/manage/credit/${result.value}?done=${done}`, 303);
  };

  r.get("/manage/credit/:entryId", "credit.manage", (c) => entryPage(c, c.req.param("entryId") ?? ""));

  // Two years on the abnormal list: the registration authority decides the transfer (credit-transfer.ts).
  r.post("/manage/credit/:entryId/transfer", "credit.manage", async (c) => {
    const { entry } = await entryContext(c, c.req.param("entryId") ?? "");
    const form = await readForm(c, creditNoteSchema);
    if (!form.ok) return entryPage(c, entry.id, { errors: form.errors, form: "transfer", values: form.values, status: 422 });
    return act(c, entry.id, "transfer", form.values, () => confirmTransfer(c.var.data, entry, form.data.note, actor(c), nowIso()), "disclosure.transfer.done");
  });

  r.post("/manage/credit/:entryId/events", "credit.manage", async (c) => {
    const { entry } = await entryContext(c, c.req.param("entryId") ?? "");
    const form = await readForm(c, creditEventSchema);
    if (!form.ok) return entryPage(c, entry.id, { errors: form.errors, form: "event", values: form.values, status: 422 });
    if (entry.exited_on) return entryPage(c, entry.id, { message: t(c.var.locale, "disclosure.credit.notActive"), status: 409 });
    return act(c, entry.id, "event", form.values, () => recordNewEvent(c.var.data, entry, form.data.onDate, form.data.note, actor(c), nowIso()).then(() => entry.id), "disclosure.credit.recorded");
  });

  r.post("/manage/credit/:entryId/correct", "credit.manage", async (c) => {
    const { entry } = await entryContext(c, c.req.param("entryId") ?? "");
    const form = await readForm(c, creditCorrectionSchema);
    if (!form.ok) return entryPage(c, entry.id, { errors: form.errors, form: "correct", values: form.values, status: 422 });
    return act(c, entry.id, "correct", form.values, () => correctEntry(c.var.data, entry, Number(form.data.version), form.data, form.data.note, actor(c), nowIso()).then(() => entry.id), "disclosure.credit.corrected");
  });

  r.post("/manage/credit/:entryId/exit", "credit.manage", async (c) => {
    const { entry } = await entryContext(c, c.req.param("entryId") ?? "");
    const form = await readForm(c, creditNoteSchema);
    if (!form.ok) return entryPage(c, entry.id, { errors: form.errors, form: "exit", values: form.values, status: 422 });
    return act(c, entry.id, "exit", form.values, () => exitAfterRectification(c.var.data, entry, form.data.note, actor(c), nowIso()).then(() => entry.id), "disclosure.credit.exited");
  });

  r.post("/manage/credit/requests/:requestId", "credit.manage", async (c) => {
    const data = c.var.data;
    const request = await loadRequest(data, c.req.param("requestId") ?? "");
    if (!request) throw notFound();
    const { entry } = await entryContext(c, request.entry_id);
    const form = await readForm(c, decisionSchema);
    if (!form.ok || form.data.note.length < 2) {
      const errors = form.ok ? [{ field: "note", code: "required", message: t(c.var.locale, "field.required") }] : form.errors;
      return entryPage(c, entry.id, { errors, form: `request-${request.id}`, status: 422 });
    }
    const accept = form.data.decision === "accept";
    return act(c, entry.id, `request-${request.id}`, form.values, () => answerRequest(data, request, entry, accept, form.data.note, actor(c), nowIso(), c.var.district.settings).then(() => entry.id), "disclosure.credit.answered");
  });
}
