import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { HealthBadge } from "~/components/badges";
import { Money } from "~/components/money";
import { useLang, useT, localName, type MessageKey } from "~/i18n";
import { scheduleView } from "~/models/milestones.server";
import { requireProject } from "~/models/project.server";
import { requireUser } from "~/session.server";
import { salesOverview } from "~/models/sales.server";
import { formatDate, today } from "~/utils/dates";
import { fenToJson } from "~/utils/money";

export const meta: MetaFunction = () => [{ title: "销售与招商 · Groundwork" }];

const PRODUCTS = ["apartment_presale", "internal_subscription", "commercial_sale", "commercial_lease"] as const;
const YEAR = 2027;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const [{ targets, agency }, schedule] = await Promise.all([salesOverview(project.id, YEAR), scheduleView(project.id, today())]);
  return {
    year: YEAR,
    targets: targets.map((row) => ({ ...row, amountFen: fenToJson(row.amountFen) })),
    agency: agency ? { ...agency, taskFen: fenToJson(agency.taskFen) } : null,
    leasing: schedule.rows
      .filter((row) => row.kind === "leasing")
      .map((row) => ({ id: row.id, code: row.code, name: row.name, nameEn: row.nameEn, plannedEnd: row.plannedEnd, health: row.health })),
  };
}

export default function SalesPage() {
  const { year, targets, agency, leasing } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  const periods = [`${year}-Q1`, `${year}-Q2`, `${year}-Q3`, `${year}-Q4`, `${year}`];
  const amount = (product: string, period: string) => targets.find((row) => row.product === product && row.period === period)?.amountFen ?? "0";
  return (
    <>
      <div className="page-head">
        <h1>{t("sales.title")}</h1>
        <p className="muted">{t("common.comingNext")}</p>
      </div>
      <section className="card">
        <h2>{t("sales.targets", { year })}</h2>
        <table className="data-table">
          <thead>
            <tr>
              <th>{t("sales.product")}</th>
              {periods.map((p) => (
                <th key={p} className="num">
                  {p === String(year) ? t("sales.year") : p.slice(5)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {PRODUCTS.map((product) => (
              <tr key={product}>
                <td>{t(`product.${product}` as MessageKey)}</td>
                {periods.map((p) => (
                  <td key={p} className="num">
                    <Money fen={amount(product, p)} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {agency ? (
        <section className="card">
          <h2>{t("sales.agency")}</h2>
          <dl className="facts">
            <dt>{agency.agency}</dt>
            <dd>
              {formatDate(agency.periodStart, lang)} – {formatDate(agency.periodEnd, lang)}
            </dd>
            <dt>{t("sales.task")}</dt>
            <dd>
              <Money fen={agency.taskFen} />
            </dd>
            <dt>{t("sales.incentive")}</dt>
            <dd>{agency.incentiveTerms}</dd>
          </dl>
        </section>
      ) : null}
      <section className="card">
        <h2>{t("sales.leasingDeliverables")}</h2>
        <ul className="plain-list">
          {leasing.map((row) => (
            <li key={row.id}>
              <Link to={`/milestones/${row.id}`}>
                {row.code} {localName(lang, row)}
              </Link>{" "}
              <span className="muted">{formatDate(row.plannedEnd, lang)}</span> <HealthBadge health={row.health} />
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
