import { Link } from "@remix-run/react";
import { Field } from "~/components/field";
import { FACILITY_STATUSES } from "~/domain/financing";
import { localName, useLang, useT } from "~/i18n";
import type { FieldErrors, FormValues } from "~/utils/forms";
import { formatDate } from "~/utils/dates";

type Drawdown = {
  plannedOn: string;
  milestone: { id: number; code: string; forecastEnd: string } | null;
  forecast: { flag: "milestone_slip" | "before_milestone" | "overdue" | null; delayDays: number };
};

/** Why a drawdown's expected date moved: the milestone it waits for slipped, or its date passed. */
export function DrawdownFlag({ drawdown }: { drawdown: Drawdown }) {
  const t = useT();
  const lang = useLang();
  if (!drawdown.forecast.flag) {
    return drawdown.milestone ? <span className="muted"> · {t("fin.waitsFor", { code: drawdown.milestone.code })}</span> : null;
  }
  return (
    <span className="slip" data-testid="drawdown-flag">
      {" "}
      · {drawdown.forecast.flag !== "overdue" && drawdown.milestone ? (
        <>
          {t(drawdown.forecast.flag === "milestone_slip" ? "fin.movedByMilestone" : "fin.plannedBeforeMilestone", { days: drawdown.forecast.delayDays, planned: formatDate(drawdown.plannedOn, lang) })}{" "}
          <Link to={`/milestones/${drawdown.milestone.id}`}>{drawdown.milestone.code}</Link>
        </>
      ) : (
        t("fin.overdueDrawdown", { planned: formatDate(drawdown.plannedOn, lang) })
      )}
    </span>
  );
}

export function FacilityFields({ channels, errors, values }: { channels?: { id: number; name: string; nameEn: string }[]; errors: FieldErrors; values: FormValues }) {
  const t = useT();
  const lang = useLang();
  return (
    <>
      {channels ? (
        <Field name="channelId" label={t("fin.channel")} error={errors.channelId}>
          {(p) => (
            <select {...p} defaultValue={values.channelId ?? ""}>
              {channels.map((c) => <option key={c.id} value={c.id}>{localName(lang, c)}</option>)}
            </select>
          )}
        </Field>
      ) : null}
      <Field name="counterparty" label={t("fin.counterparty")} error={errors.counterparty}>{(p) => <input {...p} defaultValue={values.counterparty ?? ""} maxLength={200} />}</Field>
      <Field name="committed" label={t("fin.committedYuan")} error={errors.committed}>{(p) => <input {...p} inputMode="decimal" defaultValue={values.committed ?? ""} />}</Field>
      <Field name="rate" label={t("fin.ratePercent")} error={errors.rate}>{(p) => <input {...p} inputMode="decimal" defaultValue={values.rate ?? ""} placeholder="7.8" />}</Field>
      <Field name="fees" label={t("fin.feesYuan")} error={errors.fees}>{(p) => <input {...p} inputMode="decimal" defaultValue={values.fees ?? ""} />}</Field>
      <Field name="termMonths" label={t("fin.termMonths")} error={errors.termMonths}>{(p) => <input {...p} inputMode="numeric" defaultValue={values.termMonths ?? ""} />}</Field>
      <Field name="status" label={t("fin.status")} error={errors.status}>
        {(p) => (
          <select {...p} defaultValue={values.status ?? "negotiating"}>
            {FACILITY_STATUSES.map((s) => <option key={s} value={s}>{t(`fin.status.${s}`)}</option>)}
          </select>
        )}
      </Field>
      <Field name="conditions" label={t("fin.conditions")} error={errors.conditions}>{(p) => <textarea {...p} rows={2} defaultValue={values.conditions ?? ""} maxLength={1000} />}</Field>
    </>
  );
}
