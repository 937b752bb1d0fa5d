-- DropIndex
DROP INDEX "Payment_lineId_paidOn_idx";

-- DropIndex
DROP INDEX "Payment_contractId_idx";

-- DropIndex
DROP INDEX "Payment_paidOn_idx";

-- DropIndex
DROP INDEX "SaleRecord_projectId_product_signedOn_idx";

-- DropIndex
DROP INDEX "Receipt_saleId_idx";

-- DropIndex
DROP INDEX "Receipt_leaseId_idx";

-- DropIndex
DROP INDEX "Receipt_receivedOn_idx";

-- CreateIndex
CREATE INDEX "Payment_lineId_contractId_amountFen_idx" ON "Payment"("lineId", "contractId", "amountFen");

-- CreateIndex
CREATE INDEX "Payment_lineId_paidOn_amountFen_idx" ON "Payment"("lineId", "paidOn", "amountFen");

-- CreateIndex
CREATE INDEX "Payment_contractId_amountFen_idx" ON "Payment"("contractId", "amountFen");

-- CreateIndex
CREATE INDEX "Payment_paidOn_amountFen_idx" ON "Payment"("paidOn", "amountFen");

-- CreateIndex
CREATE INDEX "SaleRecord_projectId_status_product_signedOn_amountFen_idx" ON "SaleRecord"("projectId", "status", "product", "signedOn", "amountFen");

-- CreateIndex
CREATE INDEX "Receipt_saleId_amountFen_idx" ON "Receipt"("saleId", "amountFen");

-- CreateIndex
CREATE INDEX "Receipt_leaseId_amountFen_idx" ON "Receipt"("leaseId", "amountFen");

-- CreateIndex
CREATE INDEX "Receipt_receivedOn_amountFen_idx" ON "Receipt"("receivedOn", "amountFen");

