-- CreateTable
CREATE TABLE "ContractChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "contractId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "claimedFen" BIGINT NOT NULL,
    "estimateFen" BIGINT NOT NULL,
    "approvedFen" BIGINT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "reason" TEXT NOT NULL DEFAULT '',
    "submittedById" INTEGER,
    "decidedById" INTEGER,
    "decidedAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ContractChange_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProgressClaim" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "contractId" INTEGER NOT NULL,
    "period" TEXT NOT NULL,
    "claimedFen" BIGINT NOT NULL,
    "supervisedFen" BIGINT,
    "certifiedFen" BIGINT,
    "advanceRecoveryFen" BIGINT NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'claimed',
    "createdById" INTEGER,
    "certifiedById" INTEGER,
    "certifiedAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ProgressClaim_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Approval" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "subjectId" INTEGER,
    "amountFen" BIGINT NOT NULL,
    "payload" TEXT NOT NULL DEFAULT '{}',
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "submittedById" INTEGER NOT NULL,
    "decidedById" INTEGER,
    "decidedAt" DATETIME,
    "decisionNote" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Approval_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PaymentRequest" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "lineId" INTEGER NOT NULL,
    "contractId" INTEGER,
    "progressClaimId" INTEGER,
    "kind" TEXT NOT NULL DEFAULT 'payment',
    "paidOn" DATETIME NOT NULL,
    "payee" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "voucherNo" TEXT NOT NULL DEFAULT '',
    "note" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "paymentId" INTEGER,
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PaymentRequest_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProjectBudgetRevision" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "reason" TEXT NOT NULL,
    "approvalId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ProjectBudgetRevision_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Project" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "city" TEXT NOT NULL DEFAULT '',
    "totalBudgetFen" BIGINT NOT NULL,
    "startupCapitalFen" BIGINT NOT NULL DEFAULT 0,
    "startupCapitalYear" INTEGER NOT NULL DEFAULT 2027,
    "apartmentAreaCsqm" INTEGER NOT NULL DEFAULT 0,
    "subscriptionCapBps" INTEGER NOT NULL DEFAULT 1000,
    "meetingWeekday" INTEGER NOT NULL DEFAULT 2,
    "meetingTime" TEXT NOT NULL DEFAULT '09:00',
    "scheduleStart" DATETIME NOT NULL,
    "scheduleEnd" DATETIME NOT NULL,
    "paymentApprovalFen" BIGINT NOT NULL DEFAULT 500000000,
    "changeApprovalFen" BIGINT NOT NULL DEFAULT 50000000,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Project" ("apartmentAreaCsqm", "city", "code", "createdAt", "id", "meetingTime", "meetingWeekday", "name", "nameEn", "scheduleEnd", "scheduleStart", "startupCapitalFen", "startupCapitalYear", "subscriptionCapBps", "totalBudgetFen", "updatedAt", "version") SELECT "apartmentAreaCsqm", "city", "code", "createdAt", "id", "meetingTime", "meetingWeekday", "name", "nameEn", "scheduleEnd", "scheduleStart", "startupCapitalFen", "startupCapitalYear", "subscriptionCapBps", "totalBudgetFen", "updatedAt", "version" FROM "Project";
DROP TABLE "Project";
ALTER TABLE "new_Project" RENAME TO "Project";
CREATE UNIQUE INDEX "Project_code_key" ON "Project"("code");
CREATE TABLE "new_Contract" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "lineId" INTEGER NOT NULL,
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
    CONSTRAINT "Contract_lineId_fkey" FOREIGN KEY ("lineId") REFERENCES "BudgetLine" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Contract" ("amountFen", "code", "contractor", "createdAt", "id", "lineId", "signedOn", "status", "title", "titleEn", "version") SELECT "amountFen", "code", "contractor", "createdAt", "id", "lineId", "signedOn", "status", "title", "titleEn", "version" FROM "Contract";
DROP TABLE "Contract";
ALTER TABLE "new_Contract" RENAME TO "Contract";
CREATE UNIQUE INDEX "Contract_lineId_code_key" ON "Contract"("lineId", "code");
CREATE TABLE "new_Payment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "lineId" INTEGER NOT NULL,
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
    CONSTRAINT "Payment_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Payment_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Payment_reversalOfId_fkey" FOREIGN KEY ("reversalOfId") REFERENCES "Payment" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Payment_progressClaimId_fkey" FOREIGN KEY ("progressClaimId") REFERENCES "ProgressClaim" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Payment" ("amountFen", "contractId", "createdAt", "createdById", "id", "lineId", "note", "paidOn", "payee", "voucherNo") SELECT "amountFen", "contractId", "createdAt", "createdById", "id", "lineId", "note", "paidOn", "payee", "voucherNo" FROM "Payment";
DROP TABLE "Payment";
ALTER TABLE "new_Payment" RENAME TO "Payment";
CREATE UNIQUE INDEX "Payment_reversalOfId_key" ON "Payment"("reversalOfId");
CREATE INDEX "Payment_lineId_contractId_amountFen_idx" ON "Payment"("lineId", "contractId", "amountFen");
CREATE INDEX "Payment_lineId_paidOn_amountFen_idx" ON "Payment"("lineId", "paidOn", "amountFen");
CREATE INDEX "Payment_contractId_amountFen_idx" ON "Payment"("contractId", "amountFen");
CREATE INDEX "Payment_paidOn_amountFen_idx" ON "Payment"("paidOn", "amountFen");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "ContractChange_contractId_code_key" ON "ContractChange"("contractId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "ProgressClaim_contractId_period_key" ON "ProgressClaim"("contractId", "period");

-- CreateIndex
CREATE INDEX "Approval_projectId_status_idx" ON "Approval"("projectId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentRequest_paymentId_key" ON "PaymentRequest"("paymentId");

-- CreateIndex
CREATE INDEX "PaymentRequest_projectId_status_idx" ON "PaymentRequest"("projectId", "status");


-- Data-version triggers for the new tables
CREATE TRIGGER "ContractChange_version_insert" AFTER INSERT ON "ContractChange" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "ContractChange_version_update" AFTER UPDATE ON "ContractChange" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "ContractChange_version_delete" AFTER DELETE ON "ContractChange" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;
CREATE TRIGGER "ProgressClaim_version_insert" AFTER INSERT ON "ProgressClaim" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "ProgressClaim_version_update" AFTER UPDATE ON "ProgressClaim" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "ProgressClaim_version_delete" AFTER DELETE ON "ProgressClaim" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;
CREATE TRIGGER "Approval_version_insert" AFTER INSERT ON "Approval" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "Approval_version_update" AFTER UPDATE ON "Approval" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "Approval_version_delete" AFTER DELETE ON "Approval" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;
CREATE TRIGGER "PaymentRequest_version_insert" AFTER INSERT ON "PaymentRequest" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "PaymentRequest_version_update" AFTER UPDATE ON "PaymentRequest" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "PaymentRequest_version_delete" AFTER DELETE ON "PaymentRequest" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;
CREATE TRIGGER "ProjectBudgetRevision_version_insert" AFTER INSERT ON "ProjectBudgetRevision" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "ProjectBudgetRevision_version_update" AFTER UPDATE ON "ProjectBudgetRevision" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "ProjectBudgetRevision_version_delete" AFTER DELETE ON "ProjectBudgetRevision" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;
CREATE TRIGGER "Project_version_insert" AFTER INSERT ON "Project" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'core';
END;

CREATE TRIGGER "Project_version_update" AFTER UPDATE ON "Project" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'core';
END;

CREATE TRIGGER "Project_version_delete" AFTER DELETE ON "Project" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'core';
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
