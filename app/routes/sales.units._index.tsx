// 销控表: one building's units as floors × positions, coloured by status, with the legend's counts and
// area per status. Each cell opens the unit (sales.units.$code.tsx). A building too large for one grid
// (models/sales/inventory.server.ts caps it) is shown by floor range.
import { SalesNav } from "~/components/sales-nav";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { UNIT_STATUSES } from "~/domain/sales";
import { localName, useLang, useT, type MessageKey } from "~/i18n";
import { requireProject } from "~/models/project.server";
import { buildingsOf, salesControl } from "~/models/sales/inventory.server";
import { useCan } from "~/root";
import { requireUser } from "~/session.server";
import { formatDate, today } from "~/utils/dates";
import { plain } from "~/utils/plain";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "units.title");

/** Cells per page when a building is shown by floor range: still readable, and quick to render. */
const CELLS_PER_PAGE = 1_200;

function floorRangeParam(url: URL): { from: number; to: number } | undefined {
  const from = Number(url.searchParams.get("from"));
  const to = Number(url.searchParams.get("to"));
  const ok = (n: number) => Number.isInteger(n) && Math.abs(n) <= 1_000;
  return url.searchParams.has("from") && url.searchParams.has("to") && ok(from) && ok(to) && from <= to ? { from, to } : undefined;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const url = new URL(request.url);
  const buildings = await buildingsOf(project.id);
  const building = buildings.find((b) => b.code === url.searchParams.get("building")) ?? buildings[0] ?? null;
  if (!building) return plain({ buildings: [] as { code: string; name: string; nameEn: string; unitCount: number }[], building: null, control: null, pages: [], range: null });
  const now = today();
  let range = floorRangeParam(url);
  let control = await salesControl(project.id, building.code, now, range);
  if (!control) throw new Response("Building not found", { status: 404 });
  // Floor pages of about CELLS_PER_PAGE units, top floors first, when the building is large.
  const { min, max, units } = control.floorRange;
  const floorsTall = max - min + 1;
  const perFloor = Math.max(1, Math.ceil(units / floorsTall));
  const pageFloors = Math.max(1, Math.floor(CELLS_PER_PAGE / perFloor));
  const paged = control.truncated || range !== undefined || units > CELLS_PER_PAGE;
  const pages: { from: number; to: number }[] = [];
  if (paged) {
    for (let to = max; to >= min; to -= pageFloors) pages.push({ from: Math.max(min, to - pageFloors + 1), to });
    if (!range) {
      range = pages[0];
      control = (await salesControl(project.id, building.code, now, range))!;
    }
  }
  // The other buildings are only named (a tab or an option): their figures stay on the server.
  const choices = buildings.map((b) => ({ code: b.code, name: b.name, nameEn: b.nameEn, unitCount: b.unitCount }));
  return plain({ buildings: choices, building, control, pages, range: range ?? null });
}

/** Past this many buildings the tabs become a list to choose from. */
const MAX_TABS = 12;

const sqm = (csqm: number) => (csqm / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export default function SalesControlPage() {
  const { buildings, building, control, pages, range } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  const canWrite = useCan("sales.write");
  const cells = control ? control.grid.rows.flatMap((r) => r.cells).filter((c) => c !== null) : [];
  const internalCount = cells.filter((c) => c.internal).length;
  const overdueCount = cells.filter((c) => c.overdue).length;
  const permit = building?.presaleMilestone ?? null;
  return (
    <>
      <SalesNav />
      <p>
        <Link to="/sales">← {t("nav.sales")}</Link>
      </p>
      <div className="page-head with-actions">
        <div>
          <h1>{t("units.title")}</h1>
          <p className="muted">{t("units.intro")}</p>
        </div>
        <div className="actions">
          <a href="/sales/units.xlsx" className="button" download data-testid="units-workbook">{t("units.workbook")}</a>
          {canWrite ? <Link to="/sales/units/import" className="button">{t("units.import")}</Link> : null}
        </div>
      </div>
      {!building || !control ? (
        <p className="card muted" data-testid="no-buildings">{t("units.noBuildings")}</p>
      ) : (
        <>
          {buildings.length > MAX_TABS ? (
            <Form method="get" className="inline-form" data-testid="building-select">
              <label>
                {t("units.buildings")}{" "}
                <select name="building" defaultValue={building.code} onChange={(e) => e.currentTarget.form?.requestSubmit()}>
                  {buildings.map((b) => (
                    <option key={b.code} value={b.code}>{`${b.code} ${localName(lang, b)} · ${t("units.unitCount", { count: b.unitCount })}`}</option>
                  ))}
                </select>
              </label>{" "}
              <button type="submit" className="button">{t("units.show")}</button>
            </Form>
          ) : (
            <nav className="tabs building-tabs" aria-label={t("units.buildings")} data-testid="building-tabs">
              {buildings.map((b) => (
                <Link key={b.code} to={`?building=${encodeURIComponent(b.code)}`} className={b.code === building.code ? "active" : undefined} aria-current={b.code === building.code ? "page" : undefined}>
                  {localName(lang, b)} <span className="small">{t("units.unitCount", { count: b.unitCount })}</span>
                </Link>
              ))}
            </nav>
          )}
          <section className="card">
            <p className="small" data-testid="building-permit">
              <span className="code">{building.code}</span> {t(`units.use.${building.use}` as MessageKey)} · {t("units.permit")}{" "}
              {permit ? (
                <>
                  <Link to={`/milestones/${permit.id}`}>{permit.code} {localName(lang, permit)}</Link>{" "}
                  {permit.done ? (
                    <span className="badge status-done">{t("units.permitDone", { date: formatDate(permit.actualEnd, lang) })}</span>
                  ) : (
                    <span className="badge health-slipping">{t("units.permitPlanned", { date: formatDate(permit.plannedEnd, lang) })}</span>
                  )}
                </>
              ) : (
                <span className="muted">{t("units.permitNone")}</span>
              )}
            </p>
            <ul className="unit-legend" aria-label={t("units.legend")} data-testid="unit-legend">
              {UNIT_STATUSES.map((status) => {
                const c = building.byStatus[status] ?? { count: 0, areaCsqm: 0 };
                return (
                  <li key={status} data-testid={`legend-${status}`}>
                    <span className={`swatch unit-${status}`} aria-hidden="true" />
                    <strong>{t(`units.status.${status}` as MessageKey)}</strong>{" "}
                    <span className="muted">{t("units.legendCount", { count: c.count, area: sqm(c.areaCsqm) })}</span>
                  </li>
                );
              })}
              <li data-testid="legend-for-lease">
                <span className="swatch unit-available unit-for-lease" aria-hidden="true" />
                <strong>{t("units.forLease")}</strong>
              </li>
              <li data-testid="legend-internal">
                <span className="swatch unit-reserved unit-internal" aria-hidden="true" />
                <strong>{t("units.internal")}</strong> <span className="muted">{t("units.markCount", { count: internalCount })}</span>
              </li>
              <li data-testid="legend-overdue">
                <span className="swatch unit-signed unit-overdue" aria-hidden="true" />
                <strong>{t("units.overdue")}</strong> <span className="muted">{t("units.markCount", { count: overdueCount })}</span>
              </li>
            </ul>
            {pages.length > 0 ? (
              <nav className="floor-pages small" aria-label={t("units.floor")} data-testid="floor-pages">
                <span className="muted">{t("units.floorPages")}</span>
                {pages.map((p) => {
                  const current = range !== null && range.from === p.from && range.to === p.to;
                  return (
                    <Link key={p.to} to={`?building=${encodeURIComponent(building.code)}&from=${p.from}&to=${p.to}`} className={current ? "active" : undefined} aria-current={current ? "page" : undefined}>
                      {t("units.floorRange", { from: p.from, to: p.to })}
                    </Link>
                  );
                })}
              </nav>
            ) : null}
            {control.grid.rows.length === 0 ? (
              <p className="muted">{t("units.gridEmpty")}</p>
            ) : (
              <div className="unit-grid-scroll">
                <table className="unit-grid" data-testid="unit-grid">
                  <caption className="visually-hidden">{t("units.gridCaption", { building: localName(lang, building) })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("units.floor")}</th>
                      {control.grid.positions.map((p) => <th key={p} scope="col">{p}</th>)}
                    </tr>
                  </thead>
                  <tbody>
                    {control.grid.rows.map((row) => (
                      <tr key={row.floor}>
                        <th scope="row">{row.floor}</th>
                        {row.cells.map((cell, i) =>
                          cell ? (
                            <td key={cell.code}>
                              <Link
                                to={`/sales/units/${encodeURIComponent(cell.code)}`}
                                className={`unit-cell unit-${cell.status}${cell.disposition === "lease" ? " unit-for-lease" : ""}${cell.internal ? " unit-internal" : ""}${cell.overdue ? " unit-overdue" : ""}`}
                                title={[cell.code, cell.roomType, `${sqm(cell.grossAreaCsqm)} m²`, t(`units.status.${cell.status}` as MessageKey), cell.disposition === "lease" ? t("units.forLease") : "", cell.internal ? t("units.internal") : "", cell.overdue ? t("units.overdue") : "", cell.buyerName ?? ""].filter(Boolean).join(" · ")}
                                data-testid={`unit-${cell.code}`}
                                data-status={cell.status}
                              >
                                {cell.floor}{cell.position}
                              </Link>
                            </td>
                          ) : (
                            <td key={`empty-${i}`} className="unit-none" />
                          ),
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </>
  );
}
