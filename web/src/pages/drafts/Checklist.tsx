import type { CheckResult, ChecklistEntry } from "../../../../src/drafting/checker";
import type { StepId } from "../../../../src/drafting/draft";

/** The live checklist: what blocks approval (with the provision), what is advised, and the risks. */
export function Checklist({ check, onGo }: { check: CheckResult; onGo: (s: StepId) => void }) {
  const item = (e: ChecklistEntry) => (
    <li key={e.id}>
      <button type="button" className="link-button" onClick={() => onGo(e.step)}>
        {e.label}
      </button>
      {e.citations.length > 0 && <span className="cite-list"> — {[...new Set(e.citations.map((c) => c.cite))].join("; ")}</span>}
      {e.source === "practice" && <span className="hint"> (practice)</span>}
    </li>
  );
  return (
    <div className="checklist-body">
      <h2>Checklist</h2>
      {check.ready ? (
        <p className="ok" data-testid="checklist-status">
          Complete: nothing the basis requires is missing.
        </p>
      ) : (
        // What is still to do, not an error: a fresh draft has everything still to do.
        <p className="checklist-pending" data-testid="checklist-status">
          {check.blocking.length} required item{check.blocking.length === 1 ? "" : "s"} missing: approval is blocked.
        </p>
      )}
      {check.blocking.length > 0 && (
        <>
          <h3>Required</h3>
          <ul className="blocking" data-testid="blocking">
            {check.blocking.map(item)}
          </ul>
        </>
      )}
      {check.warnings.length > 0 && (
        <>
          <h3>Advised</h3>
          <ul className="warnings" data-testid="warnings">
            {check.warnings.map(item)}
          </ul>
        </>
      )}
      {check.risks.length > 0 && (
        <>
          <h3>Risks of refusal</h3>
          <ul className="risks" data-testid="risks">
            {check.risks.map((r) => (
              <li key={`${r.citation.provision}-${r.offenceIndex ?? ""}`}>{r.message}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
