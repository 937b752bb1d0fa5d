// Which area each table belongs to, for the data-version triggers (prisma/migrations/*_data_versions)
// and the read-model cache (read-cache.server.ts). A new table must be listed here, and its migration
// must create its triggers (`npm run db:migration` appends them); tests/integration/read-cache.test.ts
// fails when a table has no triggers or its triggers bump the wrong area.
export const AREAS = ["core", "users", "schedule", "capital", "financing", "sales", "meetings"] as const;
export type Area = (typeof AREAS)[number];

export const TABLE_AREAS: Record<string, Area | null> = {
  Project: "core",
  Department: "core",
  Person: "core",
  PersonResponsibility: "core",
  AppSetting: "core",
  User: "users",
  UserRole: "users",
  Milestone: "schedule",
  MilestoneDependency: "schedule",
  BudgetLine: "capital",
  BudgetRevision: "capital",
  Contract: "capital",
  Payment: "capital",
  // Kept by Payment's triggers, which bump the capital counter already.
  PaymentMonthTotal: null,
  PaymentRefusal: "capital",
  FundPlanEntry: "capital",
  FinancingChannel: "financing",
  Facility: "financing",
  Drawdown: "financing",
  Repayment: "financing",
  SalesTarget: "sales",
  AgencyContract: "sales",
  SaleRecord: "sales",
  // Kept by SaleRecord's triggers, which bump the sales counter already.
  SaleDayTotal: null,
  Lease: "sales",
  Receipt: "sales",
  ChairRosterEntry: "meetings",
  Meeting: "meetings",
  AgendaItem: "meetings",
  ActionItem: "meetings",
  ActionReport: "meetings",
  // The audit log is written alongside every change it records, and no read model is built from it.
  AuditLog: null,
  DataVersion: null,
};

/** The SQL that makes every committed insert, update or delete of `table` bump its area's counter. */
export function versionTriggersSql(table: string): string {
  const area = TABLE_AREAS[table];
  if (!area) return "";
  return (["INSERT", "UPDATE", "DELETE"] as const)
    .map(
      (event) =>
        `CREATE TRIGGER "${table}_version_${event.toLowerCase()}" AFTER ${event} ON "${table}" BEGIN\n    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = '${area}';\nEND;\n`,
    )
    .join("\n");
}
