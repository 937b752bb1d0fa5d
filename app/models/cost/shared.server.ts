// What the cost modules' writes share: the refusal shape (a field and an i18n message) and the unique-
// violation test.
import { Prisma } from "@prisma/client";

export type Tx = Prisma.TransactionClient;
export type Actor = { userId: number | null };

export type FieldRefusal = { ok: false; field: string; message: string; vars?: Record<string, string> };

export function refuse(field: string, message: string, vars?: Record<string, string>): FieldRefusal {
  return { ok: false, field, message, vars };
}

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
