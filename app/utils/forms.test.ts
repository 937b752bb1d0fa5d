import { describe, expect, it } from "vitest";
import { safeRedirect } from "./forms";

describe("safeRedirect", () => {
  it("keeps paths on this site", () => {
    expect(safeRedirect("/budget?x=1#a")).toBe("/budget?x=1#a");
    expect(safeRedirect("/")).toBe("/");
  });
  it("turns anything that could leave the site into /", () => {
    for (const target of ["//evil.com", "/\\evil.com", "/\t/evil.com", "https://evil.com", "evil.com", "", null, 42, "/ /evil"]) {
      expect(safeRedirect(target)).toBe("/");
    }
  });
});
