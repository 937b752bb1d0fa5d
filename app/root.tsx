import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useNonce } from "~/components/nonce";
import { useFocusableScrollBoxes } from "~/components/scroll-regions";
import { can, type Permission } from "~/domain/permissions";
import { translator, type Lang } from "~/i18n";
import { getLang } from "~/i18n/lang.server";
import { getUser } from "~/session.server";
import { formatDate, today } from "~/utils/dates";
import stylesHref from "~/styles.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Groundwork · ${translator(data?.lang ?? "zh")("app.subtitle")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  return {
    lang: await getLang(request),
    today: today(),
    user: user ? { username: user.username, displayName: user.displayName, person: user.person, roles: user.roles, permissions: user.permissions } : null,
  };
}

const NAV = [
  { to: "/", key: "nav.overview" },
  { to: "/milestones", key: "nav.milestones" },
  { to: "/budget", key: "nav.budget" },
  { to: "/financing", key: "nav.financing" },
  { to: "/sales", key: "nav.sales" },
  { to: "/meetings", key: "nav.meetings" },
  { to: "/reports", key: "nav.reports" },
] as const;

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const lang: Lang = data?.lang ?? "zh";
  const t = translator(lang);
  const location = useLocation();
  const nonce = useNonce();
  const user = data?.user ?? null;
  useFocusableScrollBoxes();
  return (
    <html lang={lang === "zh" ? "zh-CN" : "en"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a href="#main" className="skip-link">
          {t("a11y.skipToMain")}
        </a>
        <header className="shell-header">
          <Link to="/" className="brand">
            <span className="brand-name">{t("app.name")}</span>
            <span className="brand-sub">{t("app.subtitle")}</span>
          </Link>
          <nav className="shell-nav" aria-label={t("a11y.mainNav")}>
            {user
              ? NAV.map((item) => (
                  <NavLink key={item.to} to={item.to} end={item.to === "/"} prefetch="intent">
                    {t(item.key)}
                  </NavLink>
                ))
              : null}
            {user && (can(user.roles, "approvals.decide") || can(user.roles, "capital.write")) ? (
              <NavLink to="/approvals" prefetch="intent">
                {t("nav.approvals")}
              </NavLink>
            ) : null}
            {user && can(user.roles, "audit.read") ? (
              <NavLink to="/audit" prefetch="intent">
                {t("nav.audit")}
              </NavLink>
            ) : null}
            {user && can(user.roles, "users.manage") ? (
              <NavLink to="/admin/users" prefetch="intent">
                {t("nav.users")}
              </NavLink>
            ) : null}
          </nav>
          <div className="shell-tools">
            {data ? (
              <span className="today" title={t("today")}>
                {t("today")} {formatDate(data.today, lang)}
              </span>
            ) : null}
            <Form
              method="post"
              action="/set-language"
              onSubmit={(event) => {
                // The address bar is the truth: right after a client-side navigation React may not yet have
                // re-rendered the hidden field with the new path (seen on a loaded machine).
                const field = event.currentTarget.elements.namedItem("redirectTo");
                if (field instanceof HTMLInputElement) field.value = window.location.pathname + window.location.search;
              }}
            >
              <input type="hidden" name="lang" value={lang === "zh" ? "en" : "zh"} />
              <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
              <button type="submit" className="lang-switch" data-testid="lang-switch" lang={lang === "zh" ? "en" : "zh-CN"}>
                {t("lang.switch")}
              </button>
            </Form>
            {user ? (
              <Form method="post" action="/logout" className="user-box">
                <Link to="/account" className="user-link" data-testid="current-user" title={`${t("account.title")} · ${user.roles.map((role) => t(`role.${role}`)).join(t("common.listSeparator"))}`}>
                  {user.person ? (lang === "en" ? `${user.person.nameEn || user.person.name} (${user.person.titleEn || user.person.title})` : `${user.person.name}（${user.person.title}）`) : user.displayName}
                </Link>
                <button type="submit" className="lang-switch">
                  {t("auth.signOut")}
                </button>
              </Form>
            ) : null}
          </div>
        </header>
        <main className="shell-main" id="main" tabIndex={-1}>
          {children}
        </main>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/** Whether the signed-in user holds a permission: the UI hides what a role cannot do. */
export function useCan(permission: Permission): boolean {
  const data = useRouteLoaderData<typeof loader>("root");
  return data?.user ? can(data.user.roles, permission) : false;
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  const t = translator(data?.lang ?? "zh");
  const location = useLocation();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  if (isRouteErrorResponse(error) && error.status === 503) {
    return (
      <section className="card error-card" role="alert">
        <h1>{t("error.busyTitle")}</h1>
        <p>{t("error.busy")}</p>
        {/* The page the refused request was made from (a relative "." here would resolve against the root route: "/"). */}
        <Link to={location.pathname + location.search} reloadDocument>{t("error.retry")}</Link>
      </section>
    );
  }
  return (
    <section className="card error-card">
      <h1>{notFound ? t("error.notFound") : t("error.title")}</h1>
      <p>
        {isRouteErrorResponse(error)
          ? notFound && typeof error.data !== "string"
            ? t("error.notFoundBody")
            : `${error.status} · ${typeof error.data === "string" ? error.data : error.statusText}`
          : t("error.generic")}
      </p>
      <Link to="/">{t("error.goHome")}</Link>
    </section>
  );
}
