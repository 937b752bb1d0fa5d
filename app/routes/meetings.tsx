import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { localName, useLang, useT, type MessageKey } from "~/i18n";
import { meetingsOverview } from "~/models/meetings.server";
import { requireProject } from "~/models/project.server";
import { requireUser } from "~/session.server";
import { formatDate, formatDateTime, today } from "~/utils/dates";

export const meta: MetaFunction = () => [{ title: "例会 · Groundwork" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const overview = await meetingsOverview(project.id);
  return { ...overview, weekday: project.meetingWeekday, time: project.meetingTime, today: today() };
}

export default function MeetingsPage() {
  const { roster, meetings, openActions, weekday, time, today: now } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  const rosterText = roster.map((entry) => `${localName(lang, entry.person)}（${lang === "en" ? entry.person.titleEn : entry.person.title}）`).join(" → ");
  return (
    <>
      <div className="page-head">
        <h1>{t("mtg.title")}</h1>
        <p className="muted">{t("mtg.series", { weekday: t(`weekday.${weekday}` as MessageKey), time, roster: rosterText })}</p>
        <p className="muted">{t("common.comingNext")}</p>
      </div>
      <section className="card">
        <h2>{t("mtg.actions")}</h2>
        <table className="data-table">
          <thead>
            <tr>
              <th>{t("ms.name")}</th>
              <th>{t("mtg.owner")}</th>
              <th>{t("mtg.due")}</th>
              <th>{t("ms.status")}</th>
            </tr>
          </thead>
          <tbody>
            {openActions.map((item) => (
              <tr key={item.id} className={item.dueOn < now ? "row-overdue" : ""}>
                <td>{item.title}</td>
                <td>
                  {item.department ? localName(lang, item.department) : "—"} / {item.owner ? localName(lang, item.owner) : "—"}
                </td>
                <td>{formatDate(item.dueOn, lang)}</td>
                <td>{t(`mtg.status.${item.status}` as MessageKey)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card">
        <h2>{t("mtg.list")}</h2>
        <table className="data-table">
          <thead>
            <tr>
              <th>{t("mtg.time")}</th>
              <th>{t("mtg.theme")}</th>
              <th>{t("mtg.chair")}</th>
              <th>{t("ms.status")}</th>
            </tr>
          </thead>
          <tbody>
            {meetings.map((meeting) => (
              <tr key={meeting.id}>
                <td>{formatDateTime(meeting.startsAt, lang)}</td>
                <td>{lang === "en" ? meeting.themeEn || meeting.theme : meeting.theme}</td>
                <td>{meeting.chair ? localName(lang, meeting.chair) : "—"}</td>
                <td>{t(`mtg.status.${meeting.status}` as MessageKey)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
