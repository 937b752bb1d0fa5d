-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Payment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "lineId" INTEGER NOT NULL,
    "contractId" INTEGER,
    "paidOn" DATETIME NOT NULL,
    "payee" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "voucherNo" TEXT NOT NULL DEFAULT '',
    "note" TEXT NOT NULL DEFAULT '',
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Payment_lineId_fkey" FOREIGN KEY ("lineId") REFERENCES "BudgetLine" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Payment_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Payment_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Payment" ("amountFen", "contractId", "createdAt", "createdById", "id", "lineId", "note", "paidOn", "payee", "voucherNo") SELECT "amountFen", "contractId", "createdAt", "createdById", "id", "lineId", "note", "paidOn", "payee", "voucherNo" FROM "Payment";
DROP TABLE "Payment";
ALTER TABLE "new_Payment" RENAME TO "Payment";
CREATE INDEX "Payment_lineId_paidOn_idx" ON "Payment"("lineId", "paidOn");
CREATE INDEX "Payment_contractId_idx" ON "Payment"("contractId");
CREATE INDEX "Payment_paidOn_idx" ON "Payment"("paidOn");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

