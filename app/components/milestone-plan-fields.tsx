// The plan fields of a milestone (code, names, kind, planned dates, department, lead, agency, key flag),
// shared by the create form (/milestones/new) and the plan section of a milestone's page.
import { Field } from "~/components/field";
import { MILESTONE_KINDS } from "~/domain/schedule";
import { localName, useLang, useT } from "~/i18n";
import type { FieldErrors } from "~/utils/forms";

type Named = { id: number; name: string; nameEn: string };
export type PlanChoices = { departments: Named[]; people: (Named & { title: string; titleEn: string })[] };

export function MilestonePlanFields({
  value,
  errors,
  choices,
  formKey,
}: {
  /** The value each field shows: what was typed after a refused save, else the stored one. */
  value: (name: string) => string;
  errors: FieldErrors;
  choices: PlanChoices;
  /** Changes when the values shown should replace the fields' contents (a stale save). */
  formKey: string;
}) {
  const t = useT();
  const lang = useLang();
  const input = (name: string, label: string, extra: Record<string, unknown> = {}) => (
    <Field name={name} label={label} error={errors[name]}>
      {(props) => <input {...props} {...extra} defaultValue={value(name)} key={`${formKey}-${name}-${value(name)}`} />}
    </Field>
  );
  return (
    <>
      {input("code", t("plan.code"), { maxLength: 20, autoCapitalize: "characters", required: true })}
      <Field name="kind" label={t("plan.kind")} error={errors.kind}>
        {(props) => (
          <select {...props} defaultValue={value("kind")} key={`${formKey}-kind-${value("kind")}`}>
            {MILESTONE_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`kind.${kind}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {input("name", t("plan.name"), { maxLength: 200, required: true })}
      {input("nameEn", t("plan.nameEn"), { maxLength: 200, required: true })}
      {input("plannedStart", t("ms.plannedStart"), { type: "date", required: true })}
      {input("plannedEnd", t("ms.plannedEnd"), { type: "date", required: true })}
      <Field name="departmentId" label={t("plan.department")} error={errors.departmentId}>
        {(props) => (
          <select {...props} defaultValue={value("departmentId")} key={`${formKey}-dep-${value("departmentId")}`}>
            <option value="">{t("plan.unassigned")}</option>
            {choices.departments.map((d) => (
              <option key={d.id} value={d.id}>
                {localName(lang, d)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field name="leaderId" label={t("plan.leader")} error={errors.leaderId}>
        {(props) => (
          <select {...props} defaultValue={value("leaderId")} key={`${formKey}-lead-${value("leaderId")}`}>
            <option value="">{t("plan.unassigned")}</option>
            {choices.people.map((p) => (
              <option key={p.id} value={p.id}>
                {localName(lang, p)} · {lang === "en" ? p.titleEn || p.title : p.title}
              </option>
            ))}
          </select>
        )}
      </Field>
      {input("agency", t("plan.agency"), { maxLength: 200 })}
      {input("agencyEn", t("plan.agencyEn"), { maxLength: 200 })}
      <div className="field field-check">
        <label>
          <input type="checkbox" name="isKey" defaultChecked={value("isKey") === "on"} key={`${formKey}-key-${value("isKey")}`} /> {t("plan.isKey")}
        </label>
      </div>
    </>
  );
}

/** FS / SS choices with the lag field, for one predecessor row of a form. */
export function LinkTypeOptions() {
  const t = useT();
  return (
    <>
      <option value="FS">{t("plan.type.FS")}</option>
      <option value="SS">{t("plan.type.SS")}</option>
    </>
  );
}
