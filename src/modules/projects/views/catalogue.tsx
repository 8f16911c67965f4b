import { t } from "../../../i18n/messages";
import { ErrorSummary, SelectField, TextField } from "../../../ui/form";
import { CsrfField, Layout, type PageInfo } from "../../../ui/layout";
import type { BudgetFigures, Category } from "../domain/catalogue";
import { PURCHASE_METHODS } from "../schemas";
import { areaName, options, Saved, stateFor, yuan, type AreaName, type FormState } from "./parts";

export function CataloguePage(props: { page: PageInfo; categories: Category[]; budgets: BudgetFigures[]; areas: AreaName[]; levels: { value: string; label: string }[]; wide: boolean; year: number; saved?: string; state?: FormState }) {
  const { page } = props;
  const l = page.locale;
  const cat = stateFor(props.state, "category");
  const bud = stateFor(props.state, "budget");
  const categoryName = (id: string) => {
    const c = props.categories.find((x) => x.id === id);
    return c ? (l === "en" ? c.nameEn : c.nameZh) : id;
  };
  return (
    <Layout page={page} title={t(l, "projects.catalogue.title")}>
      <h1>{t(l, "projects.catalogue.title")}</h1>
      <p class="lead">{t(l, "projects.catalogue.intro")}</p>
      <Saved locale={l} saved={props.saved} keys={{ category: "projects.catalogue.saved", budget: "projects.catalogue.saved" }} />
      <h2>{t(l, "projects.catalogue.budgets")}</h2>
      {props.budgets.length === 0 ? <p>{t(l, "projects.catalogue.empty")}</p> : null}
      {props.budgets.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t(l, "projects.catalogue.year")}</th>
                <th scope="col">{t(l, "projects.catalogue.level")}</th>
                <th scope="col">{t(l, "projects.call.categories")}</th>
                <th scope="col">{t(l, "projects.catalogue.amount")}</th>
                <th scope="col">{t(l, "projects.catalogue.committed")}</th>
                <th scope="col">{t(l, "projects.catalogue.paid")}</th>
                <th scope="col">{t(l, "projects.catalogue.remaining")}</th>
              </tr>
            </thead>
            <tbody>
              {props.budgets.map((b) => (
                <tr>
                  <td>{b.year}</td>
                  <td>{areaName(l, props.areas, b.areaCode)}</td>
                  <td>{categoryName(b.categoryId)}</td>
                  <td>{yuan(l, b.amountYuan)}</td>
                  <td>{yuan(l, b.committedYuan)}</td>
                  <td>{yuan(l, b.paidYuan)}</td>
                  <td>{yuan(l, b.remainingYuan)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <h2>{t(l, "projects.catalogue.addBudget")}</h2>
      <ErrorSummary locale={l} errors={bud?.errors ?? []} message={bud?.message} />
      <form class="stack" method="post" action={`${page.base}/projects/catalogue/budgets`} novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField name="year" type="number" label={t(l, "projects.catalogue.year")} value={bud?.values.year ?? String(props.year)} errors={bud?.errors} required inputMode="numeric" />
        <SelectField
          name="categoryId"
          label={t(l, "projects.call.categories")}
          value={bud?.values.categoryId}
          errors={bud?.errors}
          required
          placeholder={t(l, "projects.choose")}
          options={props.categories.map((c) => ({ value: c.id, label: l === "en" ? c.nameEn : c.nameZh }))}
        />
        <SelectField name="areaCode" label={t(l, "projects.catalogue.level")} value={bud?.values.areaCode} errors={bud?.errors} options={props.levels} />
        <TextField name="amountYuan" type="number" label={t(l, "projects.catalogue.amount")} value={bud?.values.amountYuan} errors={bud?.errors} required inputMode="numeric" />
        <button type="submit">{t(l, "projects.catalogue.submitBudget")}</button>
      </form>
      <h2>{t(l, "projects.catalogue.categories")}</h2>
      <ul>
        {props.categories.map((c) => (
          <li>
            {l === "en" ? c.nameEn : c.nameZh} ({t(l, `projects.method.${c.purchaseMethod}`)})
          </li>
        ))}
      </ul>
      <h3>{t(l, "projects.catalogue.addCategory")}</h3>
      {props.wide ? (
        <>
          <ErrorSummary locale={l} errors={cat?.errors ?? []} message={cat?.message} />
          <form class="stack" method="post" action={`${page.base}/projects/catalogue/categories`} novalidate>
            <CsrfField token={page.csrfToken} />
            <TextField name="nameZh" label={t(l, "projects.catalogue.nameZh")} value={cat?.values.nameZh} errors={cat?.errors} required maxLength={30} />
            <TextField name="nameEn" label={t(l, "projects.catalogue.nameEn")} value={cat?.values.nameEn} errors={cat?.errors} required maxLength={60} />
            <SelectField
              name="purchaseMethod"
              label={t(l, "projects.catalogue.method")}
              value={cat?.values.purchaseMethod}
              errors={cat?.errors}
              required
              placeholder={t(l, "projects.choose")}
              options={options(l, PURCHASE_METHODS, (m) => `projects.method.${m}`)}
            />
            <button type="submit">{t(l, "projects.catalogue.submitCategory")}</button>
          </form>
        </>
      ) : (
        <p class="notice">{t(l, "error.districtWide")}</p>
      )}
    </Layout>
  );
}
