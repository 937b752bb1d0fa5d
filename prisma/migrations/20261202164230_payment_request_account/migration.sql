-- AlterTable
ALTER TABLE "PaymentRequest" ADD COLUMN "accountId" INTEGER;

