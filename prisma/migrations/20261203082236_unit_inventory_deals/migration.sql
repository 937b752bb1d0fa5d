-- CreateTable
CREATE TABLE "SaleInstalment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "saleId" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "dueOn" DATETIME NOT NULL,
    "amountFen" BIGINT NOT NULL,
    CONSTRAINT "SaleInstalment_saleId_fkey" FOREIGN KEY ("saleId") REFERENCES "SaleRecord" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Building" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL DEFAULT '',
    "use" TEXT NOT NULL,
    "presaleMilestoneId" INTEGER,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "Building_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Building_presaleMilestoneId_fkey" FOREIGN KEY ("presaleMilestoneId") REFERENCES "Milestone" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Unit" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "buildingId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "floor" INTEGER NOT NULL,
    "position" TEXT NOT NULL,
    "roomType" TEXT NOT NULL DEFAULT '',
    "grossAreaCsqm" INTEGER NOT NULL,
    "netAreaCsqm" INTEGER NOT NULL,
    "listPriceFen" BIGINT NOT NULL,
    "floorPriceFen" BIGINT NOT NULL,
    "disposition" TEXT NOT NULL DEFAULT 'sale',
    "status" TEXT NOT NULL DEFAULT 'available',
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "Unit_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Unit_buildingId_fkey" FOREIGN KEY ("buildingId") REFERENCES "Building" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DiscountAuthority" (
    "projectId" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "maxDiscountBps" INTEGER NOT NULL,

    PRIMARY KEY ("projectId", "role"),
    CONSTRAINT "DiscountAuthority_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LeaseIntent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "unitId" INTEGER,
    "tenant" TEXT NOT NULL,
    "areaCsqm" INTEGER NOT NULL,
    "monthlyRentFen" BIGINT NOT NULL,
    "depositFen" BIGINT NOT NULL DEFAULT 0,
    "intentOn" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "leaseId" INTEGER,
    "note" TEXT NOT NULL DEFAULT '',
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LeaseIntent_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "LeaseIntent_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
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
    "leaseAchievementBasis" TEXT NOT NULL DEFAULT 'annual',
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
INSERT INTO "new_Project" ("apartmentAreaCsqm", "changeApprovalFen", "city", "code", "createdAt", "id", "meetingTime", "meetingWeekday", "name", "nameEn", "paymentApprovalFen", "scheduleEnd", "scheduleStart", "startupCapitalFen", "startupCapitalYear", "subscriptionCapBps", "totalBudgetFen", "updatedAt", "version") SELECT "apartmentAreaCsqm", "changeApprovalFen", "city", "code", "createdAt", "id", "meetingTime", "meetingWeekday", "name", "nameEn", "paymentApprovalFen", "scheduleEnd", "scheduleStart", "startupCapitalFen", "startupCapitalYear", "subscriptionCapBps", "totalBudgetFen", "updatedAt", "version" FROM "Project";
DROP TABLE "Project";
ALTER TABLE "new_Project" RENAME TO "Project";
CREATE UNIQUE INDEX "Project_code_key" ON "Project"("code");
CREATE TABLE "new_AgencyContract" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "agency" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "periodStart" DATETIME NOT NULL,
    "periodEnd" DATETIME NOT NULL,
    "taskFen" BIGINT NOT NULL,
    "incentiveBps" INTEGER NOT NULL DEFAULT 0,
    "aboveTaskBps" INTEGER NOT NULL DEFAULT 0,
    "floorFen" BIGINT NOT NULL DEFAULT 0,
    "belowFloorBps" INTEGER NOT NULL DEFAULT 0,
    "basis" TEXT NOT NULL DEFAULT 'collections',
    "incentiveTerms" TEXT NOT NULL DEFAULT '',
    "signDueOn" DATETIME,
    "signedOn" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "AgencyContract_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_AgencyContract" ("agency", "id", "incentiveBps", "incentiveTerms", "periodEnd", "periodStart", "projectId", "signedOn", "taskFen", "version", "year") SELECT "agency", "id", "incentiveBps", "incentiveTerms", "periodEnd", "periodStart", "projectId", "signedOn", "taskFen", "version", "year" FROM "AgencyContract";
DROP TABLE "AgencyContract";
ALTER TABLE "new_AgencyContract" RENAME TO "AgencyContract";
CREATE UNIQUE INDEX "AgencyContract_projectId_year_key" ON "AgencyContract"("projectId", "year");
CREATE TABLE "new_SaleRecord" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "unitId" INTEGER,
    "product" TEXT NOT NULL,
    "unitNo" TEXT NOT NULL,
    "areaCsqm" INTEGER NOT NULL,
    "unitPriceFen" BIGINT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "listPriceFen" BIGINT NOT NULL DEFAULT 0,
    "depositFen" BIGINT NOT NULL DEFAULT 0,
    "paymentPlan" TEXT NOT NULL DEFAULT 'full',
    "reservedOn" DATETIME,
    "signedOn" DATETIME,
    "buyerName" TEXT NOT NULL DEFAULT '',
    "buyerType" TEXT NOT NULL DEFAULT 'individual',
    "status" TEXT NOT NULL DEFAULT 'signed',
    "cancelledOn" DATETIME,
    "cancelReason" TEXT NOT NULL DEFAULT '',
    "changedToId" INTEGER,
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SaleRecord_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SaleRecord_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_SaleRecord" ("amountFen", "areaCsqm", "buyerName", "buyerType", "createdAt", "createdById", "id", "product", "projectId", "signedOn", "status", "unitNo", "unitPriceFen") SELECT "amountFen", "areaCsqm", "buyerName", "buyerType", "createdAt", "createdById", "id", "product", "projectId", "signedOn", "status", "unitNo", "unitPriceFen" FROM "SaleRecord";
DROP TABLE "SaleRecord";
ALTER TABLE "new_SaleRecord" RENAME TO "SaleRecord";
CREATE INDEX "SaleRecord_projectId_status_product_signedOn_amountFen_idx" ON "SaleRecord"("projectId", "status", "product", "signedOn", "amountFen");
CREATE INDEX "SaleRecord_projectId_status_signedOn_id_idx" ON "SaleRecord"("projectId", "status", "signedOn", "id");
CREATE INDEX "SaleRecord_projectId_unitNo_idx" ON "SaleRecord"("projectId", "unitNo");
CREATE INDEX "SaleRecord_unitId_status_idx" ON "SaleRecord"("unitId", "status");
CREATE INDEX "SaleRecord_projectId_product_status_reservedOn_idx" ON "SaleRecord"("projectId", "product", "status", "reservedOn");
CREATE TABLE "new_Lease" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "tenant" TEXT NOT NULL,
    "unitNo" TEXT NOT NULL,
    "areaCsqm" INTEGER NOT NULL,
    "monthlyRentFen" BIGINT NOT NULL,
    "startOn" DATETIME NOT NULL,
    "endOn" DATETIME NOT NULL,
    "signedOn" DATETIME NOT NULL,
    "prepaidRentFen" BIGINT NOT NULL DEFAULT 0,
    "unitId" INTEGER,
    "rentFreeMonths" INTEGER NOT NULL DEFAULT 0,
    "escalationBps" INTEGER NOT NULL DEFAULT 0,
    "escalationEveryMonths" INTEGER NOT NULL DEFAULT 12,
    "status" TEXT NOT NULL DEFAULT 'signed',
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Lease_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Lease_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Lease" ("areaCsqm", "createdAt", "createdById", "endOn", "id", "monthlyRentFen", "prepaidRentFen", "projectId", "signedOn", "startOn", "tenant", "unitNo") SELECT "areaCsqm", "createdAt", "createdById", "endOn", "id", "monthlyRentFen", "prepaidRentFen", "projectId", "signedOn", "startOn", "tenant", "unitNo" FROM "Lease";
DROP TABLE "Lease";
ALTER TABLE "new_Lease" RENAME TO "Lease";
CREATE INDEX "Lease_projectId_signedOn_idx" ON "Lease"("projectId", "signedOn");
CREATE TABLE "new_Receipt" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "saleId" INTEGER,
    "leaseId" INTEGER,
    "receivedOn" DATETIME NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'payment',
    "note" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "Receipt_saleId_fkey" FOREIGN KEY ("saleId") REFERENCES "SaleRecord" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Receipt_leaseId_fkey" FOREIGN KEY ("leaseId") REFERENCES "Lease" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Receipt" ("amountFen", "id", "leaseId", "note", "receivedOn", "saleId") SELECT "amountFen", "id", "leaseId", "note", "receivedOn", "saleId" FROM "Receipt";
DROP TABLE "Receipt";
ALTER TABLE "new_Receipt" RENAME TO "Receipt";
CREATE INDEX "Receipt_saleId_amountFen_idx" ON "Receipt"("saleId", "amountFen");
CREATE INDEX "Receipt_leaseId_amountFen_idx" ON "Receipt"("leaseId", "amountFen");
CREATE INDEX "Receipt_receivedOn_amountFen_idx" ON "Receipt"("receivedOn", "amountFen");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "SaleInstalment_dueOn_idx" ON "SaleInstalment"("dueOn");

-- CreateIndex
CREATE UNIQUE INDEX "SaleInstalment_saleId_seq_key" ON "SaleInstalment"("saleId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "Building_projectId_code_key" ON "Building"("projectId", "code");

-- CreateIndex
CREATE INDEX "Unit_buildingId_floor_position_idx" ON "Unit"("buildingId", "floor", "position");

-- CreateIndex
CREATE INDEX "Unit_projectId_status_idx" ON "Unit"("projectId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Unit_projectId_code_key" ON "Unit"("projectId", "code");

-- CreateIndex
CREATE INDEX "LeaseIntent_projectId_status_idx" ON "LeaseIntent"("projectId", "status");


-- Data-version triggers for the new tables
CREATE TRIGGER "SaleInstalment_version_insert" AFTER INSERT ON "SaleInstalment" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

CREATE TRIGGER "SaleInstalment_version_update" AFTER UPDATE ON "SaleInstalment" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

CREATE TRIGGER "SaleInstalment_version_delete" AFTER DELETE ON "SaleInstalment" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;
CREATE TRIGGER "Building_version_insert" AFTER INSERT ON "Building" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

CREATE TRIGGER "Building_version_update" AFTER UPDATE ON "Building" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

CREATE TRIGGER "Building_version_delete" AFTER DELETE ON "Building" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;
CREATE TRIGGER "Unit_version_insert" AFTER INSERT ON "Unit" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

CREATE TRIGGER "Unit_version_update" AFTER UPDATE ON "Unit" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

CREATE TRIGGER "Unit_version_delete" AFTER DELETE ON "Unit" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;
CREATE TRIGGER "DiscountAuthority_version_insert" AFTER INSERT ON "DiscountAuthority" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

CREATE TRIGGER "DiscountAuthority_version_update" AFTER UPDATE ON "DiscountAuthority" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

CREATE TRIGGER "DiscountAuthority_version_delete" AFTER DELETE ON "DiscountAuthority" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;
CREATE TRIGGER "LeaseIntent_version_insert" AFTER INSERT ON "LeaseIntent" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

CREATE TRIGGER "LeaseIntent_version_update" AFTER UPDATE ON "LeaseIntent" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

CREATE TRIGGER "LeaseIntent_version_delete" AFTER DELETE ON "LeaseIntent" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
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
CREATE TRIGGER "AgencyContract_version_insert" AFTER INSERT ON "AgencyContract" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

CREATE TRIGGER "AgencyContract_version_update" AFTER UPDATE ON "AgencyContract" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

CREATE TRIGGER "AgencyContract_version_delete" AFTER DELETE ON "AgencyContract" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;
CREATE TRIGGER "SaleRecord_version_insert" AFTER INSERT ON "SaleRecord" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

CREATE TRIGGER "SaleRecord_version_update" AFTER UPDATE ON "SaleRecord" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

CREATE TRIGGER "SaleRecord_version_delete" AFTER DELETE ON "SaleRecord" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

CREATE TRIGGER "SaleRecord_total_insert" AFTER INSERT ON "SaleRecord" WHEN NEW."status" = 'signed' BEGIN
    INSERT INTO "SaleDayTotal" ("projectId", "product", "day", "amountFen", "areaCsqm", "count")
    VALUES (NEW."projectId", NEW."product", substr(NEW."signedOn", 1, 10), NEW."amountFen", NEW."areaCsqm", 1)
    ON CONFLICT ("projectId", "product", "day") DO UPDATE SET "amountFen" = "amountFen" + excluded."amountFen", "areaCsqm" = "areaCsqm" + excluded."areaCsqm", "count" = "count" + 1;
END;

CREATE TRIGGER "SaleRecord_total_delete" AFTER DELETE ON "SaleRecord" WHEN OLD."status" = 'signed' BEGIN
    UPDATE "SaleDayTotal" SET "amountFen" = "amountFen" - OLD."amountFen", "areaCsqm" = "areaCsqm" - OLD."areaCsqm", "count" = "count" - 1
    WHERE "projectId" = OLD."projectId" AND "product" = OLD."product" AND "day" = substr(OLD."signedOn", 1, 10);
    DELETE FROM "SaleDayTotal"
    WHERE "projectId" = OLD."projectId" AND "product" = OLD."product" AND "day" = substr(OLD."signedOn", 1, 10) AND "count" = 0;
END;

CREATE TRIGGER "SaleRecord_total_update" AFTER UPDATE OF "projectId", "product", "signedOn", "amountFen", "areaCsqm", "status" ON "SaleRecord" BEGIN
    UPDATE "SaleDayTotal" SET "amountFen" = "amountFen" - OLD."amountFen", "areaCsqm" = "areaCsqm" - OLD."areaCsqm", "count" = "count" - 1
    WHERE OLD."status" = 'signed' AND "projectId" = OLD."projectId" AND "product" = OLD."product" AND "day" = substr(OLD."signedOn", 1, 10);
    DELETE FROM "SaleDayTotal"
    WHERE OLD."status" = 'signed' AND "projectId" = OLD."projectId" AND "product" = OLD."product" AND "day" = substr(OLD."signedOn", 1, 10) AND "count" = 0;
    INSERT INTO "SaleDayTotal" ("projectId", "product", "day", "amountFen", "areaCsqm", "count")
    SELECT NEW."projectId", NEW."product", substr(NEW."signedOn", 1, 10), NEW."amountFen", NEW."areaCsqm", 1
    WHERE NEW."status" = 'signed'
    ON CONFLICT ("projectId", "product", "day") DO UPDATE SET "amountFen" = "amountFen" + excluded."amountFen", "areaCsqm" = "areaCsqm" + excluded."areaCsqm", "count" = "count" + 1;
END;
CREATE TRIGGER "Lease_version_insert" AFTER INSERT ON "Lease" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

CREATE TRIGGER "Lease_version_update" AFTER UPDATE ON "Lease" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

CREATE TRIGGER "Lease_version_delete" AFTER DELETE ON "Lease" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;
CREATE TRIGGER "Receipt_version_insert" AFTER INSERT ON "Receipt" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

CREATE TRIGGER "Receipt_version_update" AFTER UPDATE ON "Receipt" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

CREATE TRIGGER "Receipt_version_delete" AFTER DELETE ON "Receipt" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

-- One active deal (认购 or 签约) per unit, in the database: two requests that both passed the check in
-- their transactions cannot both commit (app/models/data-areas.ts REDEFINE_EXTRAS keeps it on a redefine).
CREATE UNIQUE INDEX "SaleRecord_active_unit" ON "SaleRecord"("unitId") WHERE "status" IN ('reserved', 'signed');
