// Cash flow to completion: loan interest, pre-sale escrow, remaining spending and the monthly plan.
export * from "./interest";
export * from "./escrow";
export * from "./spending";
export * from "./cashflow";
