/** What an executing authority sees: the measures assigned to its organisation, never the rest of the case. */
import { useQuery } from "@tanstack/react-query";
import { type Confidentiality, api, errorText } from "../api";
import { formatDate } from "../format";
import { measureLabel } from "../labels";
import { ConfidentialityBadge } from "./Cases";

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
  const q = useQuery({ queryKey: ["assignments"], queryFn: () => api<Assignment[]>("/assignments") });
  return (
    <section>
      <h1>Measures assigned to your organisation</h1>
      {q.error && (
        <p className="error" role="alert">
          {errorText(q.error)}
        </p>
      )}
      {q.data?.length === 0 && <p className="muted">Nothing is assigned to your organisation.</p>}
      {(q.data?.length ?? 0) > 0 && (
        <table className="data">
          <thead>
            <tr>
              <th>Case</th>
              <th>Requesting state</th>
              <th>Measure</th>
              <th>Description</th>
              <th>Confidentiality</th>
              <th>Assigned</th>
            </tr>
          </thead>
          <tbody>
            {q.data?.map((a) => (
              <tr key={a.measureId}>
                <td>{a.caseReference}</td>
                <td>{a.requesting}</td>
                <td>{measureLabel(a.measure)}</td>
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
