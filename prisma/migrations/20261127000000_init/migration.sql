-- CreateTable
CREATE TABLE "Project" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "city" TEXT NOT NULL DEFAULT '',
    "totalBudgetFen" BIGINT NOT NULL,
    "startupCapitalFen" BIGINT NOT NULL DEFAULT 0,
    "startupCapitalYear" INTEGER NOT NULL DEFAULT 2027,
    "apartmentAreaCsqm" INTEGER NOT NULL DEFAULT 0,
    "subscriptionCapBps" INTEGER NOT NULL DEFAULT 1000,
    "meetingWeekday" INTEGER NOT NULL DEFAULT 2,
    "meetingTime" TEXT NOT NULL DEFAULT '09:00',
    "scheduleStart" DATETIME NOT NULL,
    "scheduleEnd" DATETIME NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Department" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "planned" BOOLEAN NOT NULL DEFAULT false,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "Department_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Person" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "departmentId" INTEGER,
    "name" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "titleEn" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    CONSTRAINT "Person_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Person_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PersonResponsibility" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" INTEGER NOT NULL,
    "area" TEXT NOT NULL,
    CONSTRAINT "PersonResponsibility_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "username" TEXT NOT NULL,
    "passwordHash" TEXT,
    "displayName" TEXT NOT NULL,
    "personId" INTEGER,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "User_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UserRole" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    CONSTRAINT "UserRole_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Milestone" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "agency" TEXT NOT NULL DEFAULT '',
    "agencyEn" TEXT NOT NULL DEFAULT '',
    "departmentId" INTEGER,
    "leaderId" INTEGER,
    "plannedStart" DATETIME NOT NULL,
    "plannedEnd" DATETIME NOT NULL,
    "actualStart" DATETIME,
    "actualEnd" DATETIME,
    "status" TEXT NOT NULL DEFAULT 'not_started',
    "percentComplete" INTEGER NOT NULL DEFAULT 0,
    "note" TEXT NOT NULL DEFAULT '',
    "isKey" BOOLEAN NOT NULL DEFAULT false,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Milestone_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Milestone_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Milestone_leaderId_fkey" FOREIGN KEY ("leaderId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MilestoneDependency" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "predecessorId" INTEGER NOT NULL,
    "successorId" INTEGER NOT NULL,
    "lagDays" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "MilestoneDependency_predecessorId_fkey" FOREIGN KEY ("predecessorId") REFERENCES "Milestone" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MilestoneDependency_successorId_fkey" FOREIGN KEY ("successorId") REFERENCES "Milestone" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BudgetLine" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "originalFen" BIGINT NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "BudgetLine_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BudgetRevision" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "lineId" INTEGER NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "reason" TEXT NOT NULL,
    "transferId" TEXT,
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "BudgetRevision_lineId_fkey" FOREIGN KEY ("lineId") REFERENCES "BudgetLine" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Contract" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "lineId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "titleEn" TEXT NOT NULL DEFAULT '',
    "contractor" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "signedOn" DATETIME,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Contract_lineId_fkey" FOREIGN KEY ("lineId") REFERENCES "BudgetLine" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Payment" (
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
    CONSTRAINT "Payment_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PaymentRefusal" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "lineId" INTEGER NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "headroomFen" BIGINT NOT NULL,
    "payee" TEXT NOT NULL DEFAULT '',
    "attemptedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attemptedById" INTEGER,
    CONSTRAINT "PaymentRefusal_lineId_fkey" FOREIGN KEY ("lineId") REFERENCES "BudgetLine" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FundPlanEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "lineId" INTEGER NOT NULL,
    "month" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    CONSTRAINT "FundPlanEntry_lineId_fkey" FOREIGN KEY ("lineId") REFERENCES "BudgetLine" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FinancingChannel" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "targetFen" BIGINT NOT NULL DEFAULT 0,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "FinancingChannel_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Facility" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "channelId" INTEGER NOT NULL,
    "counterparty" TEXT NOT NULL,
    "committedFen" BIGINT NOT NULL,
    "rateBps" INTEGER NOT NULL DEFAULT 0,
    "feesFen" BIGINT NOT NULL DEFAULT 0,
    "termMonths" INTEGER NOT NULL DEFAULT 0,
    "conditions" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'negotiating',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Facility_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "FinancingChannel" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Drawdown" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "facilityId" INTEGER NOT NULL,
    "plannedOn" DATETIME NOT NULL,
    "plannedFen" BIGINT NOT NULL,
    "actualOn" DATETIME,
    "actualFen" BIGINT,
    "dependsOnMilestoneId" INTEGER,
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Drawdown_facilityId_fkey" FOREIGN KEY ("facilityId") REFERENCES "Facility" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Drawdown_dependsOnMilestoneId_fkey" FOREIGN KEY ("dependsOnMilestoneId") REFERENCES "Milestone" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Repayment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "facilityId" INTEGER NOT NULL,
    "dueOn" DATETIME NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "paidOn" DATETIME,
    CONSTRAINT "Repayment_facilityId_fkey" FOREIGN KEY ("facilityId") REFERENCES "Facility" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SalesTarget" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "product" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "areaCsqm" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "SalesTarget_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AgencyContract" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "agency" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "periodStart" DATETIME NOT NULL,
    "periodEnd" DATETIME NOT NULL,
    "taskFen" BIGINT NOT NULL,
    "incentiveBps" INTEGER NOT NULL DEFAULT 0,
    "incentiveTerms" TEXT NOT NULL DEFAULT '',
    "signedOn" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "AgencyContract_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SaleRecord" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "product" TEXT NOT NULL,
    "unitNo" TEXT NOT NULL,
    "areaCsqm" INTEGER NOT NULL,
    "unitPriceFen" BIGINT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "signedOn" DATETIME NOT NULL,
    "buyerName" TEXT NOT NULL DEFAULT '',
    "buyerType" TEXT NOT NULL DEFAULT 'individual',
    "status" TEXT NOT NULL DEFAULT 'signed',
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SaleRecord_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Lease" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "tenant" TEXT NOT NULL,
    "unitNo" TEXT NOT NULL,
    "areaCsqm" INTEGER NOT NULL,
    "monthlyRentFen" BIGINT NOT NULL,
    "startOn" DATETIME NOT NULL,
    "endOn" DATETIME NOT NULL,
    "signedOn" DATETIME NOT NULL,
    "prepaidRentFen" BIGINT NOT NULL DEFAULT 0,
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Lease_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Receipt" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "saleId" INTEGER,
    "leaseId" INTEGER,
    "receivedOn" DATETIME NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "Receipt_saleId_fkey" FOREIGN KEY ("saleId") REFERENCES "SaleRecord" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Receipt_leaseId_fkey" FOREIGN KEY ("leaseId") REFERENCES "Lease" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ChairRosterEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    CONSTRAINT "ChairRosterEntry_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ChairRosterEntry_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Meeting" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "theme" TEXT NOT NULL DEFAULT '',
    "themeEn" TEXT NOT NULL DEFAULT '',
    "chairId" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'planned',
    "agendaFrozenAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Meeting_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Meeting_chairId_fkey" FOREIGN KEY ("chairId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AgendaItem" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "meetingId" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "refType" TEXT NOT NULL DEFAULT '',
    "refId" INTEGER,
    "title" TEXT NOT NULL,
    "titleEn" TEXT NOT NULL DEFAULT '',
    "detail" TEXT NOT NULL DEFAULT '',
    "minutes" TEXT NOT NULL DEFAULT '',
    "decision" TEXT NOT NULL DEFAULT '',
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "AgendaItem_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ActionItem" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "meetingId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "departmentId" INTEGER,
    "ownerId" INTEGER,
    "dueOn" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "doneOn" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ActionItem_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ActionItem_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "ActionItem_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ActionReport" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "actionItemId" INTEGER NOT NULL,
    "meetingId" INTEGER,
    "text" TEXT NOT NULL,
    "reportedOn" DATETIME NOT NULL,
    "createdById" INTEGER,
    CONSTRAINT "ActionReport_actionItemId_fkey" FOREIGN KEY ("actionItemId") REFERENCES "ActionItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ActionReport_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" INTEGER,
    "area" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "before" TEXT,
    "after" TEXT,
    "reason" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "AuditLog_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Project_code_key" ON "Project"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Department_projectId_code_key" ON "Department"("projectId", "code");

-- CreateIndex
CREATE INDEX "Person_projectId_idx" ON "Person"("projectId");

-- CreateIndex
CREATE UNIQUE INDEX "PersonResponsibility_personId_area_key" ON "PersonResponsibility"("personId", "area");

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE UNIQUE INDEX "User_personId_key" ON "User"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "UserRole_userId_role_key" ON "UserRole"("userId", "role");

-- CreateIndex
CREATE INDEX "Milestone_projectId_plannedEnd_idx" ON "Milestone"("projectId", "plannedEnd");

-- CreateIndex
CREATE UNIQUE INDEX "Milestone_projectId_code_key" ON "Milestone"("projectId", "code");

-- CreateIndex
CREATE INDEX "MilestoneDependency_successorId_idx" ON "MilestoneDependency"("successorId");

-- CreateIndex
CREATE UNIQUE INDEX "MilestoneDependency_predecessorId_successorId_key" ON "MilestoneDependency"("predecessorId", "successorId");

-- CreateIndex
CREATE UNIQUE INDEX "BudgetLine_projectId_code_key" ON "BudgetLine"("projectId", "code");

-- CreateIndex
CREATE INDEX "BudgetRevision_lineId_idx" ON "BudgetRevision"("lineId");

-- CreateIndex
CREATE UNIQUE INDEX "Contract_lineId_code_key" ON "Contract"("lineId", "code");

-- CreateIndex
CREATE INDEX "Payment_lineId_paidOn_idx" ON "Payment"("lineId", "paidOn");

-- CreateIndex
CREATE INDEX "Payment_contractId_idx" ON "Payment"("contractId");

-- CreateIndex
CREATE INDEX "PaymentRefusal_lineId_attemptedAt_idx" ON "PaymentRefusal"("lineId", "attemptedAt");

-- CreateIndex
CREATE UNIQUE INDEX "FundPlanEntry_lineId_month_key" ON "FundPlanEntry"("lineId", "month");

-- CreateIndex
CREATE UNIQUE INDEX "FinancingChannel_projectId_kind_key" ON "FinancingChannel"("projectId", "kind");

-- CreateIndex
CREATE INDEX "Facility_channelId_idx" ON "Facility"("channelId");

-- CreateIndex
CREATE INDEX "Drawdown_facilityId_plannedOn_idx" ON "Drawdown"("facilityId", "plannedOn");

-- CreateIndex
CREATE INDEX "Repayment_facilityId_idx" ON "Repayment"("facilityId");

-- CreateIndex
CREATE UNIQUE INDEX "SalesTarget_projectId_product_period_key" ON "SalesTarget"("projectId", "product", "period");

-- CreateIndex
CREATE UNIQUE INDEX "AgencyContract_projectId_year_key" ON "AgencyContract"("projectId", "year");

-- CreateIndex
CREATE INDEX "SaleRecord_projectId_product_signedOn_idx" ON "SaleRecord"("projectId", "product", "signedOn");

-- CreateIndex
CREATE UNIQUE INDEX "SaleRecord_projectId_unitNo_product_key" ON "SaleRecord"("projectId", "unitNo", "product");

-- CreateIndex
CREATE INDEX "Lease_projectId_signedOn_idx" ON "Lease"("projectId", "signedOn");

-- CreateIndex
CREATE INDEX "Receipt_saleId_idx" ON "Receipt"("saleId");

-- CreateIndex
CREATE INDEX "Receipt_leaseId_idx" ON "Receipt"("leaseId");

-- CreateIndex
CREATE INDEX "Receipt_receivedOn_idx" ON "Receipt"("receivedOn");

-- CreateIndex
CREATE UNIQUE INDEX "ChairRosterEntry_projectId_position_key" ON "ChairRosterEntry"("projectId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "Meeting_projectId_startsAt_key" ON "Meeting"("projectId", "startsAt");

-- CreateIndex
CREATE INDEX "AgendaItem_meetingId_idx" ON "AgendaItem"("meetingId");

-- CreateIndex
CREATE INDEX "ActionItem_status_dueOn_idx" ON "ActionItem"("status", "dueOn");

-- CreateIndex
CREATE INDEX "ActionReport_actionItemId_idx" ON "ActionReport"("actionItemId");

-- CreateIndex
CREATE INDEX "AuditLog_entity_entityId_idx" ON "AuditLog"("entity", "entityId");

-- CreateIndex
CREATE INDEX "AuditLog_at_idx" ON "AuditLog"("at");

-- CreateIndex
CREATE INDEX "AuditLog_userId_at_idx" ON "AuditLog"("userId", "at");

