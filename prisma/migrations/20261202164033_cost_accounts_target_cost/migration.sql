-- CreateTable
CREATE TABLE "CostAccount" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "lineId" INTEGER NOT NULL,
    "parentId" INTEGER,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CostAccount_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CostAccount_lineId_fkey" FOREIGN KEY ("lineId") REFERENCES "BudgetLine" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CostAccount_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "CostAccount" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TargetCostVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "no" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "reason" TEXT NOT NULL,
    "totalFen" BIGINT NOT NULL,
    "submittedById" INTEGER,
    "decidedById" INTEGER,
    "decidedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TargetCostVersion_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TargetCostItem" (
    "versionId" INTEGER NOT NULL,
    "accountId" INTEGER NOT NULL,
    "amountFen" BIGINT NOT NULL,

    PRIMARY KEY ("versionId", "accountId"),
    CONSTRAINT "TargetCostItem_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "TargetCostVersion" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TargetCostItem_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "CostAccount" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);


-- Records kept before the account tree existed: each line gets one first-level account and one leaf
-- ("启用成本科目前的记录 / 未分科目") that holds them, so every contract, payment and estimate has a leaf.
-- The cost team re-files contracts without payments from the contract page; a fresh database has no
-- lines yet, and the seed builds the real tree.
INSERT INTO "CostAccount" ("projectId", "lineId", "parentId", "code", "name", "nameEn", "sortOrder")
SELECT "projectId", "id", NULL, "code" || '.99', '启用成本科目前的记录', 'Recorded before cost accounts', 99 FROM "BudgetLine";
INSERT INTO "CostAccount" ("projectId", "lineId", "parentId", "code", "name", "nameEn", "sortOrder")
SELECT "projectId", "lineId", "id", "code" || '.01', '未分科目', 'Not yet filed', 1 FROM "CostAccount" WHERE "parentId" IS NULL;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Contract" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "lineId" INTEGER NOT NULL,
    "accountId" INTEGER,
    "code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "titleEn" TEXT NOT NULL DEFAULT '',
    "contractor" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "signedOn" DATETIME,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "paymentRatioBps" INTEGER NOT NULL DEFAULT 8000,
    "advanceFen" BIGINT NOT NULL DEFAULT 0,
    "retentionBps" INTEGER NOT NULL DEFAULT 300,
    "defectPeriodMonths" INTEGER NOT NULL DEFAULT 12,
    "completedOn" DATETIME,
    "settledFen" BIGINT,
    "settledOn" DATETIME,
    "voidReason" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Contract_lineId_fkey" FOREIGN KEY ("lineId") REFERENCES "BudgetLine" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Contract_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "CostAccount" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Contract" ("accountId", "advanceFen", "amountFen", "code", "completedOn", "contractor", "createdAt", "defectPeriodMonths", "id", "lineId", "paymentRatioBps", "retentionBps", "settledFen", "settledOn", "signedOn", "status", "title", "titleEn", "version", "voidReason") SELECT (SELECT a."id" FROM "CostAccount" a JOIN "BudgetLine" b ON b."id" = a."lineId" WHERE a."lineId" = "Contract"."lineId" AND a."code" = b."code" || '.99.01'), "advanceFen", "amountFen", "code", "completedOn", "contractor", "createdAt", "defectPeriodMonths", "id", "lineId", "paymentRatioBps", "retentionBps", "settledFen", "settledOn", "signedOn", "status", "title", "titleEn", "version", "voidReason" FROM "Contract";
DROP TABLE "Contract";
ALTER TABLE "new_Contract" RENAME TO "Contract";
CREATE UNIQUE INDEX "Contract_lineId_code_key" ON "Contract"("lineId", "code");
CREATE TABLE "new_Payment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "lineId" INTEGER NOT NULL,
    "accountId" INTEGER,
    "contractId" INTEGER,
    "paidOn" DATETIME NOT NULL,
    "payee" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "voucherNo" TEXT NOT NULL DEFAULT '',
    "note" TEXT NOT NULL DEFAULT '',
    "kind" TEXT NOT NULL DEFAULT 'payment',
    "reversalOfId" INTEGER,
    "reason" TEXT NOT NULL DEFAULT '',
    "progressClaimId" INTEGER,
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Payment_lineId_fkey" FOREIGN KEY ("lineId") REFERENCES "BudgetLine" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Payment_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "CostAccount" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Payment_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Payment_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Payment_reversalOfId_fkey" FOREIGN KEY ("reversalOfId") REFERENCES "Payment" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Payment_progressClaimId_fkey" FOREIGN KEY ("progressClaimId") REFERENCES "ProgressClaim" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Payment" ("accountId", "amountFen", "contractId", "createdAt", "createdById", "id", "kind", "lineId", "note", "paidOn", "payee", "progressClaimId", "reason", "reversalOfId", "voucherNo") SELECT (SELECT a."id" FROM "CostAccount" a JOIN "BudgetLine" b ON b."id" = a."lineId" WHERE a."lineId" = "Payment"."lineId" AND a."code" = b."code" || '.99.01'), "amountFen", "contractId", "createdAt", "createdById", "id", "kind", "lineId", "note", "paidOn", "payee", "progressClaimId", "reason", "reversalOfId", "voucherNo" FROM "Payment";
DROP TABLE "Payment";
ALTER TABLE "new_Payment" RENAME TO "Payment";
CREATE UNIQUE INDEX "Payment_reversalOfId_key" ON "Payment"("reversalOfId");
CREATE INDEX "Payment_lineId_contractId_amountFen_idx" ON "Payment"("lineId", "contractId", "amountFen");
CREATE INDEX "Payment_lineId_paidOn_amountFen_idx" ON "Payment"("lineId", "paidOn", "amountFen");
CREATE INDEX "Payment_contractId_amountFen_idx" ON "Payment"("contractId", "amountFen");
CREATE INDEX "Payment_paidOn_amountFen_idx" ON "Payment"("paidOn", "amountFen");
CREATE INDEX "Payment_accountId_contractId_amountFen_idx" ON "Payment"("accountId", "contractId", "amountFen");
CREATE TABLE "new_ToComeEstimate" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "lineId" INTEGER NOT NULL,
    "accountId" INTEGER,
    "amountFen" BIGINT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ToComeEstimate_lineId_fkey" FOREIGN KEY ("lineId") REFERENCES "BudgetLine" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ToComeEstimate_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "CostAccount" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_ToComeEstimate" ("accountId", "amountFen", "createdAt", "createdById", "id", "lineId", "reason") SELECT (SELECT a."id" FROM "CostAccount" a JOIN "BudgetLine" b ON b."id" = a."lineId" WHERE a."lineId" = "ToComeEstimate"."lineId" AND a."code" = b."code" || '.99.01'), "amountFen", "createdAt", "createdById", "id", "lineId", "reason" FROM "ToComeEstimate";
DROP TABLE "ToComeEstimate";
ALTER TABLE "new_ToComeEstimate" RENAME TO "ToComeEstimate";
CREATE INDEX "ToComeEstimate_lineId_id_idx" ON "ToComeEstimate"("lineId", "id");
CREATE INDEX "ToComeEstimate_accountId_id_idx" ON "ToComeEstimate"("accountId", "id");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "CostAccount_lineId_parentId_idx" ON "CostAccount"("lineId", "parentId");

-- CreateIndex
CREATE UNIQUE INDEX "CostAccount_projectId_code_key" ON "CostAccount"("projectId", "code");

-- CreateIndex
CREATE INDEX "TargetCostVersion_projectId_status_idx" ON "TargetCostVersion"("projectId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "TargetCostVersion_projectId_no_key" ON "TargetCostVersion"("projectId", "no");


-- Data-version triggers for the new tables
CREATE TRIGGER "CostAccount_version_insert" AFTER INSERT ON "CostAccount" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "CostAccount_version_update" AFTER UPDATE ON "CostAccount" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "CostAccount_version_delete" AFTER DELETE ON "CostAccount" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;
CREATE TRIGGER "TargetCostVersion_version_insert" AFTER INSERT ON "TargetCostVersion" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "TargetCostVersion_version_update" AFTER UPDATE ON "TargetCostVersion" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "TargetCostVersion_version_delete" AFTER DELETE ON "TargetCostVersion" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;
CREATE TRIGGER "TargetCostItem_version_insert" AFTER INSERT ON "TargetCostItem" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "TargetCostItem_version_update" AFTER UPDATE ON "TargetCostItem" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "TargetCostItem_version_delete" AFTER DELETE ON "TargetCostItem" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;
CREATE TRIGGER "Contract_version_insert" AFTER INSERT ON "Contract" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "Contract_version_update" AFTER UPDATE ON "Contract" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "Contract_version_delete" AFTER DELETE ON "Contract" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;
CREATE TRIGGER "Payment_version_insert" AFTER INSERT ON "Payment" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "Payment_version_update" AFTER UPDATE ON "Payment" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "Payment_version_delete" AFTER DELETE ON "Payment" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "Payment_append_only_update" BEFORE UPDATE ON "Payment" BEGIN
    SELECT RAISE(ABORT, 'Payment rows are append-only: reverse a payment (红冲) instead of changing it');
END;

CREATE TRIGGER "Payment_append_only_delete" BEFORE DELETE ON "Payment" BEGIN
    SELECT RAISE(ABORT, 'Payment rows are append-only: reverse a payment (红冲) instead of deleting it');
END;

CREATE TRIGGER "Payment_total_insert" AFTER INSERT ON "Payment" BEGIN
    INSERT INTO "PaymentMonthTotal" ("lineId", "contractKey", "month", "amountFen", "count")
    VALUES (NEW."lineId", COALESCE(NEW."contractId", 0), substr(NEW."paidOn", 1, 7), NEW."amountFen", 1)
    ON CONFLICT ("lineId", "contractKey", "month") DO UPDATE SET "amountFen" = "amountFen" + excluded."amountFen", "count" = "count" + 1;
END;

CREATE TRIGGER "Payment_total_delete" AFTER DELETE ON "Payment" BEGIN
    UPDATE "PaymentMonthTotal" SET "amountFen" = "amountFen" - OLD."amountFen", "count" = "count" - 1
    WHERE "lineId" = OLD."lineId" AND "contractKey" = COALESCE(OLD."contractId", 0) AND "month" = substr(OLD."paidOn", 1, 7);
    DELETE FROM "PaymentMonthTotal"
    WHERE "lineId" = OLD."lineId" AND "contractKey" = COALESCE(OLD."contractId", 0) AND "month" = substr(OLD."paidOn", 1, 7) AND "count" = 0;
END;

CREATE TRIGGER "Payment_total_update" AFTER UPDATE OF "lineId", "contractId", "paidOn", "amountFen" ON "Payment" BEGIN
    UPDATE "PaymentMonthTotal" SET "amountFen" = "amountFen" - OLD."amountFen", "count" = "count" - 1
    WHERE "lineId" = OLD."lineId" AND "contractKey" = COALESCE(OLD."contractId", 0) AND "month" = substr(OLD."paidOn", 1, 7);
    DELETE FROM "PaymentMonthTotal"
    WHERE "lineId" = OLD."lineId" AND "contractKey" = COALESCE(OLD."contractId", 0) AND "month" = substr(OLD."paidOn", 1, 7) AND "count" = 0;
    INSERT INTO "PaymentMonthTotal" ("lineId", "contractKey", "month", "amountFen", "count")
    VALUES (NEW."lineId", COALESCE(NEW."contractId", 0), substr(NEW."paidOn", 1, 7), NEW."amountFen", 1)
    ON CONFLICT ("lineId", "contractKey", "month") DO UPDATE SET "amountFen" = "amountFen" + excluded."amountFen", "count" = "count" + 1;
END;
CREATE TRIGGER "ToComeEstimate_version_insert" AFTER INSERT ON "ToComeEstimate" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "ToComeEstimate_version_update" AFTER UPDATE ON "ToComeEstimate" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "ToComeEstimate_version_delete" AFTER DELETE ON "ToComeEstimate" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

-- Every contract, payment and estimate is charged to a leaf account of its own line (and a payment on a
-- contract to the contract's account): the same statements as TOTALS_TRIGGERS in app/models/data-areas.ts.
CREATE TRIGGER "Payment_account_check" BEFORE INSERT ON "Payment" BEGIN
    SELECT RAISE(ABORT, 'A payment is charged to a leaf cost account of its line, and on a contract to the contract''s account')
    WHERE NOT EXISTS (SELECT 1 FROM "CostAccount" a WHERE a."id" = NEW."accountId" AND a."lineId" = NEW."lineId" AND a."parentId" IS NOT NULL)
       OR (NEW."contractId" IS NOT NULL AND NEW."accountId" IS NOT (SELECT "accountId" FROM "Contract" WHERE "id" = NEW."contractId"));
END;

CREATE TRIGGER "Contract_account_insert" BEFORE INSERT ON "Contract" BEGIN
    SELECT RAISE(ABORT, 'A contract is charged to a leaf cost account of its line')
    WHERE NOT EXISTS (SELECT 1 FROM "CostAccount" a WHERE a."id" = NEW."accountId" AND a."lineId" = NEW."lineId" AND a."parentId" IS NOT NULL);
END;

CREATE TRIGGER "Contract_account_update" BEFORE UPDATE OF "accountId", "lineId" ON "Contract" BEGIN
    SELECT RAISE(ABORT, 'A contract is charged to a leaf cost account of its line')
    WHERE NOT EXISTS (SELECT 1 FROM "CostAccount" a WHERE a."id" = NEW."accountId" AND a."lineId" = NEW."lineId" AND a."parentId" IS NOT NULL);
END;

CREATE TRIGGER "ToComeEstimate_account_check" BEFORE INSERT ON "ToComeEstimate" BEGIN
    SELECT RAISE(ABORT, 'An estimate of cost to come is for a leaf cost account of its line')
    WHERE NOT EXISTS (SELECT 1 FROM "CostAccount" a WHERE a."id" = NEW."accountId" AND a."lineId" = NEW."lineId" AND a."parentId" IS NOT NULL);
END;
