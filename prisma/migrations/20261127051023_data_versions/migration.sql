-- CreateTable
CREATE TABLE "DataVersion" (
    "area" TEXT NOT NULL PRIMARY KEY,
    "n" BIGINT NOT NULL DEFAULT 0
);


-- One counter per area (app/models/data-areas.ts)
INSERT INTO "DataVersion" ("area", "n") VALUES ('core', 0), ('users', 0), ('schedule', 0), ('capital', 0), ('financing', 0), ('sales', 0), ('meetings', 0);

-- Every insert, update and delete bumps its area's counter, whoever writes (app, scripts, another process).

-- Project
CREATE TRIGGER "Project_version_insert" AFTER INSERT ON "Project" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'core';
END;

CREATE TRIGGER "Project_version_update" AFTER UPDATE ON "Project" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'core';
END;

CREATE TRIGGER "Project_version_delete" AFTER DELETE ON "Project" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'core';
END;

-- Department
CREATE TRIGGER "Department_version_insert" AFTER INSERT ON "Department" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'core';
END;

CREATE TRIGGER "Department_version_update" AFTER UPDATE ON "Department" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'core';
END;

CREATE TRIGGER "Department_version_delete" AFTER DELETE ON "Department" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'core';
END;

-- Person
CREATE TRIGGER "Person_version_insert" AFTER INSERT ON "Person" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'core';
END;

CREATE TRIGGER "Person_version_update" AFTER UPDATE ON "Person" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'core';
END;

CREATE TRIGGER "Person_version_delete" AFTER DELETE ON "Person" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'core';
END;

-- PersonResponsibility
CREATE TRIGGER "PersonResponsibility_version_insert" AFTER INSERT ON "PersonResponsibility" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'core';
END;

CREATE TRIGGER "PersonResponsibility_version_update" AFTER UPDATE ON "PersonResponsibility" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'core';
END;

CREATE TRIGGER "PersonResponsibility_version_delete" AFTER DELETE ON "PersonResponsibility" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'core';
END;

-- AppSetting
CREATE TRIGGER "AppSetting_version_insert" AFTER INSERT ON "AppSetting" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'core';
END;

CREATE TRIGGER "AppSetting_version_update" AFTER UPDATE ON "AppSetting" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'core';
END;

CREATE TRIGGER "AppSetting_version_delete" AFTER DELETE ON "AppSetting" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'core';
END;

-- User
CREATE TRIGGER "User_version_insert" AFTER INSERT ON "User" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'users';
END;

CREATE TRIGGER "User_version_update" AFTER UPDATE ON "User" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'users';
END;

CREATE TRIGGER "User_version_delete" AFTER DELETE ON "User" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'users';
END;

-- UserRole
CREATE TRIGGER "UserRole_version_insert" AFTER INSERT ON "UserRole" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'users';
END;

CREATE TRIGGER "UserRole_version_update" AFTER UPDATE ON "UserRole" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'users';
END;

CREATE TRIGGER "UserRole_version_delete" AFTER DELETE ON "UserRole" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'users';
END;

-- Milestone
CREATE TRIGGER "Milestone_version_insert" AFTER INSERT ON "Milestone" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'schedule';
END;

CREATE TRIGGER "Milestone_version_update" AFTER UPDATE ON "Milestone" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'schedule';
END;

CREATE TRIGGER "Milestone_version_delete" AFTER DELETE ON "Milestone" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'schedule';
END;

-- MilestoneDependency
CREATE TRIGGER "MilestoneDependency_version_insert" AFTER INSERT ON "MilestoneDependency" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'schedule';
END;

CREATE TRIGGER "MilestoneDependency_version_update" AFTER UPDATE ON "MilestoneDependency" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'schedule';
END;

CREATE TRIGGER "MilestoneDependency_version_delete" AFTER DELETE ON "MilestoneDependency" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'schedule';
END;

-- BudgetLine
CREATE TRIGGER "BudgetLine_version_insert" AFTER INSERT ON "BudgetLine" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "BudgetLine_version_update" AFTER UPDATE ON "BudgetLine" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "BudgetLine_version_delete" AFTER DELETE ON "BudgetLine" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

-- BudgetRevision
CREATE TRIGGER "BudgetRevision_version_insert" AFTER INSERT ON "BudgetRevision" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "BudgetRevision_version_update" AFTER UPDATE ON "BudgetRevision" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "BudgetRevision_version_delete" AFTER DELETE ON "BudgetRevision" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

-- Contract
CREATE TRIGGER "Contract_version_insert" AFTER INSERT ON "Contract" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "Contract_version_update" AFTER UPDATE ON "Contract" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "Contract_version_delete" AFTER DELETE ON "Contract" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

-- Payment
CREATE TRIGGER "Payment_version_insert" AFTER INSERT ON "Payment" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "Payment_version_update" AFTER UPDATE ON "Payment" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "Payment_version_delete" AFTER DELETE ON "Payment" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

-- PaymentRefusal
CREATE TRIGGER "PaymentRefusal_version_insert" AFTER INSERT ON "PaymentRefusal" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "PaymentRefusal_version_update" AFTER UPDATE ON "PaymentRefusal" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "PaymentRefusal_version_delete" AFTER DELETE ON "PaymentRefusal" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

-- FundPlanEntry
CREATE TRIGGER "FundPlanEntry_version_insert" AFTER INSERT ON "FundPlanEntry" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "FundPlanEntry_version_update" AFTER UPDATE ON "FundPlanEntry" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

CREATE TRIGGER "FundPlanEntry_version_delete" AFTER DELETE ON "FundPlanEntry" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'capital';
END;

-- FinancingChannel
CREATE TRIGGER "FinancingChannel_version_insert" AFTER INSERT ON "FinancingChannel" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'financing';
END;

CREATE TRIGGER "FinancingChannel_version_update" AFTER UPDATE ON "FinancingChannel" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'financing';
END;

CREATE TRIGGER "FinancingChannel_version_delete" AFTER DELETE ON "FinancingChannel" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'financing';
END;

-- Facility
CREATE TRIGGER "Facility_version_insert" AFTER INSERT ON "Facility" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'financing';
END;

CREATE TRIGGER "Facility_version_update" AFTER UPDATE ON "Facility" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'financing';
END;

CREATE TRIGGER "Facility_version_delete" AFTER DELETE ON "Facility" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'financing';
END;

-- Drawdown
CREATE TRIGGER "Drawdown_version_insert" AFTER INSERT ON "Drawdown" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'financing';
END;

CREATE TRIGGER "Drawdown_version_update" AFTER UPDATE ON "Drawdown" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'financing';
END;

CREATE TRIGGER "Drawdown_version_delete" AFTER DELETE ON "Drawdown" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'financing';
END;

-- Repayment
CREATE TRIGGER "Repayment_version_insert" AFTER INSERT ON "Repayment" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'financing';
END;

CREATE TRIGGER "Repayment_version_update" AFTER UPDATE ON "Repayment" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'financing';
END;

CREATE TRIGGER "Repayment_version_delete" AFTER DELETE ON "Repayment" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'financing';
END;

-- SalesTarget
CREATE TRIGGER "SalesTarget_version_insert" AFTER INSERT ON "SalesTarget" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

CREATE TRIGGER "SalesTarget_version_update" AFTER UPDATE ON "SalesTarget" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

CREATE TRIGGER "SalesTarget_version_delete" AFTER DELETE ON "SalesTarget" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

-- AgencyContract
CREATE TRIGGER "AgencyContract_version_insert" AFTER INSERT ON "AgencyContract" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

CREATE TRIGGER "AgencyContract_version_update" AFTER UPDATE ON "AgencyContract" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

CREATE TRIGGER "AgencyContract_version_delete" AFTER DELETE ON "AgencyContract" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

-- SaleRecord
CREATE TRIGGER "SaleRecord_version_insert" AFTER INSERT ON "SaleRecord" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

CREATE TRIGGER "SaleRecord_version_update" AFTER UPDATE ON "SaleRecord" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

CREATE TRIGGER "SaleRecord_version_delete" AFTER DELETE ON "SaleRecord" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

-- Lease
CREATE TRIGGER "Lease_version_insert" AFTER INSERT ON "Lease" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

CREATE TRIGGER "Lease_version_update" AFTER UPDATE ON "Lease" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

CREATE TRIGGER "Lease_version_delete" AFTER DELETE ON "Lease" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

-- Receipt
CREATE TRIGGER "Receipt_version_insert" AFTER INSERT ON "Receipt" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

CREATE TRIGGER "Receipt_version_update" AFTER UPDATE ON "Receipt" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

CREATE TRIGGER "Receipt_version_delete" AFTER DELETE ON "Receipt" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'sales';
END;

-- ChairRosterEntry
CREATE TRIGGER "ChairRosterEntry_version_insert" AFTER INSERT ON "ChairRosterEntry" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'meetings';
END;

CREATE TRIGGER "ChairRosterEntry_version_update" AFTER UPDATE ON "ChairRosterEntry" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'meetings';
END;

CREATE TRIGGER "ChairRosterEntry_version_delete" AFTER DELETE ON "ChairRosterEntry" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'meetings';
END;

-- Meeting
CREATE TRIGGER "Meeting_version_insert" AFTER INSERT ON "Meeting" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'meetings';
END;

CREATE TRIGGER "Meeting_version_update" AFTER UPDATE ON "Meeting" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'meetings';
END;

CREATE TRIGGER "Meeting_version_delete" AFTER DELETE ON "Meeting" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'meetings';
END;

-- AgendaItem
CREATE TRIGGER "AgendaItem_version_insert" AFTER INSERT ON "AgendaItem" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'meetings';
END;

CREATE TRIGGER "AgendaItem_version_update" AFTER UPDATE ON "AgendaItem" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'meetings';
END;

CREATE TRIGGER "AgendaItem_version_delete" AFTER DELETE ON "AgendaItem" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'meetings';
END;

-- ActionItem
CREATE TRIGGER "ActionItem_version_insert" AFTER INSERT ON "ActionItem" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'meetings';
END;

CREATE TRIGGER "ActionItem_version_update" AFTER UPDATE ON "ActionItem" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'meetings';
END;

CREATE TRIGGER "ActionItem_version_delete" AFTER DELETE ON "ActionItem" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'meetings';
END;

-- ActionReport
CREATE TRIGGER "ActionReport_version_insert" AFTER INSERT ON "ActionReport" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'meetings';
END;

CREATE TRIGGER "ActionReport_version_update" AFTER UPDATE ON "ActionReport" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'meetings';
END;

CREATE TRIGGER "ActionReport_version_delete" AFTER DELETE ON "ActionReport" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'meetings';
END;
