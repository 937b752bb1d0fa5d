-- AlterTable
ALTER TABLE "ActionItem" ADD COLUMN "agendaItemId" INTEGER;

-- CreateTable
CREATE TABLE "AreaLeader" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "area" TEXT NOT NULL,
    "personId" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "AreaLeader_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AreaLeader_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MonthlyPack" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "month" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "snapshot" TEXT,
    "issuedAt" DATETIME,
    "issuedById" INTEGER,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MonthlyPack_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PackCommentary" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "packId" INTEGER NOT NULL,
    "area" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "authorId" INTEGER,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PackCommentary_packId_fkey" FOREIGN KEY ("packId") REFERENCES "MonthlyPack" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Meeting" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "theme" TEXT NOT NULL DEFAULT '',
    "themeEn" TEXT NOT NULL DEFAULT '',
    "themeArea" TEXT NOT NULL DEFAULT '',
    "chairId" INTEGER,
    "chairBasis" TEXT NOT NULL DEFAULT '',
    "chairNote" TEXT NOT NULL DEFAULT '',
    "absentLeaderId" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'planned',
    "agendaFrozenAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Meeting_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Meeting_chairId_fkey" FOREIGN KEY ("chairId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Meeting" ("agendaFrozenAt", "chairId", "createdAt", "id", "projectId", "startsAt", "status", "theme", "themeEn", "version") SELECT "agendaFrozenAt", "chairId", "createdAt", "id", "projectId", "startsAt", "status", "theme", "themeEn", "version" FROM "Meeting";
DROP TABLE "Meeting";
ALTER TABLE "new_Meeting" RENAME TO "Meeting";
CREATE UNIQUE INDEX "Meeting_projectId_startsAt_key" ON "Meeting"("projectId", "startsAt");
CREATE TABLE "new_AgendaItem" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "meetingId" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "refType" TEXT NOT NULL DEFAULT '',
    "refId" INTEGER,
    "title" TEXT NOT NULL,
    "titleEn" TEXT NOT NULL DEFAULT '',
    "detail" TEXT NOT NULL DEFAULT '',
    "minutes" TEXT NOT NULL DEFAULT '',
    "decision" TEXT NOT NULL DEFAULT '',
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "outcome" TEXT NOT NULL DEFAULT '',
    "carriedFromId" INTEGER,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "AgendaItem_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_AgendaItem" ("decision", "detail", "id", "meetingId", "minutes", "refId", "refType", "sortOrder", "source", "title", "titleEn", "version") SELECT "decision", "detail", "id", "meetingId", "minutes", "refId", "refType", "sortOrder", "source", "title", "titleEn", "version" FROM "AgendaItem";
DROP TABLE "AgendaItem";
ALTER TABLE "new_AgendaItem" RENAME TO "AgendaItem";
CREATE INDEX "AgendaItem_meetingId_idx" ON "AgendaItem"("meetingId");
CREATE TABLE "new_ActionReport" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "actionItemId" INTEGER NOT NULL,
    "meetingId" INTEGER,
    "text" TEXT NOT NULL,
    "reportedOn" DATETIME NOT NULL,
    "createdById" INTEGER,
    "markedDone" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "ActionReport_actionItemId_fkey" FOREIGN KEY ("actionItemId") REFERENCES "ActionItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ActionReport_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_ActionReport" ("actionItemId", "createdById", "id", "meetingId", "reportedOn", "text") SELECT "actionItemId", "createdById", "id", "meetingId", "reportedOn", "text" FROM "ActionReport";
DROP TABLE "ActionReport";
ALTER TABLE "new_ActionReport" RENAME TO "ActionReport";
CREATE INDEX "ActionReport_actionItemId_idx" ON "ActionReport"("actionItemId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "AreaLeader_projectId_area_key" ON "AreaLeader"("projectId", "area");

-- CreateIndex
CREATE UNIQUE INDEX "MonthlyPack_projectId_month_key" ON "MonthlyPack"("projectId", "month");

-- CreateIndex
CREATE UNIQUE INDEX "PackCommentary_packId_area_key" ON "PackCommentary"("packId", "area");


-- Data-version triggers for the new tables
CREATE TRIGGER "AreaLeader_version_insert" AFTER INSERT ON "AreaLeader" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'core';
END;

CREATE TRIGGER "AreaLeader_version_update" AFTER UPDATE ON "AreaLeader" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'core';
END;

CREATE TRIGGER "AreaLeader_version_delete" AFTER DELETE ON "AreaLeader" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'core';
END;
CREATE TRIGGER "MonthlyPack_version_insert" AFTER INSERT ON "MonthlyPack" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'meetings';
END;

CREATE TRIGGER "MonthlyPack_version_update" AFTER UPDATE ON "MonthlyPack" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'meetings';
END;

CREATE TRIGGER "MonthlyPack_version_delete" AFTER DELETE ON "MonthlyPack" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'meetings';
END;
CREATE TRIGGER "PackCommentary_version_insert" AFTER INSERT ON "PackCommentary" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'meetings';
END;

CREATE TRIGGER "PackCommentary_version_update" AFTER UPDATE ON "PackCommentary" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'meetings';
END;

CREATE TRIGGER "PackCommentary_version_delete" AFTER DELETE ON "PackCommentary" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'meetings';
END;
CREATE TRIGGER "Meeting_version_insert" AFTER INSERT ON "Meeting" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'meetings';
END;

CREATE TRIGGER "Meeting_version_update" AFTER UPDATE ON "Meeting" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'meetings';
END;

CREATE TRIGGER "Meeting_version_delete" AFTER DELETE ON "Meeting" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'meetings';
END;
CREATE TRIGGER "AgendaItem_version_insert" AFTER INSERT ON "AgendaItem" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'meetings';
END;

CREATE TRIGGER "AgendaItem_version_update" AFTER UPDATE ON "AgendaItem" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'meetings';
END;

CREATE TRIGGER "AgendaItem_version_delete" AFTER DELETE ON "AgendaItem" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'meetings';
END;
CREATE TRIGGER "ActionReport_version_insert" AFTER INSERT ON "ActionReport" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'meetings';
END;

CREATE TRIGGER "ActionReport_version_update" AFTER UPDATE ON "ActionReport" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'meetings';
END;

CREATE TRIGGER "ActionReport_version_delete" AFTER DELETE ON "ActionReport" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'meetings';
END;
