-- CreateTable
CREATE TABLE "SaleDayTotal" (
    "projectId" INTEGER NOT NULL,
    "product" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "areaCsqm" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,

    PRIMARY KEY ("projectId", "product", "day"),
    CONSTRAINT "SaleDayTotal_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);


-- The totals of the sales already signed.
INSERT INTO "SaleDayTotal" ("projectId", "product", "day", "amountFen", "areaCsqm", "count")
SELECT "projectId", "product", substr("signedOn", 1, 10), SUM("amountFen"), SUM("areaCsqm"), COUNT(*)
FROM "SaleRecord"
WHERE "status" = 'signed'
GROUP BY "projectId", "product", substr("signedOn", 1, 10);

-- Kept in the same transaction as every sale written, changed (cancelled, moved) or deleted. Dates are
-- ISO-8601 text at 00:00 UTC of the civil date (decision 002): the first 10 characters are the day.
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
