// The pure sales domain: targets and achievement, inventory (房源 and 销控表), pricing and discount
// authority, receivable schedules and 回款, rates (回款率, 去化率, 出租率), agency commission and rent.
export * from "./targets";
export * from "./inventory";
export * from "./pricing";
export * from "./receivables";
export * from "./rates";
export * from "./commission";
export * from "./rent";
