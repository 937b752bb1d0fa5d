-- CreateIndex
CREATE INDEX "SaleRecord_projectId_status_signedOn_id_idx" ON "SaleRecord"("projectId", "status", "signedOn", "id");

