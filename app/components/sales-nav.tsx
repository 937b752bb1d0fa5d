// The sales pages' sub-navigation: 概览 (/sales), 销控表 (/sales/units) and 招商 (/sales/leasing).
// `year` keeps the overview's chosen year when coming back to it.
import { NavLink } from "@remix-run/react";
import { useT } from "~/i18n";

export function SalesNav({ year }: { year?: number }) {
  const t = useT();
  const tabs = [
    { to: year ? `/sales?year=${year}` : "/sales", label: t("salesnav.overview"), end: true, testId: "salesnav-overview" },
    { to: "/sales/units", label: t("salesnav.units"), end: false, testId: "salesnav-units" },
    { to: "/sales/leasing", label: t("salesnav.leasing"), end: false, testId: "salesnav-leasing" },
  ];
  return (
    <nav className="tabs sales-nav" aria-label={t("salesnav.label")} data-testid="sales-nav">
      {tabs.map((tab) => (
        <NavLink key={tab.testId} to={tab.to} end={tab.end} prefetch="intent" className={({ isActive }) => (isActive ? "active" : undefined)} data-testid={tab.testId}>
          {tab.label}
        </NavLink>
      ))}
    </nav>
  );
}
