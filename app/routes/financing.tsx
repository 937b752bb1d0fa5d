import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Money } from "~/components/money";
import { localName, useLang, useT, type MessageKey } from "~/i18n";
import { financingOverview } from "~/models/financing.server";
import { requireProject } from "~/models/project.server";
import { requireUser } from "~/session.server";
import { formatDate } from "~/utils/dates";
import { fenToJson } from "~/utils/money";

export const meta: MetaFunction = () => [{ title: "融资 · Groundwork" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const channels = await financingOverview(project.id);
  const money = fenToJson;
  return {
    startup: { year: project.startupCapitalYear, fen: money(project.startupCapitalFen) },
    channels: channels.map((channel) => ({
      id: channel.id,
      kind: channel.kind,
      name: channel.name,
      nameEn: channel.nameEn,
      targetFen: money(channel.targetFen),
      committedFen: money(channel.committedFen),
      plannedFen: money(channel.plannedFen),
      drawnFen: money(channel.drawnFen),
      facilities: channel.facilities.map((facility) => ({
        id: facility.id,
        counterparty: facility.counterparty,
        committedFen: money(facility.committedFen),
        rateBps: facility.rateBps,
        status: facility.status,
        drawdowns: facility.drawdowns.map((d) => ({ ...d, plannedFen: money(d.plannedFen), actualFen: d.actualFen === null ? null : money(d.actualFen) })),
      })),
    })),
  };
}

export default function FinancingPage() {
  const { startup, channels } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  const total = (key: "targetFen" | "committedFen" | "plannedFen" | "drawnFen") => channels.reduce((sum, c) => sum + BigInt(c[key]), 0n);
  return (
    <>
      <div className="page-head">
        <h1>{t("fin.title")}</h1>
        <p className="muted">{t("common.comingNext")}</p>
      </div>
      <section className="card">
        <h2>
          {t("overview.startupTarget", { year: startup.year })}: <Money fen={startup.fen} />
        </h2>
        <table className="data-table">
          <thead>
            <tr>
              <th>{t("fin.channel")}</th>
              <th className="num">{t("fin.target")}</th>
              <th className="num">{t("fin.committed")}</th>
              <th className="num">{t("fin.planned")}</th>
              <th className="num">{t("fin.drawn")}</th>
            </tr>
          </thead>
          <tbody>
            {channels.map((c) => (
              <tr key={c.id}>
                <td>{localName(lang, c)}</td>
                <td className="num"><Money fen={c.targetFen} /></td>
                <td className="num"><Money fen={c.committedFen} /></td>
                <td className="num"><Money fen={c.plannedFen} /></td>
                <td className="num"><Money fen={c.drawnFen} /></td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th>{t("common.total")}</th>
              <td className="num"><Money fen={total("targetFen")} /></td>
              <td className="num"><Money fen={total("committedFen")} /></td>
              <td className="num"><Money fen={total("plannedFen")} /></td>
              <td className="num"><Money fen={total("drawnFen")} /></td>
            </tr>
          </tfoot>
        </table>
      </section>
      <section className="card">
        <h2>{t("fin.facilities")}</h2>
        <table className="data-table">
          <thead>
            <tr>
              <th>{t("fin.channel")}</th>
              <th>{t("fin.counterparty")}</th>
              <th className="num">{t("fin.committed")}</th>
              <th className="num">{t("fin.rate")}</th>
              <th>{t("fin.status")}</th>
              <th>{t("fin.planned")}</th>
            </tr>
          </thead>
          <tbody>
            {channels.flatMap((c) =>
              c.facilities.map((f) => (
                <tr key={f.id}>
                  <td>{localName(lang, c)}</td>
                  <td>{f.counterparty}</td>
                  <td className="num"><Money fen={f.committedFen} /></td>
                  <td className="num">{(f.rateBps / 100).toFixed(2)}%</td>
                  <td>{t(`fin.status.${f.status}` as MessageKey)}</td>
                  <td className="small">
                    {f.drawdowns.map((d, i) => (
                      <div key={i}>
                        {formatDate(d.actualOn ?? d.plannedOn, lang)} · <Money fen={d.actualFen ?? d.plannedFen} /> {d.actualOn ? "✓" : ""}
                      </div>
                    ))}
                  </td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </section>
    </>
  );
}
