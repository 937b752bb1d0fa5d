import { describe, expect, it } from "vitest";
import { chooseChair, standInBlocker, startBlocker, type StoredChair } from "./chair";

const GM = { id: 1, name: "GM" };
const PM = { id: 2, name: "PM" };
const CE = { id: 3, name: "CE" };
const leaders = new Map([["finance", GM], ["engineering", PM], ["technical", CE]]);
const roster = [GM, PM, CE];
const choose = (date: string, stored: StoredChair<typeof GM>) => chooseChair({ date, stored, leaders, roster, seriesStart: "2026-11-17" });
const planned = (over: Partial<NonNullable<StoredChair<typeof GM>>> = {}): StoredChair<typeof GM> => ({ themeArea: "", chair: null, chairBasis: "", status: "planned", ...over });

describe("who chairs a meeting", () => {
  it("is the leader of the theme's area, whatever the rotation says", () => {
    // 12-01 is the chief engineer's turn in the rotation; its theme is on funding: the general manager chairs.
    expect(choose("2026-12-01", null)).toEqual({ chair: CE, basis: "rotation", leader: null });
    expect(choose("2026-12-01", planned({ themeArea: "finance" }))).toEqual({ chair: GM, basis: "theme", leader: GM });
  });

  it("keeps a stand-in or a swap while planned, and names the leader they replace", () => {
    expect(choose("2026-12-01", planned({ themeArea: "finance", chair: PM, chairBasis: "stand_in" }))).toEqual({ chair: PM, basis: "stand_in", leader: GM });
    expect(choose("2026-12-01", planned({ themeArea: "finance", chair: CE, chairBasis: "swap" }))).toEqual({ chair: CE, basis: "swap", leader: GM });
  });

  it("keeps the chair a started meeting started with, even if the 分工 changed since", () => {
    const started = { themeArea: "finance", chair: GM, chairBasis: "theme", status: "closed" };
    expect(chooseChair({ date: "2026-12-01", stored: started, leaders: new Map([["finance", PM]]), roster, seriesStart: "2026-11-17" }).chair).toEqual(GM);
  });

  it("falls back to the rotation when the theme's area has nobody in charge, and to nobody with an empty roster", () => {
    expect(choose("2026-11-24", planned({ themeArea: "hr" }))).toEqual({ chair: PM, basis: "rotation", leader: null });
    expect(chooseChair({ date: "2026-11-24", stored: null, leaders, roster: [], seriesStart: null })).toEqual({ chair: null, basis: "none", leader: null });
  });

  it("keeps the chair of rows stored before themes chose chairs", () => {
    expect(choose("2026-12-08", planned({ chair: CE }))).toEqual({ chair: CE, basis: "rotation", leader: null });
  });
});

describe("what blocks", () => {
  it("a start without a theme and its area, or without anyone to chair", () => {
    expect(startBlocker({ theme: "", themeArea: "finance" }, { chair: GM, basis: "theme", leader: GM })).toBe("theme_required");
    expect(startBlocker({ theme: "资金", themeArea: "" }, { chair: GM, basis: "rotation", leader: null })).toBe("theme_required");
    expect(startBlocker({ theme: "资金", themeArea: "hr" }, { chair: null, basis: "none", leader: null })).toBe("no_chair");
    expect(startBlocker({ theme: "资金", themeArea: "finance" }, { chair: GM, basis: "theme", leader: GM })).toBeNull();
  });

  it("a stand-in before the theme is set, or the leader standing in for himself", () => {
    expect(standInBlocker({ themeArea: "", leaderId: null, standInId: 2 })).toBe("theme_first");
    expect(standInBlocker({ themeArea: "finance", leaderId: 1, standInId: 1 })).toBe("same_as_leader");
    expect(standInBlocker({ themeArea: "finance", leaderId: 1, standInId: 2 })).toBeNull();
  });
});
