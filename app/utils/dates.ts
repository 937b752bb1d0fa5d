// Calendar dates are civil dates in Asia/Shanghai, written "YYYY-MM-DD" and stored as DateTime at
// 00:00 UTC of that date, so they never shift with the server's time zone. China has no DST: UTC+8.

export const TIME_ZONE = "Asia/Shanghai";
const OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export type CivilDate = string; // "YYYY-MM-DD"

const CIVIL = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCivilDate(text: string): boolean {
  const match = CIVIL.exec(text);
  if (!match) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** The civil date in Shanghai at `now`. GROUNDWORK_TODAY=YYYY-MM-DD pins it (demos, tests). */
export function today(now: Date = new Date()): CivilDate {
  const pinned = typeof process !== "undefined" ? process.env.GROUNDWORK_TODAY : undefined;
  if (pinned && isCivilDate(pinned)) return pinned;
  return new Date(now.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

export function civilToDate(civil: CivilDate): Date {
  if (!isCivilDate(civil)) throw new RangeError(`not a date: ${civil}`);
  return new Date(`${civil}T00:00:00Z`);
}

export function dateToCivil(date: Date): CivilDate {
  return date.toISOString().slice(0, 10);
}

export function addDays(civil: CivilDate, days: number): CivilDate {
  return dateToCivil(new Date(civilToDate(civil).getTime() + days * DAY_MS));
}

/** Whole days from a to b (positive when b is later). */
export function daysBetween(a: CivilDate, b: CivilDate): number {
  return Math.round((civilToDate(b).getTime() - civilToDate(a).getTime()) / DAY_MS);
}

export function maxDate(a: CivilDate, b: CivilDate): CivilDate {
  return a >= b ? a : b;
}

export function monthOf(civil: CivilDate): string {
  return civil.slice(0, 7);
}

/** Months "YYYY-MM" from the month of `start` to the month of `end`, inclusive. */
export function monthsBetween(start: CivilDate, end: CivilDate): string[] {
  const months: string[] = [];
  let year = Number(start.slice(0, 4));
  let month = Number(start.slice(5, 7));
  const last = monthOf(end);
  for (;;) {
    const key = `${year}-${String(month).padStart(2, "0")}`;
    if (key > last) break;
    months.push(key);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

/** The civil date `months` after `civil`, clamped to the last day of the month (01-31 + 1 → 02-28). */
export function addMonths(civil: CivilDate, months: number): CivilDate {
  const [year, month, day] = civil.split("-").map(Number);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(Math.min(day, last)).padStart(2, "0")}`;
}

export function daysInMonth(monthKey: string): number {
  const [year, month] = monthKey.split("-").map(Number);
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function formatDate(civil: CivilDate | null | undefined, lang: "zh" | "en"): string {
  if (!civil) return "—";
  const [y, m, d] = civil.split("-");
  return lang === "zh" ? `${y}年${Number(m)}月${Number(d)}日` : civil;
}

export function formatMonth(monthKey: string, lang: "zh" | "en"): string {
  const [y, m] = monthKey.split("-");
  if (lang === "zh") return `${y}年${Number(m)}月`;
  const names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  return `${names[Number(m) - 1]} ${y}`;
}

/** An instant (ISO string) as the civil date and "HH:MM" in Shanghai. */
export function instantInShanghai(iso: string): { date: CivilDate; time: string } {
  const shifted = new Date(new Date(iso).getTime() + OFFSET_MS).toISOString();
  return { date: shifted.slice(0, 10), time: shifted.slice(11, 16) };
}

export function formatDateTime(iso: string, lang: "zh" | "en"): string {
  const { date, time } = instantInShanghai(iso);
  return `${formatDate(date, lang)} ${time}`;
}
