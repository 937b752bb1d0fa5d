import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  addDays,
  civilToDate,
  dateToCivil,
  daysBetween,
  daysInMonth,
  formatDate,
  formatDateTime,
  formatMonth,
  instantInShanghai,
  isCivilDate,
  maxDate,
  monthOf,
  monthsBetween,
  TIME_ZONE,
  today,
} from "./dates";

describe("isCivilDate", () => {
  it.each(["2026-11-27", "2026-01-01", "2026-12-31", "2028-02-29", "2000-02-29", "2027-06-30"])("accepts %s", (text) => {
    expect(isCivilDate(text)).toBe(true);
  });

  it.each(["2026-02-30", "2026-02-29", "2100-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00", "2026-01-32"])(
    "rejects the impossible date %s",
    (text) => {
      expect(isCivilDate(text)).toBe(false);
    },
  );

  it.each(["", "2026-1-01", "2026-01-1", "26-01-01", "2026/01/01", "20260101", " 2026-01-01", "2026-01-01 ", "2026-01-01T00:00:00Z", "2026-01-01T00:00", "abcd-ef-gh", "+2026-01-01"])(
    "rejects the badly formatted %j",
    (text) => {
      expect(isCivilDate(text)).toBe(false);
    },
  );
});

describe("today", () => {
  it("uses Asia/Shanghai", () => {
    expect(TIME_ZONE).toBe("Asia/Shanghai");
  });

  it("is pinned by GROUNDWORK_TODAY (set by the vitest config)", () => {
    expect(process.env.GROUNDWORK_TODAY).toBe("2026-11-27");
    expect(today()).toBe("2026-11-27");
    // The pin wins over an explicit instant.
    expect(today(new Date("2030-06-15T12:00:00Z"))).toBe("2026-11-27");
  });

  describe("from the clock", () => {
    let saved: string | undefined;
    beforeEach(() => {
      saved = process.env.GROUNDWORK_TODAY;
      delete process.env.GROUNDWORK_TODAY;
    });
    afterEach(() => {
      if (saved === undefined) delete process.env.GROUNDWORK_TODAY;
      else process.env.GROUNDWORK_TODAY = saved;
      vi.useRealTimers();
    });

    it("is already the next day in Shanghai at 17:00 UTC", () => {
      expect(today(new Date("2026-11-27T17:00:00Z"))).toBe("2026-11-28");
    });

    it("turns over at 16:00 UTC (midnight in Shanghai)", () => {
      expect(today(new Date("2026-11-27T15:59:59.999Z"))).toBe("2026-11-27");
      expect(today(new Date("2026-11-27T16:00:00.000Z"))).toBe("2026-11-28");
    });

    it("is the same day in Shanghai early in the UTC day", () => {
      expect(today(new Date("2026-11-27T00:00:00Z"))).toBe("2026-11-27");
    });

    it("crosses the year end in Shanghai before UTC does", () => {
      expect(today(new Date("2026-12-31T16:30:00Z"))).toBe("2027-01-01");
    });

    it("reads the system clock when no instant is given", () => {
      vi.useFakeTimers();
      vi.setSystemTime(new Date("2027-03-01T20:00:00Z"));
      expect(today()).toBe("2027-03-02");
    });

    it("ignores a GROUNDWORK_TODAY that is not a valid date", () => {
      process.env.GROUNDWORK_TODAY = "2026-02-30";
      expect(today(new Date("2026-11-27T17:00:00Z"))).toBe("2026-11-28");
      process.env.GROUNDWORK_TODAY = "tomorrow";
      expect(today(new Date("2026-11-27T17:00:00Z"))).toBe("2026-11-28");
    });
  });
});

describe("civilToDate / dateToCivil", () => {
  it("stores a civil date at 00:00 UTC", () => {
    expect(civilToDate("2026-11-27").toISOString()).toBe("2026-11-27T00:00:00.000Z");
    expect(dateToCivil(new Date("2026-11-27T00:00:00Z"))).toBe("2026-11-27");
  });

  it("throws on an invalid date", () => {
    expect(() => civilToDate("2026-02-30")).toThrow(RangeError);
    expect(() => civilToDate("27/11/2026")).toThrow(RangeError);
  });
});

describe("addDays", () => {
  it("adds zero, positive and negative days", () => {
    expect(addDays("2026-11-27", 0)).toBe("2026-11-27");
    expect(addDays("2026-11-27", 3)).toBe("2026-11-30");
    expect(addDays("2026-11-27", -27)).toBe("2026-10-31");
  });

  it("crosses month ends", () => {
    expect(addDays("2026-11-30", 1)).toBe("2026-12-01");
    expect(addDays("2026-12-01", -1)).toBe("2026-11-30");
    expect(addDays("2027-01-31", 1)).toBe("2027-02-01");
  });

  it("crosses year ends both ways", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2027-01-01", -1)).toBe("2026-12-31");
    expect(addDays("2026-11-27", 365)).toBe("2027-11-27");
  });

  it("knows leap years", () => {
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2028-02-29", 1)).toBe("2028-03-01");
    expect(addDays("2027-02-28", 1)).toBe("2027-03-01");
    expect(addDays("2028-01-01", 366)).toBe("2029-01-01");
  });

  it("throws on an invalid start date", () => {
    expect(() => addDays("2026-02-30", 1)).toThrow(RangeError);
  });
});

describe("daysBetween", () => {
  it("counts whole days, positive when b is later", () => {
    expect(daysBetween("2026-11-27", "2026-11-27")).toBe(0);
    expect(daysBetween("2026-11-27", "2026-11-28")).toBe(1);
    expect(daysBetween("2026-11-27", "2026-11-20")).toBe(-7);
    expect(daysBetween("2026-11-27", "2027-12-31")).toBe(399);
  });

  it("counts February correctly in leap and common years", () => {
    expect(daysBetween("2028-02-28", "2028-03-01")).toBe(2);
    expect(daysBetween("2027-02-28", "2027-03-01")).toBe(1);
  });

  it("is the inverse of addDays", () => {
    for (const n of [-400, -31, -1, 0, 1, 45, 366, 1000]) {
      expect(daysBetween("2026-11-27", addDays("2026-11-27", n))).toBe(n);
    }
  });
});

describe("maxDate / monthOf", () => {
  it("picks the later date", () => {
    expect(maxDate("2026-11-27", "2026-12-01")).toBe("2026-12-01");
    expect(maxDate("2027-01-01", "2026-12-31")).toBe("2027-01-01");
    expect(maxDate("2026-11-27", "2026-11-27")).toBe("2026-11-27");
  });

  it("takes the YYYY-MM month", () => {
    expect(monthOf("2026-11-27")).toBe("2026-11");
  });
});

describe("monthsBetween", () => {
  it("lists Nov 2026 – Dec 2027 as 14 months, inclusive", () => {
    const months = monthsBetween("2026-11-01", "2027-12-31");
    expect(months).toHaveLength(14);
    expect(months).toEqual([
      "2026-11",
      "2026-12",
      "2027-01",
      "2027-02",
      "2027-03",
      "2027-04",
      "2027-05",
      "2027-06",
      "2027-07",
      "2027-08",
      "2027-09",
      "2027-10",
      "2027-11",
      "2027-12",
    ]);
  });

  it("counts months, not days: any days inside the end months", () => {
    expect(monthsBetween("2026-11-30", "2027-12-01")).toHaveLength(14);
    expect(monthsBetween("2026-11-15", "2026-11-20")).toEqual(["2026-11"]);
  });

  it("is empty when the end is in an earlier month", () => {
    expect(monthsBetween("2027-01-01", "2026-12-31")).toEqual([]);
  });
});

describe("daysInMonth", () => {
  it.each([
    ["2026-01", 31],
    ["2026-02", 28],
    ["2027-02", 28],
    ["2028-02", 29],
    ["2000-02", 29],
    ["2100-02", 28],
    ["2026-04", 30],
    ["2026-11", 30],
    ["2026-12", 31],
  ])("%s has %i days", (month, days) => {
    expect(daysInMonth(month)).toBe(days);
  });
});

describe("formatDate", () => {
  it("writes zh dates without leading zeros", () => {
    expect(formatDate("2026-11-27", "zh")).toBe("2026年11月27日");
    expect(formatDate("2027-01-05", "zh")).toBe("2027年1月5日");
  });

  it("keeps ISO dates in en", () => {
    expect(formatDate("2027-01-05", "en")).toBe("2027-01-05");
  });

  it("shows a dash for a missing date", () => {
    expect(formatDate(null, "zh")).toBe("—");
    expect(formatDate(undefined, "en")).toBe("—");
    expect(formatDate("", "zh")).toBe("—");
  });
});

describe("formatMonth", () => {
  it("writes zh months without leading zeros", () => {
    expect(formatMonth("2027-01", "zh")).toBe("2027年1月");
    expect(formatMonth("2026-11", "zh")).toBe("2026年11月");
  });

  it("writes en months with short names", () => {
    expect(formatMonth("2027-01", "en")).toBe("Jan 2027");
    expect(formatMonth("2026-11", "en")).toBe("Nov 2026");
    expect(formatMonth("2027-12", "en")).toBe("Dec 2027");
    expect(formatMonth("2027-05", "en")).toBe("May 2027");
  });
});

describe("instantInShanghai / formatDateTime", () => {
  it("shifts a UTC instant to UTC+8", () => {
    expect(instantInShanghai("2026-11-27T01:30:00Z")).toEqual({ date: "2026-11-27", time: "09:30" });
    expect(instantInShanghai("2026-11-27T17:00:00Z")).toEqual({ date: "2026-11-28", time: "01:00" });
    expect(instantInShanghai("2026-12-31T16:30:00.000Z")).toEqual({ date: "2027-01-01", time: "00:30" });
  });

  it("honours an explicit offset in the instant", () => {
    expect(instantInShanghai("2026-11-27T09:00:00+08:00")).toEqual({ date: "2026-11-27", time: "09:00" });
    expect(instantInShanghai("2026-11-27T09:00:00-05:00")).toEqual({ date: "2026-11-27", time: "22:00" });
  });

  it("formats date and time in both languages", () => {
    expect(formatDateTime("2026-11-27T17:05:00Z", "zh")).toBe("2026年11月28日 01:05");
    expect(formatDateTime("2026-11-27T17:05:00Z", "en")).toBe("2026-11-28 01:05");
  });
});
