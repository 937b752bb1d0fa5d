// Pre-sale escrow (预售资金监管): pre-sale receipts go into a supervised account; the key amount
// (重点监管额度) of each sale is released only at construction nodes; only released money and money above
// the key amount can pay other costs. Pure; money in bigint 分, areas in hundredths of m² (csqm),
// shares in basis points.
//
// Rules:
// - Key amount of a sale = min(price, area × key amount per m²), rounded half up to the 分. A sale with no
//   area (0) is held in full (conservative).
// - Released share at a date = the largest cumulative releaseBps among the nodes reached by then (a node's
//   date is its actual end when done, else its forecast end), 0 before the first, never above 100 %.
// - Money received fills the key amount first: in key = min(received, key); released = min(in key, key ×
//   released share, rounded down); available = (received − in key) + released; held = in key − released.
// - The monthly series: receipts dated before the first month count in the first month, after the last
//   month in the last month (never dropped). A month's available cash is the increase of the total
//   available over the previous month. One pass per sale over the months, no per-day work.
import type { CivilDate } from "~/utils/dates";
import { monthIndexer } from "./months";

/** Cumulative share of the key amount released from `on` (actual end when done, else forecast end). */
export type EscrowNode = { on: CivilDate; releaseBps: number };

/** The key amount (重点监管额度) of one sale: min(price, area × key per m²), rounded half up; no area → the whole price. */
export function keyAmountFen(input: { priceFen: bigint; areaCsqm: number; keyFenPerSqm: bigint }): bigint {
  if (input.areaCsqm <= 0) return input.priceFen;
  const keyFen = (BigInt(Math.round(input.areaCsqm)) * input.keyFenPerSqm * 2n + 100n) / 200n;
  return keyFen < input.priceFen ? keyFen : input.priceFen;
}

/** The largest cumulative releaseBps among nodes reached by `on` (node.on ≤ on); 0 if none; at most 10,000. */
export function releasedBps(nodes: EscrowNode[], on: CivilDate): number {
  let bps = 0;
  for (const node of nodes) if (node.on <= on && node.releaseBps > bps) bps = node.releaseBps;
  return Math.min(bps, 10_000);
}

/** What of the money received so far for one sale can pay costs, and what stays held. */
export function availableFen(input: { receivedFen: bigint; keyFen: bigint; releasedBps: number }): { availableFen: bigint; heldFen: bigint } {
  const { receivedFen, keyFen } = input;
  const inKeyFen = receivedFen < keyFen ? receivedFen : keyFen;
  const releasableFen = (keyFen * BigInt(Math.max(0, Math.min(input.releasedBps, 10_000)))) / 10_000n;
  const releasedFen = inKeyFen < releasableFen ? inKeyFen : releasableFen;
  return { availableFen: receivedFen - inKeyFen + releasedFen, heldFen: inKeyFen - releasedFen };
}

export type EscrowSale = { keyFen: bigint; receipts: { month: string; amountFen: bigint }[] };

/**
 * By month: the pre-sale money received, the cash it makes available to pay costs (increase of the total
 * available over the previous month) and what is held at the month's end. `releasedBpsByMonth[i]` is the
 * released share in `months[i]`.
 */
export function escrowSeries(input: { sales: EscrowSale[]; months: string[]; releasedBpsByMonth: number[] }): { month: string; receivedFen: bigint; availableFen: bigint; heldEndFen: bigint }[] {
  const { months } = input;
  const count = months.length;
  if (count === 0) return [];
  const monthIndex = monthIndexer(months);
  // A sale's available and held amounts change only in a month where it receives money or the
  // release share changes: each sale adds the change at those months to a difference array, so the
  // work is O(sales × (receipts + nodes)), not O(sales × months) (500,000 sales × 60 months on 10×).
  const changes: number[] = [];
  for (let i = 0; i < count; i++) if (i === 0 || (input.releasedBpsByMonth[i] ?? 0) !== (input.releasedBpsByMonth[i - 1] ?? 0)) changes.push(i);
  const receivedFen = new Array<bigint>(count).fill(0n);
  const availableDiff = new Array<bigint>(count).fill(0n);
  const heldDiff = new Array<bigint>(count).fill(0n);
  for (const sale of input.sales) {
    if (sale.receipts.length === 0) continue;
    const byIndex = new Map<number, bigint>();
    for (const r of sale.receipts) {
      const i = monthIndex(r.month);
      byIndex.set(i, (byIndex.get(i) ?? 0n) + r.amountFen);
      receivedFen[i] += r.amountFen;
    }
    const first = Math.min(...byIndex.keys());
    const events = [...new Set([...byIndex.keys(), ...changes.filter((i) => i > first)])].sort((x, y) => x - y);
    let cumulativeFen = 0n;
    let lastAvailable = 0n;
    let lastHeld = 0n;
    for (const i of events) {
      cumulativeFen += byIndex.get(i) ?? 0n;
      const cash = availableFen({ receivedFen: cumulativeFen, keyFen: sale.keyFen, releasedBps: input.releasedBpsByMonth[i] ?? 0 });
      availableDiff[i] += cash.availableFen - lastAvailable;
      heldDiff[i] += cash.heldFen - lastHeld;
      lastAvailable = cash.availableFen;
      lastHeld = cash.heldFen;
    }
  }
  const availableTotalFen = new Array<bigint>(count);
  const heldEndFen = new Array<bigint>(count);
  let available = 0n;
  let held = 0n;
  for (let i = 0; i < count; i++) {
    available += availableDiff[i];
    held += heldDiff[i];
    availableTotalFen[i] = available;
    heldEndFen[i] = held;
  }
  return months.map((month, i) => ({
    month,
    receivedFen: receivedFen[i],
    availableFen: availableTotalFen[i] - (i === 0 ? 0n : availableTotalFen[i - 1]),
    heldEndFen: heldEndFen[i],
  }));
}
