import { t } from "../../i18n/messages";
import { CsrfField, type PageInfo } from "../../ui/layout";
import { Table } from "../../ui/table";
import type { Change, PlannedChange } from "./areas-plan";

// What a re-imported code list would change, shown before anything is written, with the
// one button that writes it. The file waits in storage under `upload`; `digest` ties the
// confirmation to exactly this list of changes.

export interface ImportPreview {
  upload: string;
  digest: string;
  plan: PlannedChange[];
  counts: Record<Change, number>;
  stale?: boolean;
}

const SHOWN = 200;

export function ImportPreviewSection(props: { page: PageInfo; preview: ImportPreview }) {
  const { page, preview } = props;
  const l = page.locale;
  const shown = preview.plan.slice(0, SHOWN);
  return (
    <section aria-labelledby="preview-title" id="import-preview" class="notice">
      <h2 id="preview-title">{t(l, "onboarding.areas.previewTitle")}</h2>
      {preview.stale ? <p role="alert">{t(l, "onboarding.areas.previewStale")}</p> : null}
      <p>
        <strong>{t(l, "onboarding.areas.previewSummary", preview.counts)}</strong>
      </p>
      <Table head={[t(l, "onboarding.areas.change"), t(l, "onboarding.areas.code"), t(l, "onboarding.areas.before"), t(l, "onboarding.areas.after")]}>
        {shown.map((p) => (
          <tr>
            <td>{t(l, `onboarding.areas.change.${p.change}`)}</td>
            <td>{p.row.code}</td>
            <td>{p.before?.name ?? "—"}</td>
            <td>{p.row.name}</td>
          </tr>
        ))}
      </Table>
      {preview.plan.length > SHOWN ? <p>{t(l, "onboarding.areas.moreChanges", { count: preview.plan.length - SHOWN })}</p> : null}
      <form method="post" action={`${page.base}/admin/areas/import/confirm`} class="actions">
        <CsrfField token={page.csrfToken} />
        <input type="hidden" name="upload" value={preview.upload} />
        <input type="hidden" name="digest" value={preview.digest} />
        <button type="submit">{t(l, "onboarding.areas.confirm")}</button>
        <a href={`${page.base}/admin/areas`}>{t(l, "onboarding.areas.cancel")}</a>
      </form>
    </section>
  );
}
