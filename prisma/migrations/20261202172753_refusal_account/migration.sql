-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PaymentRefusal" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "lineId" INTEGER NOT NULL,
    "accountId" INTEGER,
    "kind" TEXT NOT NULL DEFAULT 'budget',
    "amountFen" BIGINT NOT NULL,
    "headroomFen" BIGINT NOT NULL,
    "payee" TEXT NOT NULL DEFAULT '',
    "attemptedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attemptedById" INTEGER,
    CONSTRAINT "PaymentRefusal_lineId_fkey" FOREIGN KEY ("lineId") REFERENCES "BudgetLine" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_PaymentRefusal" ("amountFen", "attemptedAt", "attemptedById", "headroomFen", "id", "lineId", "payee") SELECT "amountFen", "attemptedAt", "attemptedById", "headroomFen", "id", "lineId", "payee" FROM "PaymentRefusal";
DROP TABLE "PaymentRefusal";
ALTER TABLE "new_PaymentRefusal" RENAME TO "PaymentRefusal";
CREATE INDEX "PaymentRefusal_lineId_attemptedAt_idx" ON "PaymentRefusal"("lineId", "attemptedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- Data-version triggers for the new tables
CREATE TRIGGER "PaymentRefusal_version_insert" AFTER INSERT ON "PaymentRefusal" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "PaymentRefusal_version_update" AFTER UPDATE ON "PaymentRefusal" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "PaymentRefusal_version_delete" AFTER DELETE ON "PaymentRefusal" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;
