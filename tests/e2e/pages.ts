// Every page of the app (and each kind of detail page), by the role whose forms it carries: the walks
// over all pages (phone width, accessibility, English text) take their list from here.
export const PAGES: Record<string, string[]> = {
  exec: ["/", "/approvals", "/meetings", "/meetings/2026-12-08", "/meetings/2026-11-24", "/meetings/2026-11-24/print", "/meetings/scorecard", "/settings/leaders", "/reports", "/reports/2026-11", "/account"],
  pm: ["/milestones", "/milestones/2", "/milestones/new", "/milestones/baselines", "/milestones/archive"],
  finance: ["/budget", "/budget/lines/1", "/budget/plan", "/budget/payments", "/budget/targets", "/budget/contracts/1", "/budget/import", "/financing", "/financing/cashflow", "/financing/facilities/2"],
  sales: ["/sales", "/sales/units", "/sales/units/T1-301", "/sales/leasing", "/sales/units/import"],
  admin: ["/audit", "/admin/users", "/admin/users/1", "/admin/users/2", "/admin/org", "/admin/org?person=2", "/admin/settings", "/account/password"],
};
