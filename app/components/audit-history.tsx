import { Link } from "@remix-run/react";
import { useLang, useT, type MessageKey } from "~/i18n";
import type { AuditRecord } from "~/models/audit.server";
import { formatDateTime } from "~/utils/dates";
import { formatMoney, type Lang } from "~/utils/money";

/** Fields whose value differs between before and after (all of them for a create or delete). */
export function changedFields(record: Pick<AuditRecord, "before" | "after">): { field: string; before: unknown; after: unknown }[] {
  const keys = new Set([...Object.keys(record.before ?? {}), ...Object.keys(record.after ?? {})]);
  return [...keys]
    .map((field) => ({ field, before: record.before?.[field], after: record.after?.[field] }))
    .filter((change) => JSON.stringify(change.before) !== JSON.stringify(change.after));
}

function show(field: string, value: unknown, lang: Lang): string {
  if (value === null || value === undefined || value === "") return "—";
  // Amounts are stored in 分: show them exactly in 元.
  if (field.endsWith("Fen") && (typeof value === "string" || typeof value === "number") && /^-?\d+$/.test(String(value))) return formatMoney(String(value), lang, "yuan");
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function Changes({ record }: { record: Pick<AuditRecord, "before" | "after"> }) {
  const lang = useLang();
  return (
    <ul className="changes">
      {changedFields(record).map((change) => (
        <li key={change.field}>
          <span className="code">{change.field}</span>: {record.before ? <del>{show(change.field, change.before, lang)}</del> : null}
          {record.before && record.after ? " → " : null}
          {record.after ? <ins>{show(change.field, change.after, lang)}</ins> : null}
        </li>
      ))}
    </ul>
  );
}

type AuditRow = AuditRecord & { link?: string | null };

/** Audit records as a table; the full log adds the area and a link to each record. */
export function AuditTable({ records, withRecord = false }: { records: AuditRow[]; withRecord?: boolean }) {
  const t = useT();
  const lang = useLang();
  return (
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
            <td>{record.user ? <Link to={`/audit?user=${record.user.id}`}>{record.user.displayName}</Link> : t("audit.system")}</td>
            {withRecord ? <td>{t(`audit.area.${record.area}` as MessageKey)}</td> : null}
            {withRecord ? <td>{record.link ? <Link to={record.link}>{`${record.entity} #${record.entityId}`}</Link> : `${record.entity} #${record.entityId}`}</td> : null}
            <td>{t(`audit.action.${record.action}` as MessageKey)}</td>
            <td>
              <Changes record={record} />
            </td>
            <td>{record.reason || "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
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
