-- AlterTable
ALTER TABLE "SaleRecord" ADD COLUMN "discountApprovalId" INTEGER;

-- CreateIndex
CREATE UNIQUE INDEX "SaleRecord_discountApprovalId_key" ON "SaleRecord"("discountApprovalId");

