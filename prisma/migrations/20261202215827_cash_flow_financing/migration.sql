-- AlterTable
ALTER TABLE "Milestone" ADD COLUMN "certificate" TEXT;

-- AlterTable
ALTER TABLE "Drawdown" ADD COLUMN "overrideApprovalId" INTEGER;

-- CreateTable
CREATE TABLE "FacilityCondition" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "facilityId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "milestoneId" INTEGER,
    "equityBps" INTEGER,
    "note" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "FacilityCondition_facilityId_fkey" FOREIGN KEY ("facilityId") REFERENCES "Facility" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FacilityCondition_milestoneId_fkey" FOREIGN KEY ("milestoneId") REFERENCES "Milestone" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EquityContribution" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "receivedOn" DATETIME NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "source" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "reversalOfId" INTEGER,
    "reason" TEXT NOT NULL DEFAULT '',
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "EquityContribution_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "EquityContribution_reversalOfId_fkey" FOREIGN KEY ("reversalOfId") REFERENCES "EquityContribution" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScenarioProbability" (
    "projectId" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "bps" INTEGER NOT NULL,

    PRIMARY KEY ("projectId", "status"),
    CONSTRAINT "ScenarioProbability_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EscrowSetting" (
    "projectId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "city" TEXT NOT NULL,
    "keyFenPerSqm" BIGINT NOT NULL,
    CONSTRAINT "EscrowSetting_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EscrowNode" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "milestoneId" INTEGER NOT NULL,
    "releaseBps" INTEGER NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "EscrowNode_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "EscrowNode_milestoneId_fkey" FOREIGN KEY ("milestoneId") REFERENCES "Milestone" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- New columns, added in place (no redefinition: triggers on Payment, Contract and ToComeEstimate read
-- CostAccount, and a redefined table would lose its own triggers).
ALTER TABLE "CostAccount" ADD COLUMN "spendMilestoneId" INTEGER REFERENCES "Milestone" ("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Facility" ADD COLUMN "interestSettleDay" INTEGER NOT NULL DEFAULT 20;
ALTER TABLE "Facility" ADD COLUMN "capitalised" BOOLEAN NOT NULL DEFAULT true;

-- CreateIndex
CREATE INDEX "FacilityCondition_facilityId_idx" ON "FacilityCondition"("facilityId");

-- CreateIndex
CREATE UNIQUE INDEX "EquityContribution_reversalOfId_key" ON "EquityContribution"("reversalOfId");

-- CreateIndex
CREATE INDEX "EquityContribution_projectId_receivedOn_idx" ON "EquityContribution"("projectId", "receivedOn");

-- CreateIndex
CREATE UNIQUE INDEX "EscrowNode_projectId_milestoneId_key" ON "EscrowNode"("projectId", "milestoneId");

-- Data-version triggers for the new tables
CREATE TRIGGER "FacilityCondition_version_insert" AFTER INSERT ON "FacilityCondition" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'financing';
END;

CREATE TRIGGER "FacilityCondition_version_update" AFTER UPDATE ON "FacilityCondition" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'financing';
END;

CREATE TRIGGER "FacilityCondition_version_delete" AFTER DELETE ON "FacilityCondition" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'financing';
END;
CREATE TRIGGER "EquityContribution_version_insert" AFTER INSERT ON "EquityContribution" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'financing';
END;

CREATE TRIGGER "EquityContribution_version_update" AFTER UPDATE ON "EquityContribution" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'financing';
END;

CREATE TRIGGER "EquityContribution_version_delete" AFTER DELETE ON "EquityContribution" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'financing';
END;
CREATE TRIGGER "ScenarioProbability_version_insert" AFTER INSERT ON "ScenarioProbability" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'financing';
END;

CREATE TRIGGER "ScenarioProbability_version_update" AFTER UPDATE ON "ScenarioProbability" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'financing';
END;

CREATE TRIGGER "ScenarioProbability_version_delete" AFTER DELETE ON "ScenarioProbability" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'financing';
END;
CREATE TRIGGER "EscrowSetting_version_insert" AFTER INSERT ON "EscrowSetting" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'financing';
END;

CREATE TRIGGER "EscrowSetting_version_update" AFTER UPDATE ON "EscrowSetting" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'financing';
END;

CREATE TRIGGER "EscrowSetting_version_delete" AFTER DELETE ON "EscrowSetting" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'financing';
END;
CREATE TRIGGER "EscrowNode_version_insert" AFTER INSERT ON "EscrowNode" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'financing';
END;

CREATE TRIGGER "EscrowNode_version_update" AFTER UPDATE ON "EscrowNode" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'financing';
END;

CREATE TRIGGER "EscrowNode_version_delete" AFTER DELETE ON "EscrowNode" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'financing';
END;

