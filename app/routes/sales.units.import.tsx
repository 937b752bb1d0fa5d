// /sales/units/import: the unit inventory (房源/价目表) upload. Anyone signed in sees the page and may
// download the current price list (/sales/units.xlsx); importing needs sales.write. The import is all or
// nothing (models/sales/inventory-io.server.ts): the answer lists every row error with a 4xx status
// (413 too large, 400 otherwise, 503 with Retry-After while other files are being read), or the counts.
import {
  data,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { errorText } from "~/components/field";
import { useLang, useT, type MessageKey } from "~/i18n";
import { requireProject } from "~/models/project.server";
import { importInventory, MAX_INVENTORY_BYTES, MAX_INVENTORY_UNITS, type InventoryImportResult, type InventoryRowError } from "~/models/sales/inventory-io.server";
import { useCan } from "~/root";
import { requirePermission, requireUser } from "~/session.server";
import { Busy } from "~/utils/concurrency";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "inventoryIo.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return { maxMb: MAX_INVENTORY_BYTES / 1_000_000, maxUnits: MAX_INVENTORY_UNITS };
}

const fileError = (message: string, vars?: Record<string, string>): InventoryRowError[] => [{ row: 0, sheet: "", field: "file", message, ...(vars ? { vars } : {}) }];
const refuse = (errors: InventoryRowError[], status: number, headers?: HeadersInit) => data<InventoryImportResult>({ ok: false, errors }, { status, headers });
const tooLarge = () => refuse(fileError("inventory_file_too_large", { maxMb: String(MAX_INVENTORY_BYTES / 1_000_000) }), 413);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "sales.write");
  const project = await requireProject();
  // The body holds the file plus multipart framing; refuse an obviously oversized one before reading it.
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_INVENTORY_BYTES + 64_000) return tooLarge();
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_INVENTORY_BYTES, filter: ({ name }) => name === "file" }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return tooLarge();
    return refuse(fileError("inventory_not_xlsx"), 400);
  }
  const file = form.get("file");
  if (!(file instanceof Blob) || file.size === 0) return refuse(fileError("required"), 400);
  let result: InventoryImportResult;
  try {
    result = await importInventory(project.id, Buffer.from(await file.arrayBuffer()), { userId: user.id });
  } catch (error) {
    if (!(error instanceof Busy)) throw error;
    // Other files are being read (each may unpack tens of MB): refuse this one now, retry shortly.
    return refuse(fileError("import_busy", { seconds: String(error.retryAfterSeconds) }), 503, { "Retry-After": String(error.retryAfterSeconds) });
  }
  if (!result.ok) {
    const tooBig = result.errors.some((e) => e.message === "inventory_file_too_large");
    return refuse(result.errors, tooBig ? 413 : 400);
  }
  return data<InventoryImportResult>(result);
}

export default function UnitImportPage() {
  const limits = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as InventoryImportResult | undefined;
  const navigation = useNavigation();
  const t = useT();
  const lang = useLang();
  const canWrite = useCan("sales.write");
  const columnName = (e: InventoryRowError) => {
    if (e.field === "file") return t("inventoryIo.fileLevel");
    const key = `inventoryIo.col.${e.field}` as MessageKey;
    const name = t(key);
    return name === key ? e.field : name;
  };
  return (
    <>
      <p>
        <Link to="/sales">← {t("nav.sales")}</Link>
      </p>
      <div className="page-head with-actions">
        <h1>{t("inventoryIo.title")}</h1>
        <div className="actions">
          <a href="/sales/units.xlsx" className="button" download>
            {t("inventoryIo.export")}
          </a>
        </div>
      </div>
      <section className="card">
        <p className="muted">{t("inventoryIo.hint")}</p>
        <p className="muted">{t("inventoryIo.rule5", { maxMb: limits.maxMb, maxUnits: limits.maxUnits.toLocaleString("en-US") })}</p>
        {canWrite ? (
          <Form method="post" encType="multipart/form-data" className="audit-filters" data-testid="inventory-import-form">
            <label>
              {t("inventoryIo.file")} <input type="file" name="file" accept=".xlsx" required />
            </label>
            <button type="submit" className="button primary" disabled={navigation.state !== "idle"}>
              {t("inventoryIo.importButton")}
            </button>
          </Form>
        ) : (
          <p className="muted">{t("inventoryIo.noPermission")}</p>
        )}
        {result?.ok ? (
          <p className="banner banner-ok" role="status" data-testid="inventory-imported">
            {t("inventoryIo.imported", { created: result.created, updated: result.updated, buildingsCreated: result.buildings.created, buildingsUpdated: result.buildings.updated })}
          </p>
        ) : null}
        {result && !result.ok ? (
          <div className="banner banner-warn" role="alert" data-testid="inventory-import-errors">
            <p>{t("inventoryIo.refused")}</p>
            <div className="table-scroll">
              <table className="data-table">
                <thead>
                  <tr>
                    <th>{t("inventoryIo.errorSheet")}</th>
                    <th className="num">{t("inventoryIo.errorRow")}</th>
                    <th>{t("inventoryIo.errorColumn")}</th>
                    <th>{t("inventoryIo.errorProblem")}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.errors.map((e, i) => (
                    <tr key={i}>
                      <td>{e.sheet}</td>
                      <td className="num">{e.row > 0 ? e.row : ""}</td>
                      <td>{columnName(e)}</td>
                      <td>{errorText(t, lang, { message: e.message, vars: e.vars })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        ) : null}
      </section>
    </>
  );
}
