// Issue 18.4: the administrator's screens — accounts (create with a temporary password the user must
// change, roles, status, reset, never the last admin), departments and people, project settings (only an
// approver raises an approval threshold) — each change audited, each refusal beside its field.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { leavesNoAdmin, thresholdRaised } from "~/domain/admin/rules";
import { updateAccount } from "~/models/admin/users.server";
import { verifyLogin } from "~/models/users.server";
import { action as passwordAction, loader as passwordLoader } from "~/routes/account_.password";
import { action as orgAction, loader as orgLoader } from "~/routes/admin.org";
import { action as settingsAction, loader as settingsLoader } from "~/routes/admin.settings";
import { action as userAction, loader as userLoader } from "~/routes/admin.users.$id";
import { action as usersAction, loader as usersLoader } from "~/routes/admin.users._index";
import { loader as milestonesLoader } from "~/routes/milestones._index";
import { getUser } from "~/session.server";
import { seedReferenceProject } from "../../prisma/seed";
import { callAction, callLoader, cookieFor, ORIGIN, payload } from "../helpers/requests";

type Errors = { errors: Record<string, unknown>; values: Record<string, string> };
const TEMP = "temporary-pass-1";

let projectId: number;
beforeAll(async () => {
  await seedReferenceProject(prisma);
  projectId = (await prisma.project.findFirstOrThrow({ select: { id: true } })).id;
});

const idOf = async (username: string) => (await prisma.user.findUniqueOrThrow({ where: { username }, select: { id: true } })).id;
const lastAudit = (entity: string, entityId: number) => prisma.auditLog.findFirst({ where: { entity, entityId }, orderBy: { id: "desc" } });

/** The fields of an account's edit form as the page renders them, with changes. */
async function accountForm(username: string, change: Record<string, string | null> = {}) {
  const id = await idOf(username);
  const data = (await callLoader(userLoader, `/admin/users/${id}`, { as: "admin", params: { id: String(id) } })) as { account: { displayName: string; person: { id: number } | null; roles: string[]; active: boolean; version: number } };
  const a = data.account;
  const fields: Record<string, string> = { intent: "save", version: String(a.version), displayName: a.displayName, personId: a.person ? String(a.person.id) : "" };
  if (a.active) fields.active = "on";
  for (const role of a.roles) fields[`role.${role}`] = "on";
  for (const [key, value] of Object.entries(change)) {
    if (value === null) delete fields[key];
    else fields[key] = value;
  }
  return { id, fields };
}

describe("the last administrator (pure rule)", () => {
  it("refuses only the change that leaves no active admin", () => {
    const accounts = [
      { id: 1, active: true, admin: true },
      { id: 2, active: true, admin: false },
    ];
    expect(leavesNoAdmin(accounts, { id: 1, active: false, admin: true })).toBe(true);
    expect(leavesNoAdmin(accounts, { id: 1, active: true, admin: false })).toBe(true);
    expect(leavesNoAdmin(accounts, { id: 2, active: false, admin: false })).toBe(false);
    expect(leavesNoAdmin([...accounts, { id: 3, active: true, admin: true }], { id: 1, active: false, admin: true })).toBe(false);
    // An inactive admin does not count.
    expect(leavesNoAdmin([...accounts, { id: 3, active: false, admin: true }], { id: 1, active: true, admin: false })).toBe(true);
    expect(thresholdRaised({ paymentApprovalFen: 100n, changeApprovalFen: 100n }, { paymentApprovalFen: 101n, changeApprovalFen: 99n })).toEqual({ payment: true, change: false });
  });
});

describe("accounts", () => {
  it("creates an account that must change its temporary password before anything else", async () => {
    const person = await prisma.person.findFirstOrThrow({ where: { projectId, user: null, name: "张伟" }, select: { id: true } });
    const created = (await callAction(usersAction, "/admin/users", { username: "Zhang.Wei", displayName: "张伟", personId: String(person.id), password: TEMP, "role.pm": "on", "role.member": "on" }, { as: "admin" })) as Response;
    expect(created.status).toBe(302);
    const id = await idOf("zhang.wei");
    expect(created.headers.get("Location")).toBe(`/admin/users/${id}?created=1`);
    const user = await prisma.user.findUniqueOrThrow({ where: { id }, select: { mustChangePassword: true, personId: true, roles: { select: { role: true } } } });
    expect(user).toMatchObject({ mustChangePassword: true, personId: person.id });
    expect(user.roles.map((r) => r.role).sort()).toEqual(["member", "pm"]);
    const audit = await lastAudit("User", id);
    expect(audit).toMatchObject({ action: "create", userId: await idOf("admin") });
    expect(audit!.after).not.toContain(TEMP);

    // Every page sends them to the password change; the change page itself is open.
    const cookie = await cookieFor("zhang.wei");
    const page = (await callLoader(milestonesLoader, "/milestones", { headers: { Cookie: cookie } })) as Response;
    expect(page.status).toBe(302);
    expect(page.headers.get("Location")).toBe("/account/password");
    expect(await callLoader(passwordLoader, "/account/password", { headers: { Cookie: cookie } })).toMatchObject({ forced: true });

    // A wrong current password, a mismatch, the same password again: each refused beside its field.
    const change = (fields: Record<string, string>) => callAction(passwordAction, "/account/password", fields, { headers: { Cookie: cookie } });
    expect(payload<Errors>(await change({ current: "wrong-password", password: "my-own-password-1", confirm: "my-own-password-1" })).data.errors).toEqual({ current: "wrong_current_password" });
    expect(payload<Errors>(await change({ current: TEMP, password: "my-own-password-1", confirm: "my-own-password-2" })).data.errors).toEqual({ confirm: "password_mismatch" });
    expect(payload<Errors>(await change({ current: TEMP, password: TEMP, confirm: TEMP })).data.errors).toEqual({ password: "password_unchanged" });
    expect(payload<Errors>(await change({ current: TEMP, password: "short", confirm: "short" })).data.errors).toMatchObject({ password: "password_too_short" });
    expect(await verifyLogin("zhang.wei", TEMP)).not.toBeNull();

    const done = (await change({ current: TEMP, password: "my-own-password-1", confirm: "my-own-password-1" })) as Response;
    expect(done.headers.get("Location")).toBe("/account?password=1");
    expect(await verifyLogin("zhang.wei", TEMP)).toBeNull();
    expect(await verifyLogin("zhang.wei", "my-own-password-1")).not.toBeNull();
    // The session used for the change stays; pages open again.
    expect((await getUser(new Request(`${ORIGIN}/`, { headers: { Cookie: cookie } })))?.username).toBe("zhang.wei");
    expect(await callLoader(milestonesLoader, "/milestones", { headers: { Cookie: cookie } })).not.toBeInstanceOf(Response);
  });

  it("refuses a taken username, a bad one, no roles, a short password and a person with an account, keeping what was typed (never the password)", async () => {
    const pmPerson = (await prisma.user.findUniqueOrThrow({ where: { username: "pm" }, select: { personId: true } })).personId!;
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{ username: "pm", displayName: "x", password: TEMP, "role.member": "on" }, { username: "username_taken" }],
      [{ username: "no spaces!", displayName: "x", password: TEMP, "role.member": "on" }, { username: "username_format" }],
      [{ username: "nobody1", displayName: "x", password: TEMP }, { roles: "roles_required" }],
      [{ username: "nobody2", displayName: "x", password: "short", "role.member": "on" }, { password: "password_too_short" }],
      [{ username: "nobody3", displayName: "x", password: TEMP, personId: String(pmPerson), "role.member": "on" }, { personId: "person_has_account" }],
    ];
    for (const [fields, errors] of cases) {
      const result = payload<Errors>(await callAction(usersAction, "/admin/users", fields, { as: "admin" }));
      expect(result.status).toBe(400);
      expect(result.data.errors).toEqual(errors);
      expect(result.data.values.username).toBe(fields.username);
      expect(result.data.values.password).toBe("");
    }
    expect(await prisma.user.count({ where: { username: { startsWith: "nobody" } } })).toBe(0);
  });

  it("changes roles and status, ends the user's sessions, and audits before and after", async () => {
    const cookie = await cookieFor("sales");
    const { id, fields } = await accountForm("sales", { "role.member": "on", displayName: "陈静（营销）" });
    const saved = (await callAction(userAction, `/admin/users/${id}`, fields, { as: "admin", params: { id: String(id) } })) as Response;
    expect(saved.headers.get("Location")).toBe(`/admin/users/${id}?saved=1`);
    expect(await getUser(new Request(`${ORIGIN}/`, { headers: { Cookie: cookie } }))).toBeNull();
    const audit = await lastAudit("User", id);
    expect(JSON.parse(audit!.before!)).toEqual({ displayName: "陈静（营销副总）", roles: ["sales"] });
    expect(JSON.parse(audit!.after!)).toMatchObject({ displayName: "陈静（营销）", roles: ["member", "sales"] });

    // A form loaded before that save is stale: refused, nothing changed.
    const stale = payload<Errors>(await callAction(userAction, `/admin/users/${id}`, { ...fields, displayName: "旧表单" }, { as: "admin", params: { id: String(id) } }));
    expect(stale.data.errors).toEqual({ form: "stale_generic" });
    expect((await prisma.user.findUniqueOrThrow({ where: { id } })).displayName).toBe("陈静（营销）");

    // Disabled: cannot sign in.
    const off = await accountForm("sales", { active: null });
    await callAction(userAction, `/admin/users/${id}`, off.fields, { as: "admin", params: { id: String(id) } });
    expect(await verifyLogin("sales", "groundwork")).toBeNull();
    const on = await accountForm("sales", { active: "on" });
    await callAction(userAction, `/admin/users/${id}`, on.fields, { as: "admin", params: { id: String(id) } });
    expect(await verifyLogin("sales", "groundwork")).not.toBeNull();
  });

  it("never leaves the installation without an active administrator, even when two admins demote each other at once", async () => {
    const adminId = await idOf("admin");
    const self = await accountForm("admin", { "role.admin": null, "role.exec": "on" });
    const refused = payload<Errors>(await callAction(userAction, `/admin/users/${adminId}`, self.fields, { as: "admin", params: { id: String(adminId) } }));
    expect(refused.data.errors).toEqual({ roles: "last_admin" });
    const disable = await accountForm("admin", { active: null });
    expect(payload<Errors>(await callAction(userAction, `/admin/users/${adminId}`, disable.fields, { as: "admin", params: { id: String(adminId) } })).data.errors).toEqual({ active: "last_admin" });
    expect(await prisma.userRole.count({ where: { userId: adminId, role: "admin" } })).toBe(1);

    // A second admin; then each removes the other's admin role at the same moment: one wins.
    const second = await accountForm("exec", { "role.admin": "on" });
    await callAction(userAction, `/admin/users/${second.id}`, second.fields, { as: "admin", params: { id: String(second.id) } });
    const [a, b] = [await accountForm("admin", { "role.admin": null, "role.member": "on" }), await accountForm("exec", { "role.admin": null })];
    const results = await Promise.all([
      updateAccount(projectId, a.id, { displayName: a.fields.displayName, personId: null, roles: ["member"], active: true, version: Number(a.fields.version) }, { userId: b.id }),
      updateAccount(projectId, b.id, { displayName: b.fields.displayName, personId: Number(b.fields.personId), roles: ["exec"], active: true, version: Number(b.fields.version) }, { userId: a.id }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ message: "last_admin" });
    expect(await prisma.user.count({ where: { active: true, roles: { some: { role: "admin" } } } })).toBe(1);
    // Put the admin back for the tests below.
    await prisma.userRole.deleteMany({ where: { userId: { in: [a.id, b.id] } } });
    await prisma.userRole.createMany({ data: [{ userId: a.id, role: "admin" }, { userId: b.id, role: "exec" }] });
  });

  it("resets another user's password: sessions end and they must change it; never the admin's own here", async () => {
    const cookie = await cookieFor("finance");
    const id = await idOf("finance");
    const reset = (await callAction(userAction, `/admin/users/${id}`, { intent: "reset", password: TEMP }, { as: "admin", params: { id: String(id) } })) as Response;
    expect(reset.headers.get("Location")).toBe(`/admin/users/${id}?reset=1`);
    expect(await getUser(new Request(`${ORIGIN}/`, { headers: { Cookie: cookie } }))).toBeNull();
    expect(await verifyLogin("finance", TEMP)).not.toBeNull();
    expect((await prisma.user.findUniqueOrThrow({ where: { id } })).mustChangePassword).toBe(true);
    const adminId = await idOf("admin");
    const own = payload<Errors>(await callAction(userAction, `/admin/users/${adminId}`, { intent: "reset", password: TEMP }, { as: "admin", params: { id: String(adminId) } }));
    expect(own.data.errors).toEqual({ password: "own_password_on_account" });
    // Until finance changes it, every page of theirs is the password change (the tests below use finance).
    expect(((await callLoader(milestonesLoader, "/milestones", { as: "finance" })) as Response).headers.get("Location")).toBe("/account/password");
    await prisma.user.update({ where: { id }, data: { mustChangePassword: false } });
  });

  it("keeps a person who left linked through a later save, refuses a role granted to oneself, and writes nothing for a save without changes", async () => {
    // 孙强 (member) leaves; the admin then changes the account's name: the person stays linked.
    const memberPerson = (await prisma.user.findUniqueOrThrow({ where: { username: "member" }, select: { personId: true } })).personId!;
    await prisma.person.update({ where: { id: memberPerson }, data: { active: false } });
    const member = await accountForm("member", { displayName: "孙强（已离任）" });
    expect(member.fields.personId).toBe(String(memberPerson));
    expect(((await callLoader(userLoader, `/admin/users/${member.id}`, { as: "admin", params: { id: String(member.id) } })) as { people: { id: number }[] }).people.map((p) => p.id)).toContain(memberPerson);
    expect(((await callAction(userAction, `/admin/users/${member.id}`, member.fields, { as: "admin", params: { id: String(member.id) } })) as Response).status).toBe(302);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: member.id } })).personId).toBe(memberPerson);
    await prisma.person.update({ where: { id: memberPerson }, data: { active: true } });

    const adminId = await idOf("admin");
    const grant = await accountForm("admin", { "role.exec": "on" });
    expect(payload<Errors>(await callAction(userAction, `/admin/users/${adminId}`, grant.fields, { as: "admin", params: { id: String(adminId) } })).data.errors).toEqual({ roles: "own_roles_grant" });
    expect(await prisma.userRole.count({ where: { userId: adminId } })).toBe(1);

    const same = await accountForm("pm");
    const stamp = (await prisma.user.findUniqueOrThrow({ where: { id: same.id } })).updatedAt.getTime();
    const audits = await prisma.auditLog.count();
    expect(((await callAction(userAction, `/admin/users/${same.id}`, same.fields, { as: "admin", params: { id: String(same.id) } })) as Response).status).toBe(302);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: same.id } })).updatedAt.getTime()).toBe(stamp);
    expect(await prisma.auditLog.count()).toBe(audits);

    // A tampered version is the form's error, not a field the page does not show.
    expect(payload<Errors>(await callAction(userAction, `/admin/users/${same.id}`, { ...same.fields, version: "x" }, { as: "admin", params: { id: String(same.id) } })).data.errors).toEqual({ form: "invalid" });
  });

  it("is the administrator's only: others get 403 and change nothing", async () => {
    for (const role of ["pm", "finance", "sales", "exec", "member"]) {
      expect(((await callLoader(usersLoader, "/admin/users", { as: role })) as Response).status).toBe(403);
      const posted = (await callAction(usersAction, "/admin/users", { username: `by${role}`, displayName: "x", password: TEMP, "role.admin": "on" }, { as: role })) as Response;
      expect(posted.status).toBe(403);
      expect(((await callLoader(orgLoader, "/admin/org", { as: role })) as Response).status).toBe(403);
    }
    expect(await prisma.user.count({ where: { username: { startsWith: "by" } } })).toBe(0);
  });
});

describe("departments and people", () => {
  it("adds and renames a department, refusing a duplicate code beside the field", async () => {
    const added = (await callAction(orgAction, "/admin/org", { intent: "department", code: "QA", name: "质量安全部", nameEn: "Quality & Safety", sortOrder: "12" }, { as: "admin" })) as Response;
    expect(added.status).toBe(302);
    const dept = await prisma.department.findFirstOrThrow({ where: { projectId, code: "QA" } });
    expect(dept).toMatchObject({ name: "质量安全部", nameEn: "Quality & Safety", sortOrder: 12, planned: false });
    const dup = payload<Errors>(await callAction(orgAction, "/admin/org", { intent: "department", code: "ENG", name: "重复", nameEn: "Dup", sortOrder: "1" }, { as: "admin" }));
    expect(dup.data.errors).toEqual({ code: "duplicate_code" });
    expect(dup.data.values.name).toBe("重复");
    await callAction(orgAction, "/admin/org", { intent: "department", id: String(dept.id), code: "QA", name: "质安部", nameEn: "Quality & Safety", sortOrder: "12", planned: "on" }, { as: "admin" });
    const audit = await lastAudit("Department", dept.id);
    expect(JSON.parse(audit!.before!)).toEqual({ name: "质量安全部", planned: false });
    expect(JSON.parse(audit!.after!)).toEqual({ name: "质安部", planned: true });
  });

  it("adds a person to a department; one in charge of an area cannot leave until someone else is", async () => {
    const qa = await prisma.department.findFirstOrThrow({ where: { projectId, code: "QA" }, select: { id: true } });
    const added = (await callAction(orgAction, "/admin/org", { intent: "person", name: "吴昊", nameEn: "Wu Hao", title: "安全主管", titleEn: "Safety Lead", departmentId: String(qa.id), active: "on" }, { as: "admin" })) as Response;
    expect(added.status).toBe(302);
    expect(await prisma.person.findFirst({ where: { projectId, nameEn: "Wu Hao", departmentId: qa.id, active: true } })).not.toBeNull();

    const chief = await prisma.person.findFirstOrThrow({ where: { projectId, name: "张伟" } });
    const leaving = payload<Errors>(await callAction(orgAction, "/admin/org", { intent: "person", id: String(chief.id), name: chief.name, nameEn: chief.nameEn, title: chief.title, titleEn: chief.titleEn, departmentId: String(chief.departmentId) }, { as: "admin" }));
    expect(leaving.data.errors).toMatchObject({ active: { message: "person_leads_area" } });
    expect((await prisma.person.findUniqueOrThrow({ where: { id: chief.id } })).active).toBe(true);

    const missing = payload<Errors>(await callAction(orgAction, "/admin/org", { intent: "person", name: "", nameEn: "X", title: "t", titleEn: "t", departmentId: "999999" }, { as: "admin" }));
    expect(missing.data.errors).toEqual({ name: "required" });
    const badDept = payload<Errors>(await callAction(orgAction, "/admin/org", { intent: "person", name: "某", nameEn: "X", title: "t", titleEn: "t", departmentId: "999999" }, { as: "admin" }));
    expect(badDept.data.errors).toEqual({ departmentId: "invalid_choice" });
  });
});

describe("project settings", () => {
  const form = async (change: Record<string, string>) => {
    const data = (await callLoader(settingsLoader, "/admin/settings", { as: "admin" })) as { settings: { version: number; name: string; nameEn: string; city: string } };
    return { version: String(data.settings.version), name: data.settings.name, nameEn: data.settings.nameEn, city: data.settings.city, paymentApproval: "5000000", changeApproval: "500000", ...change };
  };

  it("lets the administrator lower a threshold but not raise one; an approver may raise it", async () => {
    const lowered = (await callAction(settingsAction, "/admin/settings", await form({ paymentApproval: "3000000", city: "某市" }), { as: "admin" })) as Response;
    expect(lowered.status).toBe(302);
    expect(await prisma.project.findUniqueOrThrow({ where: { id: projectId }, select: { paymentApprovalFen: true, city: true } })).toEqual({ paymentApprovalFen: 300_000_000n, city: "某市" });
    const audit = await lastAudit("Project", projectId);
    expect(JSON.parse(audit!.after!)).toEqual({ city: "某市", paymentApprovalFen: "300000000" });

    const raised = payload<Errors>(await callAction(settingsAction, "/admin/settings", await form({ paymentApproval: "8000000" }), { as: "admin" }));
    expect(raised.data.errors).toEqual({ paymentApproval: { message: "threshold_raise_needs_approver", vars: { currentFen: "300000000" } } });
    expect(raised.data.values.paymentApproval).toBe("8000000");
    expect((await prisma.project.findUniqueOrThrow({ where: { id: projectId } })).paymentApprovalFen).toBe(300_000_000n);

    const byExec = (await callAction(settingsAction, "/admin/settings", await form({ paymentApproval: "5000000" }), { as: "exec" })) as Response;
    expect(byExec.status).toBe(302);
    // The approver's part is the thresholds: the project's name stays the administrator's.
    const renamed = payload<Errors>(await callAction(settingsAction, "/admin/settings", await form({ name: "改名" }), { as: "exec" }));
    expect(renamed.data.errors).toEqual({ name: "project_needs_admin" });
    expect((await prisma.project.findUniqueOrThrow({ where: { id: projectId } })).paymentApprovalFen).toBe(500_000_000n);
  });

  it("refuses a stale form and bad amounts beside their fields; others than admin and approvers get 403", async () => {
    const stale = await form({ city: "A" });
    await callAction(settingsAction, "/admin/settings", stale, { as: "admin" });
    expect(payload<Errors>(await callAction(settingsAction, "/admin/settings", { ...stale, city: "B" }, { as: "admin" })).data.errors).toEqual({ form: "stale_generic" });
    expect(payload<Errors>(await callAction(settingsAction, "/admin/settings", await form({ changeApproval: "abc", paymentApproval: "0" }), { as: "admin" })).data.errors).toEqual({ changeApproval: "invalid_amount", paymentApproval: "amount_positive" });
    for (const role of ["pm", "finance", "sales", "member"]) {
      expect(((await callAction(settingsAction, "/admin/settings", await form({ paymentApproval: "1" }), { as: role })) as Response).status).toBe(403);
    }
    expect((await prisma.project.findUniqueOrThrow({ where: { id: projectId } })).city).toBe("A");
  });
});
