/** What an executing authority sees: the measures assigned to its organisation, never the rest of the case. */
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { MEASURE_WORDS } from "../../../src/law/measure-words";
import { currentLanguage } from "../i18n";
import { type Confidentiality, api } from "../api";
import { formatDate } from "../format";
import { measureLabel } from "../labels";
import { ConfidentialityBadge } from "./Cases";
import { errorWords } from "../components/ErrorWords";

interface Assignment {
  measureId: string;
  measure: string;
  description: string;
  caseReference: string;
  requesting: string;
  confidentiality: Confidentiality;
  assignedAt: string;
}

/** The executing authority's work list. */
export function Assignments() {
  const { t } = useTranslation("cases");
  const words: Record<string, string> = MEASURE_WORDS[currentLanguage()];
  const q = useQuery({ queryKey: ["assignments"], queryFn: () => api<Assignment[]>("/assignments") });
  return (
    <section>
      <h1>{t("assignments.title")}</h1>
      {q.error && (
        <p className="error" role="alert">
          {errorWords(q.error)}
        </p>
      )}
      {q.data?.length === 0 && <p className="muted">{t("assignments.none")}</p>}
      {(q.data?.length ?? 0) > 0 && (
        <table className="data">
          <thead>
            <tr>
              <th>{t("assignments.columns.case")}</th>
              <th>{t("assignments.columns.requesting")}</th>
              <th>{t("assignments.columns.measure")}</th>
              <th>{t("assignments.columns.description")}</th>
              <th>{t("assignments.columns.confidentiality")}</th>
              <th>{t("assignments.columns.assigned")}</th>
            </tr>
          </thead>
          <tbody>
            {q.data?.map((a) => (
              <tr key={a.measureId}>
                <td>{a.caseReference}</td>
                <td>{a.requesting}</td>
                <td>{words[a.measure] ?? measureLabel(a.measure)}</td>
                <td>{a.description}</td>
                <td>
                  <ConfidentialityBadge level={a.confidentiality} />
                </td>
                <td>{formatDate(a.assignedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
