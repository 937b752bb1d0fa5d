import { Link } from "@remix-run/react";
import { FIELD_LABELS, formatAuditValue, fieldLabel, recordTitle } from "~/domain/audit-format";
import { inLang, useLang, useT, type MessageKey, type Translate } from "~/i18n";
import type { AuditRecord } from "~/models/audit.server";
import { formatDateTime } from "~/utils/dates";
import type { Lang } from "~/utils/money";

/** Fields whose value differs between before and after (all of them for a create or delete). */
export function changedFields(record: Pick<AuditRecord, "before" | "after">): { field: string; before: unknown; after: unknown }[] {
  const keys = new Set([...Object.keys(record.before ?? {}), ...Object.keys(record.after ?? {})]);
  return [...keys]
    .map((field) => ({ field, before: record.before?.[field], after: record.after?.[field] }))
    .filter((change) => JSON.stringify(change.before) !== JSON.stringify(change.after));
}

/** Each changed field by its label, its values with their units and formats (ids shown as the names they point to). */
export function Changes({ record }: { record: Pick<AuditRecord, "before" | "after"> & Partial<Pick<AuditRecord, "entity" | "refs">> }) {
  const lang = useLang();
  const t = useT();
  const ctx = { lang, t, entity: record.entity ?? "", refs: record.refs };
  return (
    <ul className="changes">
      {changedFields(record).map((change) => {
        // The Chinese field of a pair (theme beside themeEn, name beside nameEn) holds Chinese text as
        // entered: marked as such for screen readers, and shown as recorded on an English page.
        const zhText = (FIELD_LABELS as readonly string[]).includes(`${change.field}En`) ? "zh-CN" : undefined;
        return (
          <li key={change.field}>
            <span className="field-label" title={change.field}>
              {fieldLabel(change.field, t)}
            </span>
            : {record.before ? <del lang={zhText}>{formatAuditValue(change.field, change.before, ctx)}</del> : null}
            {record.before && record.after ? " → " : null}
            {record.after ? <ins lang={zhText}>{formatAuditValue(change.field, change.after, ctx)}</ins> : null}
          </li>
        );
      })}
    </ul>
  );
}

type AuditRow = AuditRecord & { link?: string | null };

/** Characters of a record's title shown before "…" (English words are narrower than 汉字). */
const SHORT = { zh: 24, en: 40 } as const;

/** "里程碑 M01 规划方案报…" linked to the record's page when it has one; the full title on hover. */
function recordCell(record: AuditRow, lang: Lang, t: Translate) {
  const title = recordTitle(record.entity, record.entityId, record.subject, lang, t);
  const max = SHORT[lang];
  const short = [...title].length > max ? `${[...title].slice(0, max - 1).join("")}…` : title;
  return record.link ? (
    <Link to={record.link} title={title}>
      {short}
    </Link>
  ) : (
    <span title={title}>{short}</span>
  );
}

/** Audit records as a table; the full log adds the area and a link to each record. */
export function AuditTable({ records, withRecord = false }: { records: AuditRow[]; withRecord?: boolean }) {
  const t = useT();
  const lang = useLang();
  return (
    <div className="table-scroll">
      <table className={withRecord ? "data-table" : "data-table compact"} data-testid={withRecord ? "audit-table" : undefined}>
        <thead>
          <tr>
            <th>{t("audit.when")}</th>
            <th>{t("audit.who")}</th>
            {withRecord ? <th>{t("audit.area")}</th> : null}
            {withRecord ? <th>{t("audit.record")}</th> : null}
            <th>{t("audit.action")}</th>
            <th>{t("audit.changes")}</th>
            <th>{t("audit.reason")}</th>
          </tr>
        </thead>
        <tbody>
          {records.map((record) => (
            <tr key={record.id}>
              <td className="dates">{formatDateTime(record.at, lang)}</td>
              <td>{record.user ? <Link to={`/audit?user=${record.user.id}`}>{inLang(lang, record.user.displayName, record.user.displayNameEn)}</Link> : t("audit.system")}</td>
              {withRecord ? <td>{t(`audit.area.${record.area}` as MessageKey)}</td> : null}
              {withRecord ? <td className="audit-record">{recordCell(record, lang, t)}</td> : null}
              <td>{t(`audit.action.${record.action}` as MessageKey)}</td>
              <td>
                <Changes record={record} />
              </td>
              <td>{record.reason || "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AuditHistory({ records }: { records: AuditRecord[] }) {
  const t = useT();
  if (records.length === 0) return null;
  return (
    <section className="card" data-testid="history">
      <h2>{t("audit.history")}</h2>
      <AuditTable records={records} />
    </section>
  );
}
