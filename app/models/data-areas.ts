// Which area each table belongs to, for the data-version triggers (prisma/migrations/*_data_versions)
// and the read-model cache (read-cache.server.ts). A new table must be listed here, and its migration
// must create its triggers (`npm run db:migration` appends them); tests/integration/read-cache.test.ts
// fails when a table has no triggers or its triggers bump the wrong area.
export const AREAS = ["core", "users", "schedule", "forecast", "capital", "financing", "sales", "meetings"] as const;
export type Area = (typeof AREAS)[number];

export const TABLE_AREAS: Record<string, Area | null> = {
  Project: "core",
  Department: "core",
  Person: "core",
  PersonResponsibility: "core",
  AreaLeader: "core",
  AppSetting: "core",
  User: "users",
  UserRole: "users",
  Milestone: "schedule",
  MilestoneDependency: "schedule",
  MilestoneForecast: "forecast",
  // Follows the forecasts (whose rows bump "forecast") and today's date; see the schema.
  ScheduleState: null,
  Baseline: "schedule",
  BaselineItem: "schedule",
  ProjectDocument: "schedule",
  BudgetLine: "capital",
  BudgetRevision: "capital",
  Contract: "capital",
  Payment: "capital",
  // Kept by Payment's triggers, which bump the capital counter already.
  PaymentMonthTotal: null,
  AccountOutsideTotal: null,
  PaymentRefusal: "capital",
  ContractChange: "capital",
  ProgressClaim: "capital",
  Approval: "capital",
  PaymentRequest: "capital",
  ProjectBudgetRevision: "capital",
  ToComeEstimate: "capital",
  CostAccount: "capital",
  TargetCostVersion: "capital",
  TargetCostItem: "capital",
  FundPlanEntry: "capital",
  FinancingChannel: "financing",
  Facility: "financing",
  Drawdown: "financing",
  Repayment: "financing",
  FacilityCondition: "financing",
  EquityContribution: "financing",
  ScenarioProbability: "financing",
  EscrowSetting: "financing",
  EscrowNode: "financing",
  SalesTarget: "sales",
  AgencyContract: "sales",
  SaleRecord: "sales",
  // Kept by SaleRecord's triggers, which bump the sales counter already.
  SaleDayTotal: null,
  Lease: "sales",
  SaleInstalment: "sales",
  Building: "sales",
  Unit: "sales",
  DiscountAuthority: "sales",
  LeaseIntent: "sales",
  Receipt: "sales",
  ChairRosterEntry: "meetings",
  Meeting: "meetings",
  AgendaItem: "meetings",
  ActionItem: "meetings",
  ActionReport: "meetings",
  MonthlyPack: "meetings",
  PackCommentary: "meetings",
  // The audit log is written alongside every change it records, and no read model is built from it.
  AuditLog: null,
  // Sign-ins: read per request by token, never through a cached read model (a revocation is immediate).
  Session: null,
  // Written alongside the money rows they guard; no read model is built from them.
  IdempotencyKey: null,
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

/**
 * The triggers that keep the totals tables (PaymentMonthTotal, SaleDayTotal) equal to the rows they sum,
 * as created by the migrations `payment_month_totals` and `sale_day_totals`. SQLite drops a table's
 * triggers when Prisma redefines the table, so `npm run db:migration` appends these again for a redefined
 * Payment or SaleRecord; tests/integration/read-cache.test.ts checks the database holds exactly these.
 */
export const TOTALS_TRIGGERS: Record<string, string[]> = {
  Payment: [
  // Charged to a leaf cost account of its line, and on a contract to the contract's account
  // (migration `cost_accounts_target_cost`; docs/decisions/013-cost-accounts-and-target-cost.md).
  `CREATE TRIGGER "Payment_account_check" BEFORE INSERT ON "Payment" BEGIN
    SELECT RAISE(ABORT, 'A payment is charged to a leaf cost account of its line, and on a contract to the contract''s account')
    WHERE NOT EXISTS (SELECT 1 FROM "CostAccount" a WHERE a."id" = NEW."accountId" AND a."lineId" = NEW."lineId" AND a."parentId" IS NOT NULL)
       OR (NEW."contractId" IS NOT NULL AND NEW."accountId" IS NOT (SELECT "accountId" FROM "Contract" WHERE "id" = NEW."contractId"));
END;`,
  // Append-only (migration `payments_append_only`): a correction is a reversing row (红冲), never an
  // UPDATE or DELETE. The totals triggers for update and delete below stay for the rows' history.
  `CREATE TRIGGER "Payment_append_only_update" BEFORE UPDATE ON "Payment" BEGIN
    SELECT RAISE(ABORT, 'Payment rows are append-only: reverse a payment (红冲) instead of changing it');
END;`,
  `CREATE TRIGGER "Payment_append_only_delete" BEFORE DELETE ON "Payment" BEGIN
    SELECT RAISE(ABORT, 'Payment rows are append-only: reverse a payment (红冲) instead of deleting it');
END;`,
  `CREATE TRIGGER "Payment_total_insert" AFTER INSERT ON "Payment" BEGIN
    INSERT INTO "PaymentMonthTotal" ("lineId", "contractKey", "month", "amountFen", "count")
    VALUES (NEW."lineId", COALESCE(NEW."contractId", 0), substr(NEW."paidOn", 1, 7), NEW."amountFen", 1)
    ON CONFLICT ("lineId", "contractKey", "month") DO UPDATE SET "amountFen" = "amountFen" + excluded."amountFen", "count" = "count" + 1;
END;`,
  `CREATE TRIGGER "Payment_total_delete" AFTER DELETE ON "Payment" BEGIN
    UPDATE "PaymentMonthTotal" SET "amountFen" = "amountFen" - OLD."amountFen", "count" = "count" - 1
    WHERE "lineId" = OLD."lineId" AND "contractKey" = COALESCE(OLD."contractId", 0) AND "month" = substr(OLD."paidOn", 1, 7);
    DELETE FROM "PaymentMonthTotal"
    WHERE "lineId" = OLD."lineId" AND "contractKey" = COALESCE(OLD."contractId", 0) AND "month" = substr(OLD."paidOn", 1, 7) AND "count" = 0;
END;`,
  // What was paid on each leaf outside contracts (migration `account_outside_totals`). Payments are
  // append-only (above), so an insert is the only change to follow.
  `CREATE TRIGGER "Payment_outside_total_insert" AFTER INSERT ON "Payment" WHEN NEW."contractId" IS NULL BEGIN
    INSERT INTO "AccountOutsideTotal" ("accountId", "amountFen", "count")
    VALUES (NEW."accountId", NEW."amountFen", 1)
    ON CONFLICT ("accountId") DO UPDATE SET "amountFen" = "amountFen" + excluded."amountFen", "count" = "count" + 1;
END;`,
  `CREATE TRIGGER "Payment_total_update" AFTER UPDATE OF "lineId", "contractId", "paidOn", "amountFen" ON "Payment" BEGIN
    UPDATE "PaymentMonthTotal" SET "amountFen" = "amountFen" - OLD."amountFen", "count" = "count" - 1
    WHERE "lineId" = OLD."lineId" AND "contractKey" = COALESCE(OLD."contractId", 0) AND "month" = substr(OLD."paidOn", 1, 7);
    DELETE FROM "PaymentMonthTotal"
    WHERE "lineId" = OLD."lineId" AND "contractKey" = COALESCE(OLD."contractId", 0) AND "month" = substr(OLD."paidOn", 1, 7) AND "count" = 0;
    INSERT INTO "PaymentMonthTotal" ("lineId", "contractKey", "month", "amountFen", "count")
    VALUES (NEW."lineId", COALESCE(NEW."contractId", 0), substr(NEW."paidOn", 1, 7), NEW."amountFen", 1)
    ON CONFLICT ("lineId", "contractKey", "month") DO UPDATE SET "amountFen" = "amountFen" + excluded."amountFen", "count" = "count" + 1;
END;`,
  ],
  Contract: [
  `CREATE TRIGGER "Contract_account_insert" BEFORE INSERT ON "Contract" BEGIN
    SELECT RAISE(ABORT, 'A contract is charged to a leaf cost account of its line')
    WHERE NOT EXISTS (SELECT 1 FROM "CostAccount" a WHERE a."id" = NEW."accountId" AND a."lineId" = NEW."lineId" AND a."parentId" IS NOT NULL);
END;`,
  `CREATE TRIGGER "Contract_account_update" BEFORE UPDATE OF "accountId", "lineId" ON "Contract" BEGIN
    SELECT RAISE(ABORT, 'A contract is charged to a leaf cost account of its line')
    WHERE NOT EXISTS (SELECT 1 FROM "CostAccount" a WHERE a."id" = NEW."accountId" AND a."lineId" = NEW."lineId" AND a."parentId" IS NOT NULL);
END;`,
  ],
  ToComeEstimate: [
  `CREATE TRIGGER "ToComeEstimate_account_check" BEFORE INSERT ON "ToComeEstimate" BEGIN
    SELECT RAISE(ABORT, 'An estimate of cost to come is for a leaf cost account of its line')
    WHERE NOT EXISTS (SELECT 1 FROM "CostAccount" a WHERE a."id" = NEW."accountId" AND a."lineId" = NEW."lineId" AND a."parentId" IS NOT NULL);
END;`,
  ],
  SaleRecord: [
  `CREATE TRIGGER "SaleRecord_total_insert" AFTER INSERT ON "SaleRecord" WHEN NEW."status" = 'signed' BEGIN
    INSERT INTO "SaleDayTotal" ("projectId", "product", "day", "amountFen", "areaCsqm", "count")
    VALUES (NEW."projectId", NEW."product", substr(NEW."signedOn", 1, 10), NEW."amountFen", NEW."areaCsqm", 1)
    ON CONFLICT ("projectId", "product", "day") DO UPDATE SET "amountFen" = "amountFen" + excluded."amountFen", "areaCsqm" = "areaCsqm" + excluded."areaCsqm", "count" = "count" + 1;
END;`,
  `CREATE TRIGGER "SaleRecord_total_delete" AFTER DELETE ON "SaleRecord" WHEN OLD."status" = 'signed' BEGIN
    UPDATE "SaleDayTotal" SET "amountFen" = "amountFen" - OLD."amountFen", "areaCsqm" = "areaCsqm" - OLD."areaCsqm", "count" = "count" - 1
    WHERE "projectId" = OLD."projectId" AND "product" = OLD."product" AND "day" = substr(OLD."signedOn", 1, 10);
    DELETE FROM "SaleDayTotal"
    WHERE "projectId" = OLD."projectId" AND "product" = OLD."product" AND "day" = substr(OLD."signedOn", 1, 10) AND "count" = 0;
END;`,
  `CREATE TRIGGER "SaleRecord_total_update" AFTER UPDATE OF "projectId", "product", "signedOn", "amountFen", "areaCsqm", "status" ON "SaleRecord" BEGIN
    UPDATE "SaleDayTotal" SET "amountFen" = "amountFen" - OLD."amountFen", "areaCsqm" = "areaCsqm" - OLD."areaCsqm", "count" = "count" - 1
    WHERE OLD."status" = 'signed' AND "projectId" = OLD."projectId" AND "product" = OLD."product" AND "day" = substr(OLD."signedOn", 1, 10);
    DELETE FROM "SaleDayTotal"
    WHERE OLD."status" = 'signed' AND "projectId" = OLD."projectId" AND "product" = OLD."product" AND "day" = substr(OLD."signedOn", 1, 10) AND "count" = 0;
    INSERT INTO "SaleDayTotal" ("projectId", "product", "day", "amountFen", "areaCsqm", "count")
    SELECT NEW."projectId", NEW."product", substr(NEW."signedOn", 1, 10), NEW."amountFen", NEW."areaCsqm", 1
    WHERE NEW."status" = 'signed'
    ON CONFLICT ("projectId", "product", "day") DO UPDATE SET "amountFen" = "amountFen" + excluded."amountFen", "areaCsqm" = "areaCsqm" + excluded."areaCsqm", "count" = "count" + 1;
END;`,
  ],
};

/** Tables that triggers write to: Prisma cannot redefine them while those triggers exist. */
/** Indexes Prisma's schema cannot express (partial), created again when SQLite redefines their table. */
export const REDEFINE_EXTRAS: Record<string, string[]> = {
  SaleRecord: [`CREATE UNIQUE INDEX "SaleRecord_active_unit" ON "SaleRecord"("unitId") WHERE "status" IN ('reserved', 'signed');`],
};

export const TRIGGER_TARGETS = ["DataVersion", "PaymentMonthTotal", "AccountOutsideTotal", "SaleDayTotal"];
