-- CreateTable
CREATE TABLE "ToComeEstimate" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "lineId" INTEGER NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ToComeEstimate_lineId_fkey" FOREIGN KEY ("lineId") REFERENCES "BudgetLine" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ToComeEstimate_lineId_id_idx" ON "ToComeEstimate"("lineId", "id");


-- Data-version triggers for the new tables
CREATE TRIGGER "ToComeEstimate_version_insert" AFTER INSERT ON "ToComeEstimate" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "ToComeEstimate_version_update" AFTER UPDATE ON "ToComeEstimate" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "ToComeEstimate_version_delete" AFTER DELETE ON "ToComeEstimate" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;
