/**
 * Working a case: its legal basis with citations, the actions its state allows (and why the others are
 * not), decisions with grounds, consultations, offences, persons, correspondence and the timeline.
 * Every change sends the version the officer saw, so two people never overwrite each other silently.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { LIMITS } from "../../../src/validation/limits";
import { type ReactNode, useState } from "react";
import { ICCS_SECTIONS } from "../../../src/law/iccs";
import { ApiError, api, errorText } from "../api";
import { label as codeLabel, formatDateTime } from "../format";

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
  }[];
  correspondence: { id: string; direction: "in" | "out"; channel: string; onDate: string; summary: string }[];
  timeline: { action: string; from: string; to: string; at: string; actor: string; note: string | null }[];
  actions: { action: string; label: string; allowed: boolean; why?: string }[];
}

const ICCS: Record<string, string> = ICCS_SECTIONS;

/** An error from the API as the officer should read it: the rule, and the provision behind it. */
function RuleError({ error }: { error: unknown }) {
  if (!error) return null;
  const e = error instanceof ApiError ? error : null;
  return (
    <p className="error" role="alert">
      {e ? (e.code === "version_conflict" ? errorText(e) : e.message) : String(error)}
      {e?.code && e.code !== "version_conflict" ? <span className="muted"> [{e.code}]</span> : null}
    </p>
  );
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

/** The workflow section: one button per action of the current state; decisions open a form. */
export function Workflow({ c }: { c: WorkDetail }) {
  const [deciding, setDeciding] = useState<string | null>(null);
  const move = useCaseMutation(c.id, (action: string) =>
    api(`/cases/${c.id}/transitions`, { method: "POST", body: { action, version: c.version } }),
  );
  const decisionActions = new Set(["refuse", "postpone", "accept"]);
  return (
    <div className="card stack" data-testid="workflow">
      <p>
        State: <strong data-testid="case-state">{codeLabel(c.state)}</strong> <span className="muted">(version {c.version})</span>
      </p>
      {c.actions.length === 0 && <p className="muted">No further action: the case is closed or you may only read it.</p>}
      <ul className="actions-list">
        {c.actions.map((a) => (
          <li key={a.action}>
            <button
              type="button"
              disabled={!a.allowed || move.isPending}
              onClick={() => (decisionActions.has(a.action) ? setDeciding(a.action) : move.mutate(a.action))}
            >
              {a.label}
            </button>
            {!a.allowed && a.why && <span className="muted"> — {a.why}</span>}
          </li>
        ))}
      </ul>
      <RuleError error={move.error} />
      {deciding && <DecisionForm c={c} action={deciding} onDone={() => setDeciding(null)} />}
    </div>
  );
}

function DecisionForm({ c, action, onDone }: { c: WorkDetail; action: string; onDone: () => void }) {
  const [grounds, setGrounds] = useState<string[]>([]);
  const [reasons, setReasons] = useState("");
  const [refused, setRefused] = useState<string[]>([]);
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
  const offered = [...new Map((c.basis?.refusalGrounds ?? []).map((g) => [g.ground, g])).values()];
  const needsGrounds = action !== "accept" || refused.length > 0;
  return (
    <form
      className="stack decision"
      onSubmit={(e) => {
        e.preventDefault();
        decide.mutate(undefined, { onSuccess: onDone });
      }}
    >
      <h3>
        {action === "accept"
          ? "Accept (refuse some measures if needed)"
          : action === "refuse"
            ? "Refuse the request"
            : "Postpone execution"}
      </h3>
      {action === "accept" && (
        <fieldset>
          <legend>Measures refused</legend>
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
        <fieldset>
          <legend>Grounds (as the legal basis provides them)</legend>
          {offered.map((g) => (
            <label key={g.ground} className="check">
              <input
                type="checkbox"
                checked={grounds.includes(g.ground)}
                onChange={(e) => setGrounds(e.target.checked ? [...grounds, g.ground] : grounds.filter((x) => x !== g.ground))}
              />
              {codeLabel(g.ground)} <span className="muted">({g.cite})</span>
            </label>
          ))}
          {(c.basis?.excludedGrounds ?? []).map((g) => (
            <label key={`x-${g.ground}`} className="check muted">
              <input
                type="checkbox"
                checked={grounds.includes(g.ground)}
                onChange={(e) => setGrounds(e.target.checked ? [...grounds, g.ground] : grounds.filter((x) => x !== g.ground))}
              />
              {codeLabel(g.ground)} — excluded by {g.cite}
            </label>
          ))}
        </fieldset>
      )}
      {needsGrounds && (
        <label>
          Reasons (go into the notice to the requesting state)
          <textarea value={reasons} onChange={(e) => setReasons(e.target.value)} rows={3} maxLength={LIMITS.reasons} />
        </label>
      )}
      <div>
        <button type="submit" disabled={decide.isPending}>
          Decide
        </button>{" "}
        <button type="button" className="link-button" onClick={onDone}>
          Cancel
        </button>
      </div>
      <RuleError error={decide.error} />
    </form>
  );
}

/** The legal basis stored with the case, with its citations; the officer may choose another applicable one before deciding. */
export function BasisSection({ c, canEdit }: { c: WorkDetail; canEdit?: boolean }) {
  const choose = useCaseMutation(c.id, (instrument: string) =>
    api(`/cases/${c.id}`, { method: "PATCH", body: { version: c.version, basisInstrument: instrument } }),
  );
  if (!c.basis) return <p className="muted">No legal basis recorded.</p>;
  const consult = c.basis.consultationBeforeRefusal;
  return (
    <div className="stack">
      <p>
        Chosen basis: <strong>{c.basisInstrument}</strong>, on {c.requestDate}.{" "}
        {canEdit && c.basis.bases.length > 1 && c.decisions.length === 0 && (
          <label className="check">
            Choose another applicable basis
            <select value={c.basisInstrument ?? ""} onChange={(e) => choose.mutate(e.target.value)}>
              {c.basis.bases.map((b) => (
                <option key={b.instrument} value={b.instrument}>
                  {b.instrument}
                </option>
              ))}
            </select>
          </label>
        )}
      </p>
      <RuleError error={choose.error} />
      <ol>
        {c.basis.bases.map((b) => (
          <li key={b.instrument}>
            {b.title}{" "}
            <span className="muted">
              ({b.instrument}, in force since {b.inForceSince ?? "—"})
            </span>
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
              {codeLabel(g.ground)} — {g.kind} — {g.cite}
            </li>
          ))}
          {c.basis.excludedGrounds.map((g) => (
            <li key={`x-${g.ground}-${g.provision}`}>
              <em>not</em> {codeLabel(g.ground)} — {g.cite}
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
      <table className="data">
        <tbody>
          {c.offences.map((o) => (
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
              {Object.entries(ICCS).map(([k, v]) => (
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
  if (c.decisions.length === 0) return <p className="muted">No decision yet.</p>;
  return (
    <div className="stack">
      {c.decisions.map((d) => (
        <div key={d.id} className="card">
          <p>
            <strong>{codeLabel(d.kind)}</strong> on {formatDateTime(d.decidedAt)}:{" "}
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
