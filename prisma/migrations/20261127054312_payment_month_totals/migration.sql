-- CreateTable
CREATE TABLE "PaymentMonthTotal" (
    "lineId" INTEGER NOT NULL,
    "contractKey" INTEGER NOT NULL,
    "month" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "count" INTEGER NOT NULL,

    PRIMARY KEY ("lineId", "contractKey", "month"),
    CONSTRAINT "PaymentMonthTotal_lineId_fkey" FOREIGN KEY ("lineId") REFERENCES "BudgetLine" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);


-- The totals of the payments already made.
INSERT INTO "PaymentMonthTotal" ("lineId", "contractKey", "month", "amountFen", "count")
SELECT "lineId", COALESCE("contractId", 0), substr("paidOn", 1, 7), SUM("amountFen"), COUNT(*)
FROM "Payment"
GROUP BY "lineId", COALESCE("contractId", 0), substr("paidOn", 1, 7);

-- Kept in the same transaction as every payment written, changed or deleted. Dates are stored as
-- ISO-8601 text at 00:00 UTC of the civil date (decision 002), so the first 7 characters are the month.
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
