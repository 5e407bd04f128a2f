/** One case page: its facts, workflow, basis, decisions, access list, measures, evidence and timeline. */
import { useQuery } from "@tanstack/react-query";
import { ApiError, api, errorText } from "../../api";
import { label as codeLabel, formatDate } from "../../format";
import { Link } from "../../Link";
import { Documents, Evidence } from "../CaseEvidence";
import { CaseExchange } from "../CaseExchange";
import { BasisSection, Consultations, Correspondence, Decisions, Offences, Persons, Timeline, Workflow } from "../CaseWork";
import { AccessForm } from "./AccessForm";
import { type CaseDetailData, ConfidentialityBadge } from "./common";
import { MeasureControls, NewMeasure } from "./Measures";

/** One case: its facts, access list and measures; officers and supervisors can change them. */
export function CaseDetail({ id, canEdit }: { id: string; canEdit: boolean }) {
  const q = useQuery({ queryKey: ["cases", "one", id], queryFn: () => api<CaseDetailData>(`/cases/${id}`), retry: false });
  if (q.error instanceof ApiError && q.error.status === 404)
    return (
      <section>
        <h1>Case</h1>
        <p>No such case, or you may not see it.</p>
      </section>
    );
  if (q.error)
    return (
      <p className="error" role="alert">
        {errorText(q.error)}
      </p>
    );
  const c = q.data;
  if (!c) return <p className="loading">Loading…</p>;
  return (
    <section>
      <p>
        <Link to="/cases">← Cases</Link>
      </p>
      <h1>{c.reference}</h1>
      <p>
        <strong>{c.title}</strong>
      </p>
      <p>
        {c.direction === "outgoing" ? "Outgoing" : "Incoming"} request, {c.requesting} → {c.requested}, dated {c.requestDate ?? "—"}, opened{" "}
        {formatDate(c.createdAt)}. <ConfidentialityBadge level={c.confidentiality} />
        {c.theirReference ? ` Their reference: ${c.theirReference}.` : ""}
        {c.authority ? ` Authority: ${c.authority}.` : ""}
      </p>
      <h2>Workflow</h2>
      <Workflow c={c} />
      <CaseExchange c={c} canSend={canEdit} />
      <h2>Legal basis</h2>
      <BasisSection c={c} canEdit={canEdit} />
      <h2>Decisions</h2>
      <Decisions c={c} />
      <h2>Consultations</h2>
      <Consultations c={c} canEdit={canEdit} />
      <h2>Access list</h2>
      <ul>
        {c.accessList.map((a) => (
          <li key={a.userId}>
            {a.displayName} <span className="muted">({a.role})</span>
          </li>
        ))}
      </ul>
      {canEdit && <AccessForm detail={c} />}
      <h2>Measures</h2>
      {c.measures.length === 0 && <p className="muted">No measure yet.</p>}
      <ul>
        {c.measures.map((m) => (
          <li key={m.id}>
            <strong>{codeLabel(m.measure)}</strong>: {m.description} — <span className="badge">{codeLabel(m.status)}</span> —{" "}
            {m.assignedOrganisation ?? "not assigned"}
            {m.deadline ? ` — due ${m.deadline}` : ""}
            {canEdit && <MeasureControls caseId={c.id} version={c.version} measure={m} />}
          </li>
        ))}
      </ul>
      {canEdit && <NewMeasure caseId={c.id} version={c.version} />}
      <h2>Offences</h2>
      <Offences c={c} canEdit={canEdit} />
      <h2>Persons</h2>
      <Persons c={c} canEdit={canEdit} />
      <h2>Documents</h2>
      <Documents c={c} canEdit={canEdit} />
      <h2>Evidence</h2>
      <Evidence c={c} canEdit={canEdit} />
      <h2>Correspondence</h2>
      <Correspondence c={c} canEdit={canEdit} />
      <h2>Timeline</h2>
      <Timeline c={c} />
    </section>
  );
}
