// /budget/targets: 目标成本 versions (issue 13, point 2). The versions with their totals per part, the
// current version's leaves against the previous approved one, and the form of a new version (capital
// entry submits; an approver approves on /approvals). Rules: models/cost/targets.server.ts.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { SubmittedBanner } from "~/components/approvals";
import { LeafChanges, TargetForm, VersionsTable } from "~/components/target-versions";
import { targetVersionSchema } from "~/domain/cost/targets-forms.server";
import { useT } from "~/i18n";
import { submittedApproval } from "~/models/approvals.server";
import { submitTargetVersion, targetLeafIds, targetPage } from "~/models/cost/targets.server";
import { newIdempotencyKey } from "~/models/idempotency.server";
import { requireProject } from "~/models/project.server";
import { useCan } from "~/root";
import { requirePermission, requireUser } from "~/session.server";
import { parseForm, parseId, readFormData, refusalError, type FieldErrors, type FormValues } from "~/utils/forms";
import { plain } from "~/utils/plain";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "targets.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const submittedId = parseId(new URL(request.url).searchParams.get("submitted") ?? undefined);
  const [page, submitted] = await Promise.all([targetPage(project.id), submittedId ? submittedApproval(project.id, submittedId) : null]);
  return plain({ ...page, submitted, idempotencyKey: newIdempotencyKey() });
}

type ActionResult = { errors: FieldErrors; values: FormValues };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "capital.write");
  const project = await requireProject();
  const form = await readFormData(request);
  // The schema asks for every leaf as the tree stands now (a leaf opened since the page loaded must be filled too).
  const parsed = parseForm(targetVersionSchema(await targetLeafIds(project.id)), form);
  if (!parsed.ok) return data<ActionResult>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = await submitTargetVersion(project.id, parsed.data, { userId: user.id });
  if (!result.ok) return data<ActionResult>({ errors: { [result.field]: refusalError(result) }, values: parsed.values }, { status: 400 });
  return redirect(`/budget/targets?submitted=${result.approvalId}`);
}

export default function TargetsPage() {
  const { lines, accounts, ceilingFen, current, previous, pending, versions, changes, currentByLeaf, submitted, idempotencyKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const canWrite = useCan("capital.write");
  return (
    <>
      <div className="page-head with-actions">
        <div>
          <h1>{t("targets.title")}</h1>
          <p className="muted">{t("targets.intro")}</p>
        </div>
        <div className="actions">
          <Link to="/budget" className="button">
            {t("targets.backToBudget")}
          </Link>
        </div>
      </div>
      {submitted ? <SubmittedBanner item={submitted} /> : null}
      {current ? null : (
        <p className="banner banner-warn" role="status">
          {t("tree.noTarget")}
        </p>
      )}
      <section className="card">
        <h2>{t("targets.versions")}</h2>
        <VersionsTable versions={versions} lines={lines} currentId={current?.id ?? null} />
        {current ? <LeafChanges changes={changes} accounts={accounts} lines={lines} no={current.no} previousNo={previous?.no ?? null} /> : null}
      </section>
      {!canWrite ? (
        <p className="card muted">{t("targets.readOnly")}</p>
      ) : pending ? (
        <p className="card muted" data-testid="target-pending">
          {t("targets.pendingNote", { no: pending.no })}
        </p>
      ) : (
        <TargetForm accounts={accounts} lines={lines} currentByLeaf={currentByLeaf} ceilingFen={ceilingFen} pageKey={idempotencyKey} result={actionData} />
      )}
    </>
  );
}
