import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseIntent, readFormData, safeRedirect } from "./forms";

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
  it("judges the path after normalisation (dot segments cannot make it protocol-relative)", () => {
    for (const target of ["/.//evil.example", "/../..//evil.example", "/a/..//evil.example", "/./%2e/..//evil.example", "/%2e//evil.example"]) {
      const result = safeRedirect(target);
      expect(result.startsWith("//")).toBe(false);
      expect(new URL(result, "https://groundwork.example").host).toBe("groundwork.example");
    }
    expect(safeRedirect("/budget/../sales")).toBe("/sales");
  });
});

describe("parseIntent", () => {
  const schemas = { pay: z.object({ intent: z.literal("pay"), amount: z.string().min(1, "required") }) };
  const form = (fields: Record<string, string>) => {
    const data = new FormData();
    for (const [k, v] of Object.entries(fields)) data.set(k, v);
    return data;
  };
  it("parses with the schema the intent names", () => {
    expect(parseIntent(schemas, form({ intent: "pay", amount: "1" }))).toMatchObject({ ok: true, data: { intent: "pay", amount: "1" } });
    expect(parseIntent(schemas, form({ intent: "pay", amount: "" }))).toMatchObject({ ok: false, errors: { amount: "required" }, values: { intent: "pay", amount: "" } });
  });
  it("answers a form error for an intent with no schema, inherited names included", () => {
    for (const intent of ["other", "constructor", "toString", "__proto__", ""]) {
      expect(parseIntent(schemas, form({ intent }))).toEqual({ ok: false, errors: { form: "invalid" }, values: {} });
    }
    expect(parseIntent(schemas, new FormData())).toEqual({ ok: false, errors: { form: "invalid" }, values: {} });
  });
});

describe("readFormData", () => {
  const request = (type: string | null, body: string) =>
    new Request("http://localhost/login", { method: "POST", body, headers: type ? { "Content-Type": type } : {} });
  const status = (promise: Promise<unknown>) => promise.then(() => 200, (thrown: unknown) => (thrown instanceof Response ? thrown.status : 500));

  it("reads urlencoded and multipart forms", async () => {
    expect((await readFormData(request("application/x-www-form-urlencoded", "a=1"))).get("a")).toBe("1");
  });

  it("answers 415 for a body that is not a form and 400 for a broken one, never a 500", async () => {
    expect(await status(readFormData(request("text/plain", "a=1")))).toBe(415);
    expect(await status(readFormData(request(null, "a=1")))).toBe(415);
    expect(await status(readFormData(request("application/json", "{}")))).toBe(415);
    expect(await status(readFormData(request("multipart/form-data; boundary=x", "--x\r\nbroken")))).toBe(400);
    expect(await status(readFormData(request("multipart/form-data", "no boundary")))).toBe(400);
  });
});
