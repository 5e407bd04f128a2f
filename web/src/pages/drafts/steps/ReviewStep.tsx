import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { buildRequestDocument } from "../../../../../src/drafting/document";
import { DOCUMENT_LANGUAGES, type DocumentLanguage } from "../../../../../src/drafting/draft";
import { api, errorText } from "../../../api";
import { Link } from "../../../Link";
import { LANGUAGE_NAMES, type StepProps } from "../model";
import { Preview } from "./Preview";
import { BasisWarnings } from "../../BasisWarnings";

/** The document in the chosen languages, its downloads, and approval. */
export function ReviewStep({ content: d, law, check, draft, savedVersion }: StepProps) {
  const qc = useQueryClient();
  const [lang, setLang] = useState<DocumentLanguage>(d.language);
  const [second, setSecond] = useState<DocumentLanguage | "">("");
  const approve = useMutation({
    mutationFn: () =>
      api<{ caseId: string; reference: string }>(`/drafts/${draft.id}/approve`, { method: "POST", body: { version: savedVersion() } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["draft", draft.id] }),
  });
  const regenerate = useMutation({
    mutationFn: () => api<{ version: number; filenames: string[] }>(`/drafts/${draft.id}/documents`, { method: "POST" }),
  });
  const doc = useMemo(() => (law ? buildRequestDocument(d, law, lang, second || undefined) : null), [d, law, lang, second]);
  const href = (format: "docx" | "pdf") =>
    `/api/v1/drafts/${draft.id}/document?format=${format}&lang=${lang}${second ? `&second=${second}` : ""}`;
  return (
    <>
      <div className="form-grid">
        <label>
          Language of the fixed text
          <select value={lang} onChange={(e) => setLang(e.target.value as DocumentLanguage)}>
            {DOCUMENT_LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Second language, side by side
          <select value={second} onChange={(e) => setSecond(e.target.value as DocumentLanguage | "")}>
            <option value="">none</option>
            {DOCUMENT_LANGUAGES.filter((l) => l !== lang).map((l) => (
              <option key={l} value={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
        <div className="downloads">
          <a className="button" href={href("docx")} download data-testid="download-docx">
            Download Word
          </a>{" "}
          <a className="button" href={href("pdf")} download data-testid="download-pdf">
            Download PDF
          </a>
        </div>
      </div>
      <p className="hint">Downloads use the last saved version of the draft.</p>
      {!draft.caseId ? (
        <div className="card">
          <button type="button" disabled={!check.ready || approve.isPending} onClick={() => approve.mutate()} data-testid="approve">
            Approve and open the outgoing case
          </button>
          {!check.ready && <p className="error">Approval is blocked until the required items of the checklist are given.</p>}
          {approve.error && <p className="error">{errorText(approve.error)}</p>}
          {approve.data && (
            <p className="ok">
              Case <Link to={`/cases/${approve.data.caseId}`}>{approve.data.reference}</Link> opened with the request in Word and PDF.
            </p>
          )}
        </div>
      ) : (
        <div className="card">
          <button type="button" onClick={() => regenerate.mutate()} disabled={regenerate.isPending}>
            Store a new version of the documents on case {draft.caseReference}
          </button>
          {regenerate.data && (
            <p className="ok">
              Version {regenerate.data.version} stored: {regenerate.data.filenames.join(", ")}. Earlier versions are kept.
            </p>
          )}
          {regenerate.error && <p className="error">{errorText(regenerate.error)}</p>}
        </div>
      )}
      {doc && (
        <BasisWarnings
          warnings={doc.internalNotes}
          title="Internal notes — not part of the request sent"
          id="h-internal-notes"
          testId="internal-notes"
        />
      )}
      {doc && <Preview doc={doc} />}
    </>
  );
}
