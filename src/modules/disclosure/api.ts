import type { Hono } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../../env";
import { notFound } from "../../http/errors";
import { apiRoute } from "../../http/routes";
import { PAGE_SIZE, searchDirectory } from "./directory";
import { CREDIT_LIST_PAGE_SIZE, creditList, disclosurePage, organizationPage } from "./queries";
import { filingStatus, type ReportDues } from "./rules";
import { directoryQuerySchema, listPageQuerySchema } from "./schemas";
import { today } from "./public";
import { addDays } from "../../lib/beijing-time";

// The public JSON API of the portal (the same reads as the pages; no personal data).

const filingSchema = z.object({ status: z.string(), year: z.nullable(z.number()), days: z.number(), severity: z.string() });
const summarySchema = z.object({
  id: z.string(),
  name: z.string(),
  uscc: z.nullable(z.string()),
  kind: z.string(),
  orgType: z.string(),
  areaCode: z.nullable(z.string()),
  grade: z.nullable(z.string()),
  gradeStatus: z.string(),
  gradeValidUntil: z.nullable(z.string()),
  listStatus: z.string(),
  filing: filingSchema,
});
const directorySchema = z.object({
  /** Matches counted up to 200; `more` is true when there are more than that. */
  total: z.number(),
  more: z.boolean(),
  page: z.number(),
  pageSize: z.number(),
  organizations: z.array(summarySchema),
});
const organizationSchema = z.object({
  ...summarySchema.shape,
  registrationAuthority: z.string(),
  /** own: registered by this district's bureau; other: by another authority; filed: 备案 with a 街道 or 乡镇. */
  registrationScope: z.enum(["own", "other", "filed"]),
  /** 存续 active / 注销 deregistered / 撤销 revoked / 吊销 license_revoked, and since when. */
  registrationStatus: z.enum(["active", "deregistered", "revoked", "license_revoked"]),
  registrationStatusOn: z.nullable(z.string()),
  registeredOn: z.nullable(z.string()),
  domicile: z.string(),
  businessScope: z.string(),
  legalRepName: z.string(),
  serviceFields: z.array(z.string()),
  grades: z.array(z.object({ grade: z.string(), total: z.nullable(z.number()), scale: z.number(), awardedOn: z.string(), validFrom: z.string(), validUntil: z.string(), status: z.string() })),
  creditListEntries: z.array(
    z.object({ list: z.string(), reasonCode: z.string(), reason: z.string(), legalBasis: z.string(), decidingBody: z.string(), decidedOn: z.string(), exitedOn: z.nullable(z.string()), exitReason: z.nullable(z.string()) }),
  ),
  disclosures: z.array(z.object({ id: z.string(), kind: z.string(), reportYear: z.nullable(z.number()), title: z.string(), version: z.number(), firstPublishedAt: z.string() })),
});
const disclosureSchema = z.object({
  id: z.string(),
  organizationId: z.string(),
  /** annual_report / project / major_change */
  kind: z.string(),
  reportYear: z.nullable(z.number()),
  title: z.string(),
  version: z.number(),
  firstPublishedAt: z.string(),
  /** Every published version, newest first: a correction adds one and never changes an earlier one. */
  versions: z.array(z.object({ version: z.number(), title: z.string(), content: z.record(z.string(), z.unknown()), correctionNote: z.nullable(z.string()), publishedAt: z.string() })),
  attachments: z.array(z.object({ id: z.string(), version: z.number(), filename: z.string(), contentType: z.string(), size: z.number(), uploadedAt: z.string(), url: z.string() })),
});
const listSchema = z.object({
  list: z.string(),
  /** Active entries in all; `active` holds one page of 50, newest decisions first. */
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  active: z.array(z.object({ organizationId: z.string(), name: z.string(), uscc: z.nullable(z.string()), reasonCode: z.string(), reason: z.string(), legalBasis: z.string(), decidingBody: z.string(), decidedOn: z.string() })),
});

type Row = Parameters<typeof filingStatus>[0] & {
  id: string;
  name: string;
  uscc: string | null;
  org_type: string;
  area_code: string | null;
  grade: string | null;
  grade_status: string;
  grade_valid_until: string | null;
  list_status: string;
};

function summary(o: Row, day: string, due: ReportDues): z.output<typeof summarySchema> {
  return {
    id: o.id,
    name: o.name,
    uscc: o.uscc,
    kind: o.kind,
    orgType: o.org_type,
    areaCode: o.area_code,
    grade: o.grade,
    gradeStatus: o.grade_status,
    gradeValidUntil: o.grade_valid_until,
    listStatus: o.list_status,
    filing: filingStatus(o, day, due),
  };
}

export function registerDisclosureApi(app: Hono<AppEnv>): void {
  apiRoute(
    app,
    { method: "GET", path: "/organizations", access: "public", tag: "disclosure", summary: "The organization directory: search by name or credit-code prefix, filter, 20 a page", query: directoryQuerySchema, response: directorySchema },
    async (c, { query }) => {
      const found = await searchDirectory(c.var.data, query);
      const due = c.var.district.settings;
      const day = today();
      return c.json({ total: found.total, more: found.more, page: query.page, pageSize: PAGE_SIZE, organizations: found.rows.map((o) => summary(o, day, due)) });
    },
  );

  apiRoute(
    app,
    { method: "GET", path: "/organizations/:orgId", access: "public", tag: "disclosure", summary: "One organization's public record: basic information, grades, credit-list history, disclosures", response: organizationSchema },
    async (c) => {
      const d = await organizationPage(c.var.data, c.req.param("orgId") ?? "");
      const o = d.org;
      return c.json({
        ...summary(o, today(), c.var.district.settings),
        registrationAuthority: o.registration_authority,
        registrationScope: o.registration_scope,
        registrationStatus: d.registration.registration_status,
        registrationStatusOn: d.registration.registration_status_on,
        registeredOn: o.registered_on,
        domicile: o.domicile,
        businessScope: o.business_scope,
        legalRepName: o.legal_rep_name,
        serviceFields: d.fields,
        grades: d.grades.map((g) => ({ grade: g.grade, total: g.total, scale: g.scale, awardedOn: g.awarded_on, validFrom: g.valid_from ?? g.awarded_on, validUntil: g.valid_until, status: g.status })),
        creditListEntries: d.entries.map((e) => ({
          list: e.list,
          reasonCode: e.reason_code,
          reason: e.reason,
          legalBasis: e.legal_basis,
          decidingBody: e.deciding_body,
          decidedOn: e.decided_on,
          exitedOn: e.exited_on,
          exitReason: e.exit_reason,
        })),
        disclosures: d.disclosures.map((x) => ({ id: x.id, kind: x.kind, reportYear: x.report_year, title: x.title, version: x.current_version, firstPublishedAt: x.first_published_at })),
      });
    },
  );

  apiRoute(
    app,
    {
      method: "GET",
      path: "/organizations/:orgId/disclosures/:disclosureId",
      access: "public",
      tag: "disclosure",
      summary: "One disclosure of an organization (annual report, project or major change) with every version's structured content and its attachments",
      response: disclosureSchema,
    },
    async (c) => {
      const d = await disclosurePage(c.var.data, c.req.param("disclosureId") ?? "");
      const x = d.disclosure;
      if (x.organization_id !== c.req.param("orgId") || x.verification !== "verified") throw notFound();
      return c.json({
        id: x.id,
        organizationId: x.organization_id,
        kind: x.kind,
        reportYear: x.report_year,
        title: x.title,
        version: x.current_version,
        firstPublishedAt: x.first_published_at,
        versions: d.versions.map((v) => ({ version: v.version, title: v.title, content: JSON.parse(v.content_json) as Record<string, unknown>, correctionNote: v.correction_note, publishedAt: v.published_at })),
        attachments: d.attachments.map((a) => ({ id: a.id, version: a.version, filename: a.filename, contentType: a.content_type, size: a.size, uploadedAt: a.uploaded_at, url: `${c.var.base}/disclosures/${x.id}/attachments/${a.id}` })),
      });
    },
  );

  apiRoute(
    app,
    {
      method: "GET",
      path: "/credit-lists/:list",
      access: "public",
      tag: "disclosure",
      summary: "Organizations on the abnormal or the serious list now, 50 a page; q: words anywhere in the name",
      query: listPageQuerySchema,
      response: listSchema,
    },
    async (c, { query }) => {
      const list = c.req.param("list");
      if (list !== "abnormal" && list !== "serious") throw notFound();
      const d = await creditList(c.var.data, list, addDays(today(), -1), query.page, query.q);
      return c.json({
        list,
        total: d.activeTotal,
        page: d.page,
        pageSize: CREDIT_LIST_PAGE_SIZE,
        active: d.active.map((e) => ({ organizationId: e.organization_id, name: e.name, uscc: e.uscc, reasonCode: e.reason_code, reason: e.reason, legalBasis: e.legal_basis, decidingBody: e.deciding_body, decidedOn: e.decided_on })),
      });
    },
  );
}
