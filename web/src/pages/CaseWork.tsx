/**
 * Working a case: its legal basis with citations, the actions its state allows (and why the others are
 * not), decisions with grounds, consultations, offences, persons, correspondence and the timeline.
 * Every change sends the version the officer saw, so two people never overwrite each other silently.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { LIMITS } from "../../../src/validation/limits";
import { type ReactNode, useState } from "react";
import { ICCS_CODES, ICCS_SECTIONS } from "../../../src/law/iccs";
import { ApiError, api, errorText } from "../api";
import { label as codeLabel, formatDateTime } from "../format";
import { ConfirmStep } from "./case/Confirm";

export interface Citation {
  instrument: string;
  provision: string;
  cite: string;
}

export interface WorkDetail {
  id: string;
  direction: "incoming" | "outgoing";
  state: string;
  version: number;
  basisInstrument: string | null;
  requestDate: string | null;
  basis: {
    bases: { instrument: string; title: string; rank: number; inForceSince: string | null }[];
    refusalGrounds: (Citation & { ground: string; kind: string })[];
    excludedGrounds: (Citation & { ground: string })[];
    consultationBeforeRefusal: Partial<Citation> & { required: boolean; reason?: string };
  } | null;
  measures: {
    id: string;
    measure: string;
    description: string;
    status: string;
    deadline: string | null;
    assignedOrganisation: string | null;
  }[];
  offences: { id: string; description: string; legalProvision: string; penalty: string | null; iccs: string }[];
  persons: { id: string; role: string; name: string; inCustody: boolean; returnBy: string | null; safeConductEnds: string | null }[];
  consultations: { id: string; heldOn: string; channel: string; outcome: string; conditionsConsidered: string }[];
  decisions: {
    id: string;
    kind: string;
    grounds: { ground: string; cite?: string }[];
    reasons: string;
    notice: string;
    decidedAt: string;
    decidedBy: string;
  }[];
  correspondence: { id: string; direction: "in" | "out"; channel: string; onDate: string; summary: string }[];
  timeline: { action: string; from: string; to: string; at: string; actor: string; note: string | null }[];
  actions: { action: string; label: string; allowed: boolean; why?: string; final?: { reason: "required" | "optional" } }[];
}

const ICCS: Record<string, string> = ICCS_SECTIONS;

/** An error from the API as the officer should read it: the rule in words (the provision is in the sentence), never its code. */
export function RuleError({ error }: { error: unknown }) {
  if (!error) return null;
  const e = error instanceof ApiError ? error : null;
  return (
    <p className="error" role="alert">
      {e ? (e.code === "version_conflict" ? errorText(e) : e.message) : String(error)}
    </p>
  );
}

/** An empty section, said the same way everywhere: "No persons yet." */
export function Empty({ children }: { children: ReactNode }) {
  return <p className="muted empty">{children}</p>;
}

function useCaseMutation<T>(caseId: string, fn: (body: T) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => qc.invalidateQueries({ queryKey: ["cases"] }),
    // A version conflict means someone else changed the case: reload it so the officer sees why.
    onError: (err) => {
      if (err instanceof ApiError && err.code === "version_conflict") void qc.invalidateQueries({ queryKey: ["cases", "one", caseId] });
    },
  });
}

/** The instrument's name as people know it: the title the basis answer gives, never its id. */
export function instrumentName(c: Pick<WorkDetail, "basis">, id: string | null): string {
  if (!id) return "none recorded";
  return c.basis?.bases.find((b) => b.instrument === id)?.title ?? id;
}

/** The workflow section: one button per action of the current state; decisions open a form, final steps ask for confirmation. */
export function Workflow({ c }: { c: WorkDetail }) {
  const [deciding, setDeciding] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<WorkDetail["actions"][number] | null>(null);
  const move = useCaseMutation(c.id, (body: { action: string; reasons?: string }) =>
    api(`/cases/${c.id}/transitions`, { method: "POST", body: { ...body, version: c.version } }),
  );
  const decisionActions = new Set(["refuse", "postpone", "accept"]);
  return (
    <div className="card stack" data-testid="workflow">
      <p>
        State: <strong>{codeLabel(c.state)}</strong> <span className="muted">(version {c.version})</span>
      </p>
      {c.actions.length === 0 && <Empty>No further action: the case is closed or you may only read it.</Empty>}
      <ul className="actions-list">
        {c.actions.map((a) => (
          <li key={a.action}>
            <button
              type="button"
              disabled={!a.allowed || move.isPending}
              aria-describedby={!a.allowed && a.why ? `why-${a.action}` : undefined}
              onClick={() => {
                move.reset();
                if (decisionActions.has(a.action)) setDeciding(a.action);
                else if (a.final) setConfirming(a);
                else move.mutate({ action: a.action });
              }}
            >
              {a.label}
            </button>
            {!a.allowed && a.why && (
              <span className="muted why" id={`why-${a.action}`}>
                {" "}
                — {a.why}
              </span>
            )}
          </li>
        ))}
      </ul>
      {!confirming && <RuleError error={move.error} />}
      {confirming && (
        <ConfirmStep
          title={`${confirming.label}?`}
          confirmLabel={confirming.label}
          reason={confirming.final?.reason}
          reasonLabel={confirming.action === "withdrawn_by_requester" ? "The requesting state's reason" : "Reason"}
          pending={move.isPending}
          error={<RuleError error={move.error} />}
          onCancel={() => setConfirming(null)}
          onConfirm={(reason) =>
            move.mutate({ action: confirming.action, reasons: reason || undefined }, { onSuccess: () => setConfirming(null) })
          }
        />
      )}
      {deciding && <DecisionForm c={c} action={deciding} onDone={() => setDeciding(null)} />}
    </div>
  );
}

/** What the decision form finds wrong before sending, in words (the server checks the same again). */
function problemsOf(c: WorkDetail, action: string, d: { grounds: string[]; reasons: string; refused: string[] }): string | null {
  const needsGrounds = action !== "accept" || d.refused.length > 0;
  if (action === "accept" && d.refused.length > 0 && d.refused.length >= c.measures.length)
    return "Every measure would be refused: refuse the request instead.";
  if (action === "refuse" && d.grounds.length === 0) return "Choose at least one ground the legal basis provides.";
  if (needsGrounds && action !== "postpone" && d.grounds.length === 0) return "Choose the grounds for refusing these measures.";
  if (needsGrounds && d.reasons.trim().length < 10)
    return "State the reasons in at least 10 characters: they go into the notice to the requesting state.";
  return null;
}

function DecisionForm({ c, action, onDone }: { c: WorkDetail; action: string; onDone: () => void }) {
  const [grounds, setGrounds] = useState<string[]>([]);
  const [reasons, setReasons] = useState("");
  const [refused, setRefused] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const decide = useCaseMutation(c.id, () =>
    api(`/cases/${c.id}/transitions`, {
      method: "POST",
      body: {
        action,
        version: c.version,
        grounds,
        reasons: reasons || undefined,
        refusedMeasures: action === "accept" ? refused : undefined,
      },
    }),
  );
  // Only the grounds the basis provides can be chosen; those it excludes are shown as information.
  const offered = [...new Map((c.basis?.refusalGrounds ?? []).map((g) => [g.ground, g])).values()];
  // A ground excluded by several instruments appears once, with every citation.
  const excluded = [
    ...(c.basis?.excludedGrounds ?? [])
      .reduce((by, g) => by.set(g.ground, [...new Set([...(by.get(g.ground) ?? []), g.cite])]), new Map<string, string[]>())
      .entries(),
  ].map(([ground, cites]) => ({ ground, cites }));
  const needsGrounds = action !== "accept" || refused.length > 0;
  const title =
    action === "accept"
      ? "Accept the request (refuse some measures if needed)"
      : action === "refuse"
        ? "Refuse the request"
        : "Postpone execution";
  const submitLabel = action === "accept" ? "Accept" : action === "refuse" ? "Refuse the request" : "Postpone";
  const send = () => decide.mutate(undefined, { onSuccess: onDone });
  // The confirmation is a dialog with a form of its own: it stands beside this form, never inside it.
  return (
    <>
      <form
        className="stack decision"
        aria-label={title}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const p = problemsOf(c, action, { grounds, reasons, refused });
          setProblem(p);
          if (p) return;
          // Refusing cannot be undone: one more, explicit confirmation.
          if (action === "refuse") setConfirming(true);
          else send();
        }}
      >
        <h3>{title}</h3>
        {action === "accept" && (
          <p className="muted">
            The acceptance is recorded with your name and today's date, and a notice to the requesting state is written with it.
          </p>
        )}
        {action === "accept" && c.measures.length > 0 && (
          <fieldset>
            <legend>Measures refused (leave empty to accept the whole request)</legend>
            {c.measures.map((m) => (
              <label key={m.id} className="check">
                <input
                  type="checkbox"
                  checked={refused.includes(m.id)}
                  onChange={(e) => setRefused(e.target.checked ? [...refused, m.id] : refused.filter((x) => x !== m.id))}
                />
                {codeLabel(m.measure)}: {m.description}
              </label>
            ))}
          </fieldset>
        )}
        {needsGrounds && (
          <fieldset data-testid="grounds-offered">
            <legend>Grounds the legal basis provides</legend>
            {offered.length === 0 && <Empty>The legal basis provides no ground for refusal.</Empty>}
            {offered.map((g) => (
              <label key={g.ground} className="check">
                <input
                  type="checkbox"
                  checked={grounds.includes(g.ground)}
                  onChange={(e) => setGrounds(e.target.checked ? [...grounds, g.ground] : grounds.filter((x) => x !== g.ground))}
                />
                <span>
                  {sentence(codeLabel(g.ground))} <span className="muted">({g.cite})</span>
                </span>
              </label>
            ))}
          </fieldset>
        )}
        {needsGrounds && excluded.length > 0 && (
          <div className="excluded-grounds" data-testid="grounds-excluded">
            <p>Grounds that may not be invoked under this basis:</p>
            <ul>
              {excluded.map((g) => (
                <li key={g.ground}>
                  {sentence(codeLabel(g.ground))} <span className="muted">— {g.cites.join("; ")}</span>
                </li>
              ))}
            </ul>
          </div>
        )}
        {(needsGrounds || action === "accept") && (
          <label>
            {needsGrounds ? "Reasons (they go into the notice to the requesting state)" : "Remarks for the notice (optional)"}
            <textarea value={reasons} onChange={(e) => setReasons(e.target.value)} rows={3} maxLength={5000} />
          </label>
        )}
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        <div>
          <button type="submit" disabled={decide.isPending}>
            {submitLabel}
          </button>{" "}
          <button type="button" className="link-button" onClick={onDone}>
            Cancel
          </button>
        </div>
        {!confirming && <RuleError error={decide.error} />}
      </form>
      {confirming && (
        <ConfirmStep
          title="Refuse the request?"
          confirmLabel="Refuse the request"
          pending={decide.isPending}
          error={<RuleError error={decide.error} />}
          onCancel={() => setConfirming(false)}
          onConfirm={() => send()}
        >
          <p>
            Grounds: {grounds.map((g) => codeLabel(g)).join("; ")}. The notice to the requesting state will state them with your reasons.
          </p>
        </ConfirmStep>
      )}
    </>
  );
}

const sentence = (words: string) => words.charAt(0).toUpperCase() + words.slice(1);

/** The legal basis stored with the case, with its citations; the officer may choose another applicable one before deciding. */
export function BasisSection({ c, canEdit }: { c: WorkDetail; canEdit?: boolean }) {
  const choose = useCaseMutation(c.id, (instrument: string) =>
    api(`/cases/${c.id}`, { method: "PATCH", body: { version: c.version, basisInstrument: instrument } }),
  );
  if (!c.basis) return <Empty>No legal basis recorded.</Empty>;
  const consult = c.basis.consultationBeforeRefusal;
  return (
    <div className="stack">
      <p data-testid="chosen-basis">
        Chosen basis: <strong>{instrumentName(c, c.basisInstrument)}</strong>, as the law stood on the date of the request ({c.requestDate}
        ).
      </p>
      {canEdit && c.basis.bases.length > 1 && c.decisions.length === 0 && (
        <label>
          Choose another applicable basis
          <select value={c.basisInstrument ?? ""} onChange={(e) => choose.mutate(e.target.value)}>
            {c.basis.bases.map((b) => (
              <option key={b.instrument} value={b.instrument}>
                {b.title}
              </option>
            ))}
          </select>
        </label>
      )}
      <RuleError error={choose.error} />
      <p>Applicable bases, by precedence:</p>
      <ol>
        {c.basis.bases.map((b) => (
          <li key={b.instrument}>
            {b.title} <span className="muted">(in force since {b.inForceSince ?? "a date not recorded"})</span>
          </li>
        ))}
      </ol>
      <p>
        Consultation before refusal:{" "}
        {consult.required ? <strong>required ({consult.cite})</strong> : <span className="muted">not required ({consult.reason})</span>}
      </p>
      <details>
        <summary>
          Refusal grounds the basis provides ({c.basis.refusalGrounds.length}) and excludes ({c.basis.excludedGrounds.length})
        </summary>
        <ul>
          {c.basis.refusalGrounds.map((g) => (
            <li key={`${g.ground}-${g.provision}`}>
              {sentence(codeLabel(g.ground))} — {g.kind} — {g.cite}
            </li>
          ))}
          {c.basis.excludedGrounds.map((g) => (
            <li key={`x-${g.ground}-${g.provision}`}>
              <em>Not</em> {codeLabel(g.ground)} — {g.cite}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}

function SmallForm({
  title,
  children,
  onSubmit,
  error,
  pending,
}: {
  title: string;
  children: ReactNode;
  onSubmit: () => void;
  error: unknown;
  pending: boolean;
}) {
  return (
    <form
      className="card form-grid"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <strong className="form-title">{title}</strong>
      {children}
      <button type="submit" disabled={pending}>
        Record
      </button>
      <RuleError error={error} />
    </form>
  );
}

/** Consultations with the requesting state. */
export function Consultations({ c, canEdit }: { c: WorkDetail; canEdit: boolean }) {
  const [f, setF] = useState({ heldOn: "", channel: "", outcome: "", conditionsConsidered: "" });
  const m = useCaseMutation(c.id, () => api(`/cases/${c.id}/consultations`, { method: "POST", body: { ...f, version: c.version } }));
  return (
    <div className="stack">
      {c.consultations.length === 0 && <Empty>No consultations yet.</Empty>}
      <ul>
        {c.consultations.map((x) => (
          <li key={x.id}>
            {x.heldOn}, {x.channel}: {x.outcome} <span className="muted">Conditions considered: {x.conditionsConsidered}</span>
          </li>
        ))}
      </ul>
      {canEdit && (
        <SmallForm title="Record a consultation" onSubmit={() => m.mutate(undefined)} error={m.error} pending={m.isPending}>
          <label>
            Held on
            <input type="date" value={f.heldOn} onChange={(e) => setF({ ...f, heldOn: e.target.value })} required />
          </label>
          <label>
            Channel
            <input
              value={f.channel}
              onChange={(e) => setF({ ...f, channel: e.target.value })}
              required
              maxLength={LIMITS.consultationChannel}
            />
          </label>
          <label>
            Outcome
            <input value={f.outcome} onChange={(e) => setF({ ...f, outcome: e.target.value })} required maxLength={LIMITS.longText} />
          </label>
          <label>
            Conditions considered
            <input
              value={f.conditionsConsidered}
              onChange={(e) => setF({ ...f, conditionsConsidered: e.target.value })}
              required
              maxLength={LIMITS.longText}
            />
          </label>
        </SmallForm>
      )}
    </div>
  );
}

/** Offences as the requesting side states them, with their ICCS section. */
export function Offences({ c, canEdit }: { c: WorkDetail; canEdit: boolean }) {
  const [f, setF] = useState({ description: "", legalProvision: "", penalty: "", iccs: "07" });
  const m = useCaseMutation(c.id, () => api(`/cases/${c.id}/offences`, { method: "POST", body: { ...f, version: c.version } }));
  return (
    <div className="stack">
      {c.offences.length === 0 && <Empty>No offences yet.</Empty>}
      <table className="data">
        <tbody>
          {[...c.offences]
            .sort((a, b) => a.iccs.localeCompare(b.iccs))
            .map((o) => (
              <tr key={o.id}>
                <td>{o.description}</td>
                <td>{o.legalProvision}</td>
                <td>{o.penalty ?? "—"}</td>
                <td>
                  ICCS {o.iccs} <span className="muted">{ICCS[o.iccs]}</span>
                </td>
              </tr>
            ))}
        </tbody>
      </table>
      {canEdit && (
        <SmallForm title="Add an offence" onSubmit={() => m.mutate(undefined)} error={m.error} pending={m.isPending}>
          <label>
            Offence
            <input
              value={f.description}
              onChange={(e) => setF({ ...f, description: e.target.value })}
              required
              maxLength={LIMITS.description}
            />
          </label>
          <label>
            Provision cited
            <input
              value={f.legalProvision}
              onChange={(e) => setF({ ...f, legalProvision: e.target.value })}
              required
              maxLength={LIMITS.legalProvision}
            />
          </label>
          <label>
            Penalty
            <input value={f.penalty} onChange={(e) => setF({ ...f, penalty: e.target.value })} maxLength={LIMITS.legalProvision} />
          </label>
          <label>
            ICCS section
            <select value={f.iccs} onChange={(e) => setF({ ...f, iccs: e.target.value })}>
              {ICCS_CODES.map((k) => [k, ICCS[k]] as const).map(([k, v]) => (
                <option key={k} value={k}>
                  {k} {v}
                </option>
              ))}
            </select>
          </label>
        </SmallForm>
      )}
    </div>
  );
}

/** Persons, with custody return dates and safe-conduct end dates. */
export function Persons({ c, canEdit }: { c: WorkDetail; canEdit: boolean }) {
  const [f, setF] = useState({ role: "witness", name: "", presenceEndedOn: "", safeConductExtended: false });
  const m = useCaseMutation(c.id, () =>
    api(`/cases/${c.id}/persons`, {
      method: "POST",
      body: { ...f, presenceEndedOn: f.presenceEndedOn || null, version: c.version },
    }),
  );
  return (
    <div className="stack">
      {c.persons.length === 0 && <Empty>No persons yet.</Empty>}
      <ul>
        {c.persons.map((p) => (
          <li key={p.id}>
            {p.name} <span className="muted">({codeLabel(p.role)})</span>
            {p.inCustody ? " · in custody" : ""}
            {p.returnBy ? ` · return by ${p.returnBy}` : ""}
            {p.safeConductEnds ? <strong data-testid="safe-conduct"> · safe conduct ends {p.safeConductEnds}</strong> : null}
          </li>
        ))}
      </ul>
      {canEdit && (
        <SmallForm title="Add a person" onSubmit={() => m.mutate(undefined)} error={m.error} pending={m.isPending}>
          <label>
            Person's role
            <select value={f.role} onChange={(e) => setF({ ...f, role: e.target.value })}>
              {["suspect", "accused", "witness", "expert", "victim", "person_in_custody", "other"].map((r) => (
                <option key={r} value={r}>
                  {codeLabel(r)}
                </option>
              ))}
            </select>
          </label>
          <label>
            Person's name
            <input value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} required maxLength={LIMITS.personName} />
          </label>
          <label>
            Presence no longer required on (for safe conduct)
            <input type="date" value={f.presenceEndedOn} onChange={(e) => setF({ ...f, presenceEndedOn: e.target.value })} />
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={f.safeConductExtended}
              onChange={(e) => setF({ ...f, safeConductExtended: e.target.checked })}
            />
            Safe conduct extended
          </label>
        </SmallForm>
      )}
    </div>
  );
}

/** Decisions with the notices sent to the requesting state. */
export function Decisions({ c }: { c: WorkDetail }) {
  if (c.decisions.length === 0) return <Empty>No decisions yet.</Empty>;
  return (
    <div className="stack">
      {c.decisions.map((d) => (
        <div key={d.id} className="card">
          <p>
            <strong>{sentence(codeLabel(d.kind))}</strong> by {d.decidedBy} on {formatDateTime(d.decidedAt)}
            {d.grounds.length > 0 ? ": " : ""}
            {d.grounds.map((g) => `${codeLabel(g.ground)}${g.cite ? ` (${g.cite})` : ""}`).join("; ")}
          </p>
          <pre className="notice-text">{d.notice}</pre>
        </div>
      ))}
    </div>
  );
}

/** The timeline of transitions. */
export function Timeline({ c }: { c: WorkDetail }) {
  if (c.timeline.length === 0) return <Empty>Nothing on the timeline yet.</Empty>;
  return (
    <ol className="timeline" data-testid="timeline">
      {c.timeline.map((t) => (
        <li key={`${t.at}-${t.action}`}>
          {formatDateTime(t.at)} — <strong>{codeLabel(t.action)}</strong> ({codeLabel(t.from)} → {codeLabel(t.to)}) by {t.actor}
          {t.note ? `: ${t.note}` : ""}
        </li>
      ))}
    </ol>
  );
}

/** Correspondence in and out. */
export function Correspondence({ c, canEdit }: { c: WorkDetail; canEdit: boolean }) {
  const [f, setF] = useState({ direction: "in", channel: "", onDate: "", summary: "" });
  const m = useCaseMutation(c.id, () => api(`/cases/${c.id}/correspondence`, { method: "POST", body: { ...f, version: c.version } }));
  return (
    <div className="stack">
      {c.correspondence.length === 0 && <Empty>No correspondence yet.</Empty>}
      <ul>
        {c.correspondence.map((x) => (
          <li key={x.id}>
            {x.onDate} {x.direction === "in" ? "received" : "sent"} by {x.channel}: {x.summary}
          </li>
        ))}
      </ul>
      {canEdit && (
        <SmallForm title="Record a message" onSubmit={() => m.mutate(undefined)} error={m.error} pending={m.isPending}>
          <label>
            In or out
            <select value={f.direction} onChange={(e) => setF({ ...f, direction: e.target.value })}>
              <option value="in">received</option>
              <option value="out">sent</option>
            </select>
          </label>
          <label>
            Message channel
            <input
              value={f.channel}
              onChange={(e) => setF({ ...f, channel: e.target.value })}
              required
              maxLength={LIMITS.correspondenceChannel}
            />
          </label>
          <label>
            Dated
            <input type="date" value={f.onDate} onChange={(e) => setF({ ...f, onDate: e.target.value })} required />
          </label>
          <label>
            Summary
            <input value={f.summary} onChange={(e) => setF({ ...f, summary: e.target.value })} required maxLength={LIMITS.longText} />
          </label>
        </SmallForm>
      )}
    </div>
  );
}
