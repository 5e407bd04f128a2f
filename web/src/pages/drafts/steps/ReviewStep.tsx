import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { buildRequestDocument } from "../../../../../src/drafting/document";
import { DOCUMENT_LANGUAGES, type DocumentLanguage } from "../../../../../src/drafting/draft";
import { api } from "../../../api";
import { Link } from "../../../Link";
import type { StepProps } from "../model";
import { Preview } from "./Preview";
import { BasisWarnings } from "../../BasisWarnings";
import { errorWords } from "../../../components/ErrorWords";

/** The document in the chosen languages, its downloads, and approval. */
export function ReviewStep({ content: d, law, check, draft, savedVersion }: StepProps) {
  const { t } = useTranslation("drafts");
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
          {t("review.language")}
          <select value={lang} onChange={(e) => setLang(e.target.value as DocumentLanguage)}>
            {DOCUMENT_LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`languages.${l}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("review.second")}
          <select value={second} onChange={(e) => setSecond(e.target.value as DocumentLanguage | "")}>
            <option value="">{t("review.none")}</option>
            {DOCUMENT_LANGUAGES.filter((l) => l !== lang).map((l) => (
              <option key={l} value={l}>
                {t(`languages.${l}`)}
              </option>
            ))}
          </select>
        </label>
        <div className="downloads">
          <a className="button" href={href("docx")} download data-testid="download-docx">
            {t("review.word")}
          </a>{" "}
          <a className="button" href={href("pdf")} download data-testid="download-pdf">
            {t("review.pdf")}
          </a>
        </div>
      </div>
      <p className="hint">{t("review.lastSaved")}</p>
      {!draft.caseId ? (
        <div className="card">
          <button type="button" disabled={!check.ready || approve.isPending} onClick={() => approve.mutate()} data-testid="approve">
            {t("review.approve")}
          </button>
          {!check.ready && <p className="error">{t("review.blocked")}</p>}
          {approve.error && <p className="error">{errorWords(approve.error)}</p>}
          {approve.data && (
            <p className="ok">
              <Trans
                t={t}
                i18nKey="review.opened"
                values={{ reference: approve.data.reference }}
                components={{ a: <Link to={`/cases/${approve.data.caseId}`}>{null}</Link> }}
              />
            </p>
          )}
        </div>
      ) : (
        <div className="card">
          <button type="button" onClick={() => regenerate.mutate()} disabled={regenerate.isPending}>
            {t("review.regenerate", { reference: draft.caseReference })}
          </button>
          {regenerate.data && (
            <p className="ok">{t("review.stored", { version: regenerate.data.version, files: regenerate.data.filenames.join(", ") })}</p>
          )}
          {regenerate.error && <p className="error">{errorWords(regenerate.error)}</p>}
        </div>
      )}
      {doc && (
        <BasisWarnings warnings={doc.internalNotes} title={t("review.internalNotes")} id="h-internal-notes" testId="internal-notes" />
      )}
      {doc && <Preview doc={doc} />}
    </>
  );
}
