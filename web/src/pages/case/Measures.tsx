/** The measures of a case: assigning one to an executing authority, reporting its execution, adding one. */
import { LIMITS } from "../../../../src/validation/limits";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { MEASURES, type Measure } from "../../../../src/law/codes";
import { MEASURE_WORDS } from "../../../../src/law/measure-words";
import { currentLanguage } from "../../i18n";
import { type Organisation, api, isVersionConflict } from "../../api";
import { label as codeLabel } from "../../format";
import { errorWords } from "../../components/ErrorWords";

/**
 * A measure in the officer's language (src/law/measure-words.ts). English keeps the code made readable
 * ("search seizure"), as the case page has always shown it.
 */
export function useMeasureWords(): (code: string) => string {
  useTranslation(); // renders again when the language changes
  const language = currentLanguage();
  return (code) => (language === "en" ? codeLabel(code) : (MEASURE_WORDS[language][code as Measure] ?? codeLabel(code)));
}

/** Assign a measure to an executing authority, or report its execution. */
export function MeasureControls({
  caseId,
  version,
  measure,
}: {
  caseId: string;
  version: number;
  measure: { id: string; measure: string; description: string; status: string; assignedOrganisation: string | null };
}) {
  const { t } = useTranslation("case");
  const words = useMeasureWords();
  const qc = useQueryClient();
  const orgs = useQuery({ queryKey: ["organisations"], queryFn: () => api<Organisation[]>("/organisations") });
  const m = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api(`/cases/${caseId}/measures/${measure.id}`, { method: "PATCH", body: { ...body, version } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["cases"] }),
    onError: (err) => {
      if (isVersionConflict(err)) void qc.invalidateQueries({ queryKey: ["cases", "one", caseId] });
    },
  });
  return (
    <span className="measure-controls">
      {" "}
      <select
        aria-label={t("measures.assignOne", { measure: `${words(measure.measure)}: ${measure.description}` })}
        value=""
        onChange={(e) => e.target.value && m.mutate({ assignedOrganisationId: e.target.value })}
      >
        <option value="">{t("measures.assignTo")}</option>
        {(orgs.data ?? [])
          .filter((o) => o.kind === "executing_authority")
          .map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
      </select>{" "}
      <button type="button" className="link-button" onClick={() => m.mutate({ status: "executed" })}>
        {t("measures.executed")}
      </button>
      <button type="button" className="link-button" onClick={() => m.mutate({ status: "not_executed" })}>
        {t("measures.notExecuted")}
      </button>
      {m.error && <span className="error"> {errorWords(m.error)}</span>}
    </span>
  );
}

export function NewMeasure({ caseId, version }: { caseId: string; version: number }) {
  const { t } = useTranslation("case");
  const measureWords = useMeasureWords();
  const qc = useQueryClient();
  const orgs = useQuery({ queryKey: ["organisations"], queryFn: () => api<Organisation[]>("/organisations") });
  const [measure, setMeasure] = useState("testimony");
  const [description, setDescription] = useState("");
  const [org, setOrg] = useState("");
  const add = useMutation({
    mutationFn: () =>
      api(`/cases/${caseId}/measures`, { method: "POST", body: { version, measure, description, assignedOrganisationId: org || null } }),
    onSuccess: () => {
      setDescription("");
      void qc.invalidateQueries({ queryKey: ["cases", "one", caseId] });
    },
    onError: (err) => {
      if (isVersionConflict(err)) void qc.invalidateQueries({ queryKey: ["cases", "one", caseId] });
    },
  });
  return (
    <form
      className="card form-grid"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate();
      }}
    >
      <label>
        {t("measures.measure")}
        <select value={measure} onChange={(e) => setMeasure(e.target.value)}>
          {MEASURES.map((m) => (
            <option key={m} value={m}>
              {measureWords(m)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("measures.description")}
        <input value={description} onChange={(e) => setDescription(e.target.value)} required minLength={3} maxLength={LIMITS.description} />
      </label>
      <label>
        {t("measures.assign")}
        <select value={org} onChange={(e) => setOrg(e.target.value)}>
          <option value="">{t("measures.notAssigned")}</option>
          {(orgs.data ?? [])
            .filter((o) => o.kind === "executing_authority")
            .map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
        </select>
      </label>
      <button type="submit" disabled={add.isPending}>
        {t("measures.add")}
      </button>
      {add.error && (
        <p className="error" role="alert">
          {errorWords(add.error)}
        </p>
      )}
    </form>
  );
}
