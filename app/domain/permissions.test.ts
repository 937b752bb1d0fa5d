import { describe, expect, it } from "vitest";
import { can, permissionsOf, ROLES } from "./permissions";

describe("permissions", () => {
  it("grants each role what its job covers", () => {
    expect(permissionsOf(["admin"])).toEqual(["users.manage", "settings.manage", "audit.read"]);
    expect(permissionsOf(["pm"])).toEqual(["schedule.write", "cost.certify", "actions.report"]);
    expect(permissionsOf(["finance"])).toEqual(["capital.write", "financing.write", "actions.report"]);
    expect(permissionsOf(["sales"])).toEqual(["sales.write", "actions.report"]);
    expect(permissionsOf(["exec"])).toEqual(["approvals.decide", "meeting.run", "actions.report", "audit.read", "pack.issue"]);
    expect(permissionsOf(["member"])).toEqual(["actions.report"]);
  });

  it("adds up several roles and ignores unknown ones", () => {
    expect(can(["pm", "sales"], "sales.write")).toBe(true);
    expect(can(["pm", "sales"], "capital.write")).toBe(false);
    expect(permissionsOf(["root", "superuser"])).toEqual([]);
  });

  it("keeps money writes away from every role but finance", () => {
    const withCapital = ROLES.filter((role) => can([role], "capital.write"));
    expect(withCapital).toEqual(["finance"]);
  });

  it("keeps approving apart from submitting: no single role both records money and approves it", () => {
    for (const role of ROLES) expect(can([role], "capital.write") && can([role], "approvals.decide"), role).toBe(false);
  });
});
