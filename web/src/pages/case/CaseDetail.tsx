/**
 * One case page: a summary at the top (state, what is due next, the basis, who holds it), then the
 * case in tabs — work, legal basis, measures and people, documents and evidence, messages and
 * timeline, access — so nothing is a screen-long scroll away, at 360 px as on a wide screen. The tab
 * is in the address (#measures…), so a link or a reload opens the same one.
 */
import { useQuery } from "@tanstack/react-query";
import { type KeyboardEvent, type ReactNode, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../../api";
import { label as codeLabel, formatDate } from "../../format";
import { Link } from "../../Link";
import { Documents, Evidence } from "../CaseEvidence";
import { CaseExchange } from "../CaseExchange";
import { Hearings } from "./Hearings";
import { Assets } from "./assets/Assets";
import { BasisSection, Consultations, Correspondence, Decisions, Empty, Offences, Persons, Timeline, Workflow } from "../CaseWork";
import { AccessForm } from "./AccessForm";
import type { CaseDetailData } from "./common";
import { MeasureControls, NewMeasure, useMeasureWords } from "./Measures";
import { CaseSummary } from "./Summary";
import { errorWords } from "../../components/ErrorWords";
import { TranslatedLawNote } from "../../components/TranslatedLawNote";

const TABS = [
  { id: "work" },
  { id: "basis" },
  { id: "measures" },
  { id: "assets" },
  { id: "documents" },
  { id: "messages" },
  { id: "access" },
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
  const { t } = useTranslation("case");
  const measureWords = useMeasureWords();
  // A literal key per tab, so the CI check sees every one.
  const tabLabel: Record<TabId, string> = {
    work: t("tabs.work"),
    basis: t("tabs.basis"),
    measures: t("tabs.measures"),
    assets: t("tabs.assets"),
    documents: t("tabs.documents"),
    messages: t("tabs.messages"),
    access: t("tabs.access"),
  };
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
    const i = TABS.findIndex((x) => x.id === tab);
    // Right to left (Arabic), the next tab is on the left.
    const rtl = document.documentElement.dir === "rtl";
    const forward = rtl ? "ArrowLeft" : "ArrowRight";
    const back = rtl ? "ArrowRight" : "ArrowLeft";
    const to = e.key === forward ? i + 1 : e.key === back ? i - 1 : e.key === "Home" ? 0 : e.key === "End" ? TABS.length - 1 : null;
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
        <h1>{t("detail.case")}</h1>
        <p>{t("detail.notFound")}</p>
      </section>
    );
  if (q.error)
    return (
      <p className="error" role="alert">
        {errorWords(q.error)}
      </p>
    );
  const c = q.data;
  if (!c) return <p className="loading">{t("common:shell.loading")}</p>;
  return (
    <section className="case-page">
      <p>
        <Link to="/cases">{t("detail.back")}</Link>
      </p>
      <h1>
        {c.reference} <span className="case-title">{c.title}</span>
      </h1>
      <CaseSummary c={c} />
      <div className="case-tabs" role="tablist" aria-label={t("detail.parts")} onKeyDown={onKey}>
        {TABS.map((one) => (
          <button
            key={one.id}
            id={`tab-${one.id}`}
            type="button"
            role="tab"
            aria-selected={tab === one.id}
            aria-controls={`panel-${one.id}`}
            tabIndex={tab === one.id ? 0 : -1}
            className={tab === one.id ? "case-tab current" : "case-tab"}
            onClick={() => choose(one.id)}
          >
            {tabLabel[one.id]}
          </button>
        ))}
      </div>
      <div className="case-panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} data-testid={`panel-${tab}`}>
        {tab === "work" && (
          <>
            <Section title={t("sections.workflow")}>
              <Workflow c={c} />
            </Section>
            <CaseExchange c={c} canSend={canEdit} />
            <Section title={t("sections.decisions")}>
              <Decisions c={c} />
            </Section>
          </>
        )}
        {tab === "basis" && (
          <>
            <Section title={t("sections.basis")}>
              <BasisSection c={c} canEdit={canEdit} />
            </Section>
            <Section title={t("sections.consultations")}>
              <Consultations c={c} canEdit={canEdit} />
            </Section>
            <TranslatedLawNote />
          </>
        )}
        {tab === "measures" && (
          <>
            <Section title={t("sections.measures")}>
              {c.measures.length === 0 && <Empty>{t("detail.noMeasures")}</Empty>}
              <ul className="measure-list">
                {c.measures.map((m) => (
                  <li key={m.id}>
                    <strong>{measureWords(m.measure)}</strong>: {m.description} —{" "}
                    <span className="badge">{t(`measureStatus.${m.status}`, { defaultValue: codeLabel(m.status) })}</span> —{" "}
                    {m.assignedOrganisation ?? t("detail.notAssigned")}
                    {m.deadline ? ` — ${t("detail.due", { date: formatDate(m.deadline) })}` : ""}
                    {canEdit && <MeasureControls caseId={c.id} version={c.version} measure={m} />}
                  </li>
                ))}
              </ul>
              {canEdit && <NewMeasure caseId={c.id} version={c.version} />}
            </Section>
            <Hearings c={c} canEdit={canEdit} />
            <Section title={t("sections.offences")}>
              <Offences c={c} canEdit={canEdit} />
            </Section>
            <Section title={t("sections.persons")}>
              <Persons c={c} canEdit={canEdit} />
            </Section>
          </>
        )}
        {tab === "assets" && <Assets caseId={c.id} canEdit={canEdit} />}
        {tab === "documents" && (
          <>
            <Section title={t("sections.documents")}>
              <Documents c={c} canEdit={canEdit} />
            </Section>
            <Section title={t("sections.evidence")}>
              <Evidence c={c} canEdit={canEdit} />
            </Section>
          </>
        )}
        {tab === "messages" && (
          <>
            <Section title={t("sections.correspondence")}>
              <Correspondence c={c} canEdit={canEdit} />
            </Section>
            <Section title={t("sections.timeline")}>
              <Timeline c={c} />
            </Section>
          </>
        )}
        {tab === "access" && (
          <Section title={t("sections.access")}>
            {c.accessList.length === 0 && <Empty>{t("detail.noOneListed")}</Empty>}
            <ul>
              {c.accessList.map((a) => (
                <li key={a.userId}>
                  {a.displayName} <span className="muted">({t(`roles.${a.role}`, { defaultValue: a.role })})</span>
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
