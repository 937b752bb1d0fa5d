-- CreateTable
CREATE TABLE "AccountOutsideTotal" (
    "accountId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "amountFen" BIGINT NOT NULL,
    "count" INTEGER NOT NULL,
    CONSTRAINT "AccountOutsideTotal_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "CostAccount" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);


-- What was already paid outside contracts, per leaf account.
INSERT INTO "AccountOutsideTotal" ("accountId", "amountFen", "count")
SELECT "accountId", SUM("amountFen"), COUNT(*)
FROM "Payment"
WHERE "contractId" IS NULL
GROUP BY "accountId";

-- Kept in the same transaction as every payment written. Payments are append-only (migration
-- `payments_append_only`), so an insert is the only change to follow.
CREATE TRIGGER "Payment_outside_total_insert" AFTER INSERT ON "Payment" WHEN NEW."contractId" IS NULL BEGIN
    INSERT INTO "AccountOutsideTotal" ("accountId", "amountFen", "count")
    VALUES (NEW."accountId", NEW."amountFen", 1)
    ON CONFLICT ("accountId") DO UPDATE SET "amountFen" = "amountFen" + excluded."amountFen", "count" = "count" + 1;
END;
