// The administrator's forms (users, departments and people, project settings) and the password change,
// validated on the server with zod. Messages are i18n keys (errors.*). Server-only: zod stays out of the
// browser bundle.
import { z } from "zod";
import { optionalIdField as optionalId, yuanField } from "../capital-forms.server";
import { ROLES, type Role } from "../permissions";
import { PASSWORD_MAX, PASSWORD_MIN, USERNAME_PATTERN } from "./rules";

const text = (max: number) => z.string().trim().min(1, { message: "required" }).max(max, { message: "too_long" });
const optionalText = (max: number) => z.string().trim().max(max, { message: "too_long" }).default("");
const version = z.string().trim().regex(/^\d{1,9}$/, { message: "invalid" }).transform(Number);
const checkbox = z.string().optional().transform((v) => v === "on" || v === "1" || v === "true");

/** A new password: long enough, not absurdly long (hashing is bounded work). */
export const newPassword = z
  .string()
  .min(PASSWORD_MIN, { message: "password_too_short" })
  .max(PASSWORD_MAX, { message: "too_long" });

/** The roles, posted as one checkbox per role (role.<name>=on); at least one. */
export function rolesFrom(values: Record<string, string>): Role[] {
  return ROLES.filter((role) => values[`role.${role}`] === "on");
}

const userFields = {
  displayName: text(60),
  personId: optionalId,
};

export const createUserSchema = z
  .object({
    username: z.string().trim().toLowerCase().regex(USERNAME_PATTERN, { message: "username_format" }),
    ...userFields,
    password: newPassword,
  });

export const updateUserSchema = z
  .object({ ...userFields, active: checkbox, version: z.string().trim().regex(/^\d{1,15}$/, { message: "invalid" }).transform(Number) });

export const resetPasswordSchema = z.object({ password: newPassword });

export const changePasswordSchema = z
  .object({
    current: z.string().min(1, { message: "required" }).max(PASSWORD_MAX, { message: "too_long" }),
    password: newPassword,
    confirm: z.string().max(PASSWORD_MAX, { message: "too_long" }),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "password_mismatch" })
  .refine((v) => v.password !== v.current, { path: ["password"], message: "password_unchanged" });

export const departmentSchema = z.object({
  id: optionalId,
  code: z.string().trim().regex(/^[A-Za-z0-9_-]{1,20}$/, { message: "code_format" }),
  name: text(40),
  nameEn: text(60),
  planned: checkbox,
  sortOrder: z.string().trim().default("0").refine((v) => /^-?\d{1,4}$/.test(v), { message: "invalid_number" }).transform(Number),
});

export const personSchema = z.object({
  id: optionalId,
  name: text(40),
  nameEn: text(60),
  title: text(40),
  titleEn: text(60),
  departmentId: optionalId,
  active: checkbox,
});

export const projectSchema = z.object({
  version,
  name: text(80),
  nameEn: text(120),
  city: optionalText(40),
  paymentApproval: yuanField({ sign: "positive" }),
  changeApproval: yuanField({ sign: "positive" }),
});
