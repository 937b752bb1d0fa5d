// Where a month falls in a cash flow's months: flows and receipts dated before the first month count
// in the first, after the last in the last (never dropped silently), and a month missing inside the
// range in the next listed one.
export function monthIndexer(months: string[]): (month: string) => number {
  const count = months.length;
  const indexOf = new Map(months.map((month, i) => [month, i]));
  return (month: string) => {
    const found = indexOf.get(month);
    if (found !== undefined) return found;
    if (month < months[0]) return 0;
    if (month > months[count - 1]) return count - 1;
    const next = months.findIndex((m) => m >= month);
    return next < 0 ? count - 1 : next;
  };
}
