/**
 * One case page: a summary at the top (state, what is due next, the basis, who holds it), then the
 * case in tabs — work, legal basis, measures and people, documents and evidence, messages and
 * timeline, access — so nothing is a screen-long scroll away, at 360 px as on a wide screen. The tab
 * is in the address (#measures…), so a link or a reload opens the same one.
 */
import { useQuery } from "@tanstack/react-query";
import { type KeyboardEvent, type ReactNode, useEffect, useState } from "react";
import { ApiError, api, errorText } from "../../api";
import { label as codeLabel } from "../../format";
import { Link } from "../../Link";
import { Documents, Evidence } from "../CaseEvidence";
import { CaseExchange } from "../CaseExchange";
import { BasisSection, Consultations, Correspondence, Decisions, Empty, Offences, Persons, Timeline, Workflow } from "../CaseWork";
import { AccessForm } from "./AccessForm";
import type { CaseDetailData } from "./common";
import { MeasureControls, NewMeasure } from "./Measures";
import { CaseSummary } from "./Summary";

const TABS = [
  { id: "work", label: "Work" },
  { id: "basis", label: "Legal basis" },
  { id: "measures", label: "Measures and people" },
  { id: "documents", label: "Documents and evidence" },
  { id: "messages", label: "Messages and timeline" },
  { id: "access", label: "Access" },
] as const;
type TabId = (typeof TABS)[number]["id"];

const tabOfHash = (): TabId => {
  const h = window.location.hash.slice(1);
  return (TABS.find((t) => t.id === h)?.id ?? "work") as TabId;
};

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="case-section">
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** One case: its summary, then its parts in tabs; officers and supervisors can change them. */
export function CaseDetail({ id, canEdit }: { id: string; canEdit: boolean }) {
  const q = useQuery({ queryKey: ["cases", "one", id], queryFn: () => api<CaseDetailData>(`/cases/${id}`), retry: false });
  const [tab, setTab] = useState<TabId>(tabOfHash);
  useEffect(() => {
    const follow = () => setTab(tabOfHash());
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }, []);
  const choose = (next: TabId) => {
    setTab(next);
    // replaceState: switching tabs is not a page of its own in the browser's history.
    window.history.replaceState(window.history.state, "", `#${next}`);
  };
  const onKey = (e: KeyboardEvent) => {
    const i = TABS.findIndex((t) => t.id === tab);
    const to =
      e.key === "ArrowRight" ? i + 1 : e.key === "ArrowLeft" ? i - 1 : e.key === "Home" ? 0 : e.key === "End" ? TABS.length - 1 : null;
    if (to === null) return;
    e.preventDefault();
    const next = TABS[(to + TABS.length) % TABS.length];
    if (next) {
      choose(next.id);
      document.getElementById(`tab-${next.id}`)?.focus();
    }
  };
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
    <section className="case-page">
      <p>
        <Link to="/cases">← Cases</Link>
      </p>
      <h1>
        {c.reference} <span className="case-title">{c.title}</span>
      </h1>
      <CaseSummary c={c} />
      <div className="case-tabs" role="tablist" aria-label="Parts of the case" onKeyDown={onKey}>
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            className={tab === t.id ? "case-tab current" : "case-tab"}
            onClick={() => choose(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="case-panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} data-testid={`panel-${tab}`}>
        {tab === "work" && (
          <>
            <Section title="Workflow">
              <Workflow c={c} />
            </Section>
            <CaseExchange c={c} canSend={canEdit} />
            <Section title="Decisions">
              <Decisions c={c} />
            </Section>
          </>
        )}
        {tab === "basis" && (
          <>
            <Section title="Legal basis">
              <BasisSection c={c} canEdit={canEdit} />
            </Section>
            <Section title="Consultations">
              <Consultations c={c} canEdit={canEdit} />
            </Section>
          </>
        )}
        {tab === "measures" && (
          <>
            <Section title="Measures">
              {c.measures.length === 0 && <Empty>No measures yet.</Empty>}
              <ul className="measure-list">
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
            </Section>
            <Section title="Offences">
              <Offences c={c} canEdit={canEdit} />
            </Section>
            <Section title="Persons">
              <Persons c={c} canEdit={canEdit} />
            </Section>
          </>
        )}
        {tab === "documents" && (
          <>
            <Section title="Documents">
              <Documents c={c} canEdit={canEdit} />
            </Section>
            <Section title="Evidence">
              <Evidence c={c} canEdit={canEdit} />
            </Section>
          </>
        )}
        {tab === "messages" && (
          <>
            <Section title="Correspondence">
              <Correspondence c={c} canEdit={canEdit} />
            </Section>
            <Section title="Timeline">
              <Timeline c={c} />
            </Section>
          </>
        )}
        {tab === "access" && (
          <Section title="Access list">
            {c.accessList.length === 0 && <Empty>No one is listed yet.</Empty>}
            <ul>
              {c.accessList.map((a) => (
                <li key={a.userId}>
                  {a.displayName} <span className="muted">({a.role})</span>
                </li>
              ))}
            </ul>
            {canEdit && <AccessForm detail={c} />}
          </Section>
        )}
      </div>
    </section>
  );
}
