-- Payments are append-only (issue 13): a wrong payment is corrected by a reversing entry (红冲), never
-- changed or deleted. Enforced here, below every client, so no code path (or SQL console) can bypass it.
-- The same statements are in app/models/data-areas.ts (TOTALS_TRIGGERS.Payment), which re-creates them
-- when a migration redefines the table.
CREATE TRIGGER "Payment_append_only_update" BEFORE UPDATE ON "Payment" BEGIN
    SELECT RAISE(ABORT, 'Payment rows are append-only: reverse a payment (红冲) instead of changing it');
END;

CREATE TRIGGER "Payment_append_only_delete" BEFORE DELETE ON "Payment" BEGIN
    SELECT RAISE(ABORT, 'Payment rows are append-only: reverse a payment (红冲) instead of deleting it');
END;
