import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AuditTable } from "~/components/audit-history";
import { Field } from "~/components/field";
import { inLang, useLang, useT } from "~/i18n";
import { auditActors, listAudit } from "~/models/audit.server";
import { forbidden, requireUser } from "~/session.server";
import { AUDIT_AREAS } from "~/domain/audit";
import { auditFilterSchema as filterSchema } from "~/domain/audit-forms.server";
import { can } from "~/domain/permissions";
import { addDays, civilToDate } from "~/utils/dates";
import { filterValues, parseForm } from "~/utils/forms";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "audit.title");

/** Where a record lives in the app, so each audit row links to the record's page and history. */
function recordLink(entity: string, id: number, subject: { code: string } | null): string | null {
  switch (entity) {
    case "BudgetLine":
    case "FundPlan":
      return `/budget/lines/${id}`;
    case "Contract":
      return `/budget/contracts/${id}`;
    case "Facility":
      return `/financing/facilities/${id}`;
    case "User":
      return `/admin/users/${id}`;
    case "Department":
      return `/admin/org?department=${id}#department-form`;
    case "Person":
      return `/admin/org?person=${id}#person-form`;
    case "Project":
      return "/admin/settings";
    case "Approval":
      return "/approvals";
    case "SalesTarget":
    case "AgencyContract":
      return "/sales";
    case "Meeting":
      return subject ? `/meetings/${subject.code}` : null;
    case "Milestone":
      return `/milestones/${id}`;
    case "Baseline":
      return `/milestones/baselines?id=${id}`;
    case "ProjectDocument":
      return "/milestones/archive";
    case "TargetCostVersion":
      return "/budget/targets";
    default:
      return null;
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!can(user.roles, "audit.read")) throw await forbidden(request, "audit.read");
  const params = new URL(request.url).searchParams;
  const form = new FormData();
  for (const [key, value] of params) form.append(key, value);
  const parsed = parseForm(filterSchema, form);
  const filter = parsed.ok ? parsed.data : { user: "", area: "", from: "", to: "", before: "" };
  const [{ records, hasMore }, actors] = await Promise.all([
    listAudit({
      userId: filter.user ? Number(filter.user) : undefined,
      area: filter.area || undefined,
      // Dates are Shanghai civil days: from 00:00 on `from` to 24:00 on `to` (UTC+8).
      from: filter.from ? new Date(civilToDate(filter.from).getTime() - 8 * 3600_000) : undefined,
      until: filter.to ? new Date(civilToDate(addDays(filter.to, 1)).getTime() - 8 * 3600_000) : undefined,
      beforeId: filter.before ? Number(filter.before) : undefined,
    }),
    auditActors(),
  ]);
  return {
    records: records.map((record) => ({ ...record, link: record.subject ? recordLink(record.entity, record.entityId, record.subject) : null })),
    hasMore,
    actors,
    values: filterValues(parsed, ["user", "area", "from", "to"]),
    errors: parsed.ok ? {} : parsed.errors,
  };
}

export default function AuditPage() {
  const { records, hasMore, actors, values, errors } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  const older = new URLSearchParams({ ...values, before: String(records[records.length - 1]?.id ?? "") });
  return (
    <>
      <div className="page-head">
        <h1>{t("audit.title")}</h1>
        <p className="muted">{t("audit.intro")}</p>
      </div>
      <Form method="get" className="card audit-filters">
        <Field name="user" label={t("audit.who")} error={errors.user}>
          {(props) => (
            <select {...props} defaultValue={values.user ?? ""}>
              <option value="">{t("audit.anyone")}</option>
              {actors.map((actor) => (
                <option key={actor.id} value={actor.id}>
                  {inLang(lang, actor.displayName, actor.displayNameEn)} ({actor.username})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="area" label={t("audit.area")} error={errors.area}>
          {(props) => (
            <select {...props} defaultValue={values.area ?? ""}>
              <option value="">{t("audit.anyArea")}</option>
              {AUDIT_AREAS.map((area) => (
                <option key={area} value={area}>
                  {t(`audit.area.${area}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="from" label={t("audit.from")} error={errors.from}>
          {(props) => <input {...props} type="date" defaultValue={values.from ?? ""} />}
        </Field>
        <Field name="to" label={t("audit.to")} error={errors.to}>
          {(props) => <input {...props} type="date" defaultValue={values.to ?? ""} />}
        </Field>
        <button type="submit" className="button primary">
          {t("audit.filter")}
        </button>
      </Form>
      <section className="card">
        {records.length === 0 ? (
          <p className="muted">{t("audit.empty")}</p>
        ) : (
          <AuditTable records={records} withRecord />
        )}
        {hasMore ? (
          <p>
            <Link to={`/audit?${older}`}>{t("audit.more")} →</Link>
          </p>
        ) : null}
      </section>
    </>
  );
}
