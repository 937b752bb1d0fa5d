-- AlterTable
ALTER TABLE "Project" ADD COLUMN "endMilestoneId" INTEGER;

-- CreateTable
CREATE TABLE "MilestoneForecast" (
    "milestoneId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "start" DATETIME NOT NULL,
    "end" DATETIME NOT NULL,
    "done" BOOLEAN NOT NULL DEFAULT false,
    "slipDays" INTEGER NOT NULL DEFAULT 0,
    "ownSlipDays" INTEGER NOT NULL DEFAULT 0,
    "causeId" INTEGER,
    "delayedBy" TEXT NOT NULL DEFAULT '',
    "floatDays" INTEGER,
    "critical" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "MilestoneForecast_milestoneId_fkey" FOREIGN KEY ("milestoneId") REFERENCES "Milestone" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScheduleState" (
    "projectId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "asOf" DATETIME NOT NULL,
    "endMilestoneId" INTEGER,
    "endFinish" DATETIME,
    "scheduleVersion" BIGINT NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Baseline" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "BaselineItem" (
    "baselineId" INTEGER NOT NULL,
    "milestoneId" INTEGER NOT NULL,
    "start" DATETIME NOT NULL,
    "end" DATETIME NOT NULL,

    PRIMARY KEY ("baselineId", "milestoneId"),
    CONSTRAINT "BaselineItem_baselineId_fkey" FOREIGN KEY ("baselineId") REFERENCES "Baseline" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "BaselineItem_milestoneId_fkey" FOREIGN KEY ("milestoneId") REFERENCES "Milestone" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProjectDocument" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "milestoneId" INTEGER,
    "category" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "number" TEXT NOT NULL DEFAULT '',
    "authority" TEXT NOT NULL DEFAULT '',
    "issuedOn" DATETIME,
    "note" TEXT NOT NULL DEFAULT '',
    "fileName" TEXT,
    "mimeType" TEXT,
    "sizeBytes" INTEGER,
    "sha256" TEXT,
    "storedName" TEXT,
    "uploadedById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "supersededAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "ProjectDocument_milestoneId_fkey" FOREIGN KEY ("milestoneId") REFERENCES "Milestone" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Milestone" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "agency" TEXT NOT NULL DEFAULT '',
    "agencyEn" TEXT NOT NULL DEFAULT '',
    "departmentId" INTEGER,
    "leaderId" INTEGER,
    "plannedStart" DATETIME NOT NULL,
    "plannedEnd" DATETIME NOT NULL,
    "actualStart" DATETIME,
    "actualEnd" DATETIME,
    "status" TEXT NOT NULL DEFAULT 'not_started',
    "percentComplete" INTEGER NOT NULL DEFAULT 0,
    "note" TEXT NOT NULL DEFAULT '',
    "isKey" BOOLEAN NOT NULL DEFAULT false,
    "certificate" TEXT,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "expectedEnd" DATETIME,
    "expectedReason" TEXT NOT NULL DEFAULT '',
    "retiredAt" DATETIME,
    "retiredReason" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Milestone_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Milestone_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Milestone_leaderId_fkey" FOREIGN KEY ("leaderId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Milestone" ("actualEnd", "actualStart", "agency", "agencyEn", "certificate", "code", "departmentId", "id", "isKey", "kind", "leaderId", "name", "nameEn", "note", "percentComplete", "plannedEnd", "plannedStart", "projectId", "sortOrder", "status", "updatedAt", "version") SELECT "actualEnd", "actualStart", "agency", "agencyEn", "certificate", "code", "departmentId", "id", "isKey", "kind", "leaderId", "name", "nameEn", "note", "percentComplete", "plannedEnd", "plannedStart", "projectId", "sortOrder", "status", "updatedAt", "version" FROM "Milestone";
DROP TABLE "Milestone";
ALTER TABLE "new_Milestone" RENAME TO "Milestone";
CREATE INDEX "Milestone_projectId_plannedEnd_idx" ON "Milestone"("projectId", "plannedEnd");
CREATE UNIQUE INDEX "Milestone_projectId_code_key" ON "Milestone"("projectId", "code");
CREATE TABLE "new_MilestoneDependency" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "predecessorId" INTEGER NOT NULL,
    "successorId" INTEGER NOT NULL,
    "type" TEXT NOT NULL DEFAULT 'FS',
    "lagDays" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "MilestoneDependency_predecessorId_fkey" FOREIGN KEY ("predecessorId") REFERENCES "Milestone" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MilestoneDependency_successorId_fkey" FOREIGN KEY ("successorId") REFERENCES "Milestone" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_MilestoneDependency" ("id", "lagDays", "predecessorId", "successorId") SELECT "id", "lagDays", "predecessorId", "successorId" FROM "MilestoneDependency";
DROP TABLE "MilestoneDependency";
ALTER TABLE "new_MilestoneDependency" RENAME TO "MilestoneDependency";
CREATE INDEX "MilestoneDependency_successorId_idx" ON "MilestoneDependency"("successorId");
CREATE UNIQUE INDEX "MilestoneDependency_predecessorId_successorId_key" ON "MilestoneDependency"("predecessorId", "successorId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "MilestoneForecast_projectId_critical_idx" ON "MilestoneForecast"("projectId", "critical");

-- CreateIndex
CREATE UNIQUE INDEX "Baseline_projectId_name_key" ON "Baseline"("projectId", "name");

-- CreateIndex
CREATE INDEX "BaselineItem_milestoneId_idx" ON "BaselineItem"("milestoneId");

-- CreateIndex
CREATE UNIQUE INDEX "ProjectDocument_storedName_key" ON "ProjectDocument"("storedName");

-- CreateIndex
CREATE INDEX "ProjectDocument_projectId_category_idx" ON "ProjectDocument"("projectId", "category");

-- CreateIndex
CREATE INDEX "ProjectDocument_milestoneId_idx" ON "ProjectDocument"("milestoneId");


-- Data-version triggers for the new tables
CREATE TRIGGER "MilestoneForecast_version_insert" AFTER INSERT ON "MilestoneForecast" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'forecast';
END;

CREATE TRIGGER "MilestoneForecast_version_update" AFTER UPDATE ON "MilestoneForecast" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'forecast';
END;

CREATE TRIGGER "MilestoneForecast_version_delete" AFTER DELETE ON "MilestoneForecast" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'forecast';
END;
CREATE TRIGGER "Baseline_version_insert" AFTER INSERT ON "Baseline" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'schedule';
END;

CREATE TRIGGER "Baseline_version_update" AFTER UPDATE ON "Baseline" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'schedule';
END;

CREATE TRIGGER "Baseline_version_delete" AFTER DELETE ON "Baseline" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'schedule';
END;
CREATE TRIGGER "BaselineItem_version_insert" AFTER INSERT ON "BaselineItem" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'schedule';
END;

CREATE TRIGGER "BaselineItem_version_update" AFTER UPDATE ON "BaselineItem" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'schedule';
END;

CREATE TRIGGER "BaselineItem_version_delete" AFTER DELETE ON "BaselineItem" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'schedule';
END;
CREATE TRIGGER "ProjectDocument_version_insert" AFTER INSERT ON "ProjectDocument" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'schedule';
END;

CREATE TRIGGER "ProjectDocument_version_update" AFTER UPDATE ON "ProjectDocument" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'schedule';
END;

CREATE TRIGGER "ProjectDocument_version_delete" AFTER DELETE ON "ProjectDocument" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'schedule';
END;
CREATE TRIGGER "Milestone_version_insert" AFTER INSERT ON "Milestone" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'schedule';
END;

CREATE TRIGGER "Milestone_version_update" AFTER UPDATE ON "Milestone" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'schedule';
END;

CREATE TRIGGER "Milestone_version_delete" AFTER DELETE ON "Milestone" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'schedule';
END;
CREATE TRIGGER "MilestoneDependency_version_insert" AFTER INSERT ON "MilestoneDependency" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'schedule';
END;

CREATE TRIGGER "MilestoneDependency_version_update" AFTER UPDATE ON "MilestoneDependency" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'schedule';
END;

CREATE TRIGGER "MilestoneDependency_version_delete" AFTER DELETE ON "MilestoneDependency" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'schedule';
END;

-- The counter of the new area "forecast" (app/models/data-areas.ts).
INSERT INTO "DataVersion" ("area", "n") VALUES ('forecast', 0);
