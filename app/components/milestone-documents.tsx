// A milestone's register entries (证照、图纸与附件) and the upload forms, on the milestone page
// (#documents). Each form posts multipart to /milestones/:id/documents: with JavaScript through a
// fetcher (errors beside the fields, what was typed kept); without it as a plain form, sent back here
// with ?documentError= (shown above the form).
import { Link, useFetcher, useSearchParams } from "@remix-run/react";
import { errorText, Field, FieldScope } from "~/components/field";
import {
  AUTHORITIES_2026,
  DOCUMENT_ACCEPT,
  DOCUMENT_CATEGORIES,
  DRAWING_TITLES,
  formatBytes,
  MAX_DOCUMENT_BYTES,
  type DocumentCategory,
} from "~/domain/schedule/documents";
import { useLang, useT, type MessageKey } from "~/i18n";
import type { DocumentView } from "~/models/schedule/documents.server";
import type { DocumentActionResult } from "~/routes/milestones.$id.documents";
import { formatDate, instantInShanghai } from "~/utils/dates";

type MilestoneInfo = { id: number; kind: string; name: string; nameEn: string };

export function MilestoneDocuments({ milestone, documents, canWrite }: { milestone: MilestoneInfo; documents: DocumentView[]; canWrite: boolean }) {
  const t = useT();
  const [params] = useSearchParams();
  const current = documents.filter((d) => !d.supersededAt);
  const superseded = documents.filter((d) => d.supersededAt);
  const savedId = params.get("document");
  const pageError = /^[a-z_]{1,40}$/.test(params.get("documentError") ?? "") ? params.get("documentError") : null;
  const defaultCategory: DocumentCategory = milestone.kind === "permit" ? "permit" : milestone.kind === "design" ? "drawing" : "other";

  return (
    <section className="card documents" id="documents" data-testid="milestone-documents">
      <h2>{t("docs.heading")}</h2>
      {savedId && documents.some((d) => String(d.id) === savedId) ? (
        <p className="banner banner-ok" role="status">
          {t("docs.saved")}
        </p>
      ) : null}
      {current.length === 0 ? <p className="muted">{t("docs.none")}</p> : <DocumentTable documents={current} milestone={milestone} canWrite={canWrite} />}
      {superseded.length > 0 ? (
        <details className="superseded">
          <summary>{t("docs.supersededVersions", { count: superseded.length })}</summary>
          <DocumentTable documents={superseded} milestone={milestone} canWrite={false} />
        </details>
      ) : null}
      {canWrite ? (
        <>
          {pageError ? (
            <p className="banner banner-warn" role="alert" data-testid="document-error">
              {t(`errors.${pageError}` as MessageKey, { maxMb: String(MAX_DOCUMENT_BYTES / 1_000_000) })}
            </p>
          ) : null}
          <DocumentForm key={`add-${current.length}-${superseded.length}`} milestone={milestone} intent="add" defaults={{ category: defaultCategory, title: "" }} />
          <DocumentSuggestions milestone={milestone} />
        </>
      ) : (
        <p className="muted">{t("docs.readOnly")}</p>
      )}
    </section>
  );
}

function DocumentTable({ documents, milestone, canWrite }: { documents: DocumentView[]; milestone: MilestoneInfo; canWrite: boolean }) {
  const t = useT();
  const lang = useLang();
  return (
    <div className="table-scroll">
      <table className="data-table compact">
        <thead>
          <tr>
            <th>{t("docs.titleField")}</th>
            <th>{t("docs.category")}</th>
            <th>{t("docs.number")}</th>
            <th>{t("docs.authority")}</th>
            <th>{t("docs.issuedOn")}</th>
            <th>{t("docs.file")}</th>
          </tr>
        </thead>
        <tbody>
          {documents.map((d) => (
            <tr key={d.id} id={`document-${d.id}`}>
              <td>
                {d.title} <span className="muted">· {t("docs.version", { version: d.version })}</span>
                {d.supersededAt ? <div className="muted">{t("docs.supersededOn", { date: formatDate(instantInShanghai(d.supersededAt).date, lang) })}</div> : null}
                {d.note ? <div className="muted">{d.note}</div> : null}
                {canWrite ? (
                  <details className="supersede">
                    <summary>{t("docs.supersede")}</summary>
                    <DocumentForm
                      key={`sup-${d.id}`}
                      milestone={milestone}
                      intent="supersede"
                      documentId={d.id}
                      defaults={{ category: d.category, title: d.title, authority: d.authority }}
                    />
                  </details>
                ) : null}
              </td>
              <td>{t(`docs.category.${d.category}` as MessageKey)}</td>
              <td>{d.number || "—"}</td>
              <td>{d.authority || "—"}</td>
              <td className="dates">{formatDate(d.issuedOn, lang)}</td>
              <td>
                <FileLinks document={d} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The view and download links of an entry's file, with its size; "no scan" without one. */
export function FileLinks({ document }: { document: Pick<DocumentView, "id" | "file"> }) {
  const t = useT();
  if (!document.file) return <span className="muted">{t("docs.noFile")}</span>;
  return (
    <span className="file-links">
      <a href={`/documents/${document.id}/file`} target="_blank" rel="noopener" title={document.file.name}>
        {t("docs.view")}
      </a>{" "}
      · <a href={`/documents/${document.id}/file?download=1`}>{t("docs.download")}</a>{" "}
      <span className="muted">({formatBytes(document.file.sizeBytes)})</span>
    </span>
  );
}

type Defaults = { category: DocumentCategory; title: string; authority?: string };

function DocumentForm({ milestone, intent, documentId, defaults }: { milestone: MilestoneInfo; intent: "add" | "supersede"; documentId?: number; defaults: Defaults }) {
  const t = useT();
  const lang = useLang();
  const fetcher = useFetcher<DocumentActionResult>();
  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  const value = (name: string, fallback = "") => values[name] ?? fallback;
  const category = (value("category", defaults.category) as DocumentCategory) ?? defaults.category;
  const certificate = milestone.kind === "permit" && category === "permit";
  const scope = intent === "add" ? "doc-add" : `doc-${documentId}`;

  return (
    <FieldScope name={scope}>
      <fetcher.Form
        method="post"
        action={`/milestones/${milestone.id}/documents`}
        encType="multipart/form-data"
        className="form-grid document-form"
        noValidate
        data-testid={intent === "add" ? "document-add-form" : "document-supersede-form"}
      >
        <h3>{intent === "add" ? t("docs.addTitle") : t("docs.supersedeTitle")}</h3>
        <input type="hidden" name="intent" value={intent} />
        {documentId ? <input type="hidden" name="documentId" value={documentId} /> : null}
        {errors.form ? (
          <p className="banner banner-warn full" role="alert">
            {errorText(t, lang, errors.form)}
          </p>
        ) : null}
        {intent === "add" ? (
          <Field name="category" label={t("docs.category")} error={errors.category}>
            {(props) => (
              <select {...props} defaultValue={category}>
                {DOCUMENT_CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {t(`docs.category.${c}` as MessageKey)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : (
          <input type="hidden" name="category" value={defaults.category} />
        )}
        <Field name="title" label={t("docs.titleField")} error={errors.title}>
          {(props) => <input {...props} list="document-titles" defaultValue={value("title", defaults.title)} maxLength={200} required />}
        </Field>
        <Field name="number" label={certificate ? t("docs.certificateNumber") : t("docs.number")} error={errors.number}>
          {(props) => <input {...props} defaultValue={value("number")} maxLength={100} placeholder={certificate ? "规审〔2026〕158号" : undefined} />}
        </Field>
        <Field name="authority" label={certificate ? t("docs.issuingAuthority") : t("docs.authority")} error={errors.authority}>
          {(props) => <input {...props} list="document-authorities" defaultValue={value("authority", defaults.authority ?? "")} maxLength={100} />}
        </Field>
        <Field name="issuedOn" label={certificate ? t("docs.certificateDate") : t("docs.issuedOn")} error={errors.issuedOn}>
          {(props) => <input {...props} type="date" defaultValue={value("issuedOn")} />}
        </Field>
        <Field
          name="file"
          label={certificate ? t("docs.scan") : t("docs.file")}
          error={errors.file}
          hint={t("docs.fileHint", { maxMb: String(MAX_DOCUMENT_BYTES / 1_000_000) })}
        >
          {(props) => <input {...props} type="file" accept={DOCUMENT_ACCEPT} />}
        </Field>
        <Field name="note" label={t("docs.note")} error={errors.note}>
          {(props) => <textarea {...props} rows={2} defaultValue={value("note")} maxLength={1000} />}
        </Field>
        {intent === "add" ? <p className="muted full">{milestone.kind === "permit" ? t("docs.permitHint") : t("docs.drawingHint")}</p> : null}
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={fetcher.state !== "idle"}>
            {intent === "add" ? t("docs.add") : t("docs.supersede")}
          </button>
        </div>
      </fetcher.Form>
    </FieldScope>
  );
}

/** The datalists the forms' title and authority fields suggest from (the authorities by their 2026 names). */
function DocumentSuggestions({ milestone }: { milestone: MilestoneInfo }) {
  const lang = useLang();
  return (
    <>
      <datalist id="document-authorities">
        {AUTHORITIES_2026.map((a) => (
          <option key={a.name} value={a.name} label={lang === "en" ? a.nameEn : undefined} />
        ))}
      </datalist>
      <datalist id="document-titles">
        <option value={milestone.name} />
        {DRAWING_TITLES.map((d) => (
          <option key={d.name} value={d.name} label={lang === "en" ? d.nameEn : undefined} />
        ))}
      </datalist>
    </>
  );
}

/** The archive's link to a milestone's register. */
export function MilestoneLink({ milestone }: { milestone: DocumentView["milestone"] }) {
  const t = useT();
  const lang = useLang();
  if (!milestone) return <span className="muted">{t("docs.noMilestone")}</span>;
  return (
    <Link to={`/milestones/${milestone.id}#documents`}>
      <span className="code">{milestone.code}</span> {lang === "en" && milestone.nameEn ? milestone.nameEn : milestone.name}
    </Link>
  );
}
