import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { translator } from "~/i18n";
import { en, zh } from "~/i18n/messages";
import { AUDIT_ENTITIES, FIELD_LABELS, entityLabel, fieldLabel, formatAuditValue, recordTitle, refKey, type FormatContext } from "./audit-format";

const zhT = translator("zh");
const enT = translator("en");
const refs = {
  [refKey("department", 5)]: { name: "工程部", nameEn: "Engineering" },
  [refKey("person", 7)]: { name: "李明", nameEn: "Li Ming" },
};
const zhCtx: FormatContext = { lang: "zh", t: zhT, entity: "Milestone", refs };
const enCtx: FormatContext = { lang: "en", t: enT, entity: "Milestone", refs };

describe("labels", () => {
  it("has every entity and field label in both languages", () => {
    for (const entity of AUDIT_ENTITIES) {
      expect(zh).toHaveProperty([`audit.entity.${entity}`]);
      expect(en).toHaveProperty([`audit.entity.${entity}`]);
    }
    for (const field of FIELD_LABELS) {
      expect(zh, field).toHaveProperty([`audit.field.${field}`]);
      expect(en, field).toHaveProperty([`audit.field.${field}`]);
    }
  });

  it("names entities and fields in the user's language, unknown ones as stored", () => {
    expect(entityLabel("Milestone", zhT)).toBe("里程碑");
    expect(entityLabel("Milestone", enT)).toBe("Milestone");
    expect(entityLabel("Gizmo", zhT)).toBe("Gizmo");
    expect(fieldLabel("percentComplete", zhT)).toBe("完成百分比");
    expect(fieldLabel("percentComplete", enT)).toBe("Percent complete");
    expect(fieldLabel("amountFen", zhT)).toBe("金额");
    expect(fieldLabel("areaCsqm", enT)).toBe("Area");
    expect(fieldLabel("departmentId", zhT)).toBe("部门");
    expect(fieldLabel("mysteryField", enT)).toBe("mysteryField");
  });

  it("labels every field that a recordAudit call writes as a literal key", () => {
    // The keys written literally in before/after objects of recordAudit calls across app/models.
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith(".ts") && !name.endsWith(".test.ts")) files.push(path);
      }
    };
    walk(join(__dirname, "..", "models"));
    const seen = new Set<string>();
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      for (const call of text.split("recordAudit(").slice(1)) {
        const body = call.slice(0, 1500);
        for (const side of body.matchAll(/\b(?:before|after): \{/g)) {
          let depth = 1;
          let i = side.index! + side[0].length;
          const start = i;
          while (depth > 0 && i < body.length) (depth += body[i] === "{" ? 1 : body[i] === "}" ? -1 : 0), i++;
          const literal = body
            .slice(start, i - 1)
            .replace(/\{[^{}]*\}/g, "")
            .replace(/\([^()]*\)/g, "");
          for (const key of literal.matchAll(/(?:^|,)\s*(\w+)\s*(?=[:,]|$)/g)) seen.add(key[1]);
        }
      }
    }
    // Spreads (…input) and computed keys are not seen here: unknown fields fall back to their raw name.
    const unlabelled = [...seen].filter((field) => !(FIELD_LABELS as readonly string[]).includes(field));
    expect(seen.size).toBeGreaterThan(50);
    expect(unlabelled).toEqual([]);
  });
});

describe("values", () => {
  it("shows centi-square-metres as m² with 2 decimals", () => {
    expect(formatAuditValue("areaCsqm", 9550, zhCtx)).toBe("95.50 m²");
    expect(formatAuditValue("areaCsqm", 1234567, enCtx)).toBe("12,345.67 m²");
  });

  it("shows percent complete and basis points as percentages", () => {
    expect(`${formatAuditValue("percentComplete", 60, zhCtx)} → ${formatAuditValue("percentComplete", 100, zhCtx)}`).toBe("60% → 100%");
    expect(formatAuditValue("rateBps", 450, enCtx)).toBe("4.5%");
    expect(formatAuditValue("subscriptionCapBps", 10000, zhCtx)).toBe("100%");
  });

  it("shows amounts exactly in 元", () => {
    expect(formatAuditValue("amountFen", "123456789", zhCtx)).toContain("1,234,567.89");
    expect(formatAuditValue("amountFen", "123456789", enCtx)).toContain("1,234,567.89");
  });

  it("shows ids as the names they point to, #id when unknown", () => {
    expect(formatAuditValue("departmentId", 5, zhCtx)).toBe("工程部");
    expect(formatAuditValue("departmentId", 5, enCtx)).toBe("Engineering");
    expect(formatAuditValue("ownerId", 7, enCtx)).toBe("Li Ming");
    expect(formatAuditValue("departmentId", 99, zhCtx)).toBe("#99");
  });

  it("formats civil dates, instants, booleans and nothing for the language", () => {
    expect(formatAuditValue("paidOn", "2026-11-05", zhCtx)).toBe("2026年11月5日");
    expect(formatAuditValue("paidOn", "2026-11-05", enCtx)).toBe("2026-11-05");
    expect(formatAuditValue("actualEnd", "2026-11-09T00:00:00.000Z", zhCtx)).toBe("2026年11月9日");
    expect(formatAuditValue("retiredAt", "2026-11-09T02:30:00.000Z", enCtx)).toBe("2026-11-09 10:30");
    expect(formatAuditValue("isKey", true, zhCtx)).toBe("是");
    expect(formatAuditValue("isKey", false, enCtx)).toBe("No");
    expect(formatAuditValue("note", "", zhCtx)).toBe("—");
    expect(formatAuditValue("note", null, enCtx)).toBe("—");
  });

  it("shows known enum values through their message keys, unknown ones as stored", () => {
    expect(formatAuditValue("status", "done", zhCtx)).toBe("已完成");
    expect(formatAuditValue("status", "in_progress", enCtx)).toBe("In progress");
    expect(formatAuditValue("status", "closed", { ...zhCtx, entity: "Meeting" })).toBe("已结束");
    expect(
      formatAuditValue("outcome", "decision", {
        ...enCtx,
        entity: "AgendaItem",
      })
    ).toBe("Decision");
    expect(formatAuditValue("kind", "reversal", { ...zhCtx, entity: "Payment" })).toBe("红冲");
    expect(formatAuditValue("status", "whatever", zhCtx)).toBe("whatever");
    expect(formatAuditValue("roles", ["pm", "finance"], enCtx)).toBe("pm, finance");
  });
});

describe("record titles", () => {
  it("names the record by entity, code and name; #id when it is gone", () => {
    const subject = {
      code: "M01",
      name: "规划方案报自然资源和规划局审批",
      nameEn: "Plan approval by the planning bureau",
    };
    expect(recordTitle("Milestone", 2, subject, "zh", zhT)).toBe("里程碑 M01 规划方案报自然资源和规划局审批");
    expect(recordTitle("Milestone", 2, subject, "en", enT)).toBe("Milestone M01 Plan approval by the planning bureau");
    expect(recordTitle("Milestone", 2, null, "zh", zhT)).toBe("里程碑 #2");
    expect(recordTitle("TargetCostVersion", 3, { code: "V2", name: "", nameEn: "" }, "en", enT)).toBe("Target-cost version V2");
  });
});

describe("area values", () => {
  it("shows pack and leader areas through their labels, and an empty list as nothing", () => {
    expect(formatAuditValue("area", "cash", { ...zhCtx, entity: "PackCommentary" })).toBe("资金与融资");
    expect(
      formatAuditValue("area", "engineering", {
        ...enCtx,
        entity: "AreaLeader",
      })
    ).toBe("Engineering and schedule");
    expect(formatAuditValue("emptyCommentaries", [], zhCtx)).toBe("—");
  });
});
