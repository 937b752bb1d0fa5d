// The capital area (budget lines, cost accounts' contracts and payments, the fund-usage plan) as one
// module for routes and other areas to import: its parts live in app/models/cost/ — figures
// (budget.server.ts), recording payments (payments.server.ts), lines, contracts and the plan
// (lines.server.ts), payment imports (imports.server.ts). Every rule that protects money is checked
// inside the same write transaction as the write it guards (docs/decisions/005-capital-rules.md).
export * from "./cost/budget.server";
export * from "./cost/payments.server";
export * from "./cost/lines.server";
export * from "./cost/imports.server";
export type { FieldRefusal } from "./cost/shared.server";
