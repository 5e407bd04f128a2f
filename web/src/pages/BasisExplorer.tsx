/**
 * The basis explorer: two jurisdictions, a date and measures in; out comes first what the data cannot
 * vouch for, then the short answer (the basis, must or may, grounds, language, safe conduct), then the
 * detail: the bases, what they demand and why other instruments do not apply, each with its citation.
 * The URL keeps the query for sharing.
 */
import { useMemo } from "react";
import {
  type BasisAnswer,
  type Citation,
  type ExplanationNode,
  type GroundAnswer,
  type MeasureAnswer,
  parseBasisQuery,
  resolveBasis,
} from "../../../src/law/basis";
import { MEASURES, type Measure, OFFENCE_FAMILIES } from "../../../src/law/codes";
import { LawInputError } from "../../../src/law/errors";
import { jurisdiction } from "../../../src/law/jurisdictions";
import type { KnowledgeBase } from "../../../src/law/knowledge";
import { type ShortAnswer, shortAnswer } from "../../../src/law/short-answer";
import { citeLabel, readableSource } from "../../../src/law/warnings";
import { useKnowledge } from "../knowledge";
import { label, longDate } from "../format";
import { navigate } from "../router";
import "./BasisExplorer.css";
import { BasisWarnings } from "./BasisWarnings";

import { JurisdictionPicker } from "../components/JurisdictionPicker";
import { measureLabel } from "../labels";

interface FormState {
  from: string;
  to: string;
  on: string;
  measures: Measure[];
  offence: string;
}

function readForm(search: string): FormState {
  const q = new URLSearchParams(search);
  return {
    from: q.get("from") ?? "",
    to: q.get("to") ?? "",
    on: q.get("on") ?? new Date().toISOString().slice(0, 10),
    measures: q.getAll("measure").filter((m): m is Measure => (MEASURES as readonly string[]).includes(m)),
    offence: q.get("offence") ?? "",
  };
}

function writeForm(f: FormState): void {
  const q = new URLSearchParams();
  if (f.from) q.set("from", f.from);
  if (f.to) q.set("to", f.to);
  if (f.on) q.set("on", f.on);
  for (const m of f.measures) q.append("measure", m);
  if (f.offence) q.set("offence", f.offence);
  navigate(`/basis?${q.toString()}`, true);
}

/** The status date of the party data an answer relied on, in words. */
function statusLine(statusAsOf: string | null | undefined): string | null {
  if (statusAsOf === undefined) return null;
  return statusAsOf ? `party status as recorded on ${longDate(statusAsOf)}` : "party status recorded without a status date";
}

/** Whether and how a measure is given, in words. */
function measureMode(m: MeasureAnswer): string {
  if (!m.available) return "no";
  const how =
    m.mode === "conditional"
      ? "yes, on conditions the text sets"
      : m.mode === "discretionary"
        ? "yes, at the requested state's discretion"
        : "yes, the requested state must give it";
  return m.catchAll ? `${how} (under the clause for any other assistance)` : how;
}

/**
 * A rule that governs only if a recorded treaty of unknown status is not in force. The same words would
 * repeat under every rule of the paragraphs concerned, so each carries a short marker pointing to the
 * warning at the top; the full sentence is its tooltip.
 */
function Caveat({ c }: { c: { caveat?: string } }) {
  return c.caveat ? (
    <div className="condition caveat" title={c.caveat}>
      Only if the treaty listed under <a href="#h-unconfirmed">Treaties to check</a> is not in force
    </div>
  ) : null;
}

/** A labelled choice among every jurisdiction. */
function JurisdictionSelect(props: { name: string; label: string; value: string; onChange: (code: string) => void }) {
  return <JurisdictionPicker {...props} />;
}

/** A citation that opens to show the provision's summary and source; labelled where its article number was not checked. */
function Cite({ kb, c }: { kb: KnowledgeBase; c: Citation }) {
  const p = kb.provisions.get(c.provision);
  if (!p) return <span className="cite">{c.cite}</span>;
  return (
    <details className="cite">
      <summary>{citeLabel(kb, c)}</summary>
      <div className="provision-text" data-provision={p.id}>
        <p>{p.summary}</p>
        <p className="source">
          Source: {readableSource(p.source)}{" "}
          {p.source.url ? (
            <a href={p.source.url} target="_blank" rel="noreferrer noopener">
              {p.source.url}
            </a>
          ) : null}
        </p>
        {p.unverified ? <p className="unverified">To verify: {p.unverified}</p> : null}
        <p className="provision-id">Reference in this knowledge base: {p.id}</p>
      </div>
    </details>
  );
}

function Tree({ node }: { node: ExplanationNode }) {
  return (
    <li className={node.applies ? "applies" : "not-applies"}>
      <span className="mark" aria-hidden="true">
        {node.applies ? "✓" : "✗"}
      </span>{" "}
      {node.label}
      {node.reason ? <span className="reason"> — {node.reason}</span> : null}
      {node.children && node.children.length > 0 ? (
        <ul>
          {node.children.map((c) => (
            <Tree key={`${c.provision ?? c.instrument}-${c.label}`} node={c} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** Whether each basis makes a ground mandatory or discretionary, once per kind. */
function groundKinds(entries: readonly GroundAnswer[]): string {
  return [...new Set(entries.map((e) => (e.from === "reservation" ? `${e.kind}, by reservation` : e.kind)))].join("; ");
}

/** The short answer: the basis, must or may, grounds, language, safe conduct — the detail follows below. */
function Short({ kb, a, s }: { kb: KnowledgeBase; a: BasisAnswer; s: ShortAnswer }) {
  const cites = (entries: readonly Citation[]) => [...new Set(entries.map((e) => citeLabel(kb, e)))].join("; ");
  return (
    <section aria-labelledby="h-short" className="short-answer" data-testid="short-answer">
      <h2 id="h-short">
        {jurisdiction(a.from)?.name ?? a.from} → {jurisdiction(a.to)?.name ?? a.to}, {longDate(a.on)}
      </h2>
      <dl>
        <dt>Basis</dt>
        <dd data-testid="short-basis">
          {s.basis ? (
            <>
              <strong>{s.basis.shortTitle}</strong>
              {s.basis.kind === "reciprocity" ? " — no treaty recorded between them" : ""}
              {s.basis.inForceSince ? ` — in force between them since ${longDate(s.basis.inForceSince)}` : ""}
              {s.basis.condition ? <div className="condition">{s.basis.condition}</div> : null}
              {s.others.length > 0 ? <div className="meta">Also applicable, in order: {s.others.join(", ")}</div> : null}
            </>
          ) : (
            "None applies"
          )}
        </dd>
        <dt>Must the requested state assist?</dt>
        <dd data-testid="short-obligation">{s.obligation.sentence}</dd>
        <dt>Grounds for refusal</dt>
        <dd>
          {s.refusalGrounds.length === 0 ? (
            "None recorded"
          ) : (
            <ul className="ground-list" data-testid="short-grounds">
              {s.refusalGrounds.map((g) => (
                <li key={g.ground} data-ground={g.ground}>
                  <strong>{label(g.ground)}</strong> ({groundKinds(g.entries)}) <span className="cites">{cites(g.entries)}</span>
                </li>
              ))}
            </ul>
          )}
        </dd>
        {s.excludedGrounds.length > 0 ? (
          <>
            <dt>May not be refused for</dt>
            <dd>
              <ul className="ground-list" data-testid="short-excluded">
                {s.excludedGrounds.map((g) => (
                  <li key={g.ground} data-ground={g.ground}>
                    <strong>{label(g.ground)}</strong> <span className="cites">{cites(g.entries)}</span>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        <dt>Language</dt>
        <dd data-testid="short-language" data-status={s.language.status}>
          {s.language.sentence}
        </dd>
        <dt>Safe conduct</dt>
        <dd data-testid="short-safe-conduct">{s.safeConduct}</dd>
      </dl>
      <p className="meta">
        <a href="#h-detail">The detail, with every provision</a>
      </p>
    </section>
  );
}

/** Whether and how a measure is given, as a list item on small screens and a row on wide ones. */
function MeasureRow({ kb, m }: { kb: KnowledgeBase; m: MeasureAnswer }) {
  return (
    <tr data-measure={m.measure}>
      <th scope="row">{label(m.measure)}</th>
      <td>
        {measureMode(m)}
        {m.terms ? <div className="condition">Conditions: {m.terms}</div> : null}
        <Caveat c={m} />
        {(m.conditions ?? []).map((c) => (
          <div key={c.provision} className="condition">
            Conditions: {c.conditions.map(label).join(", ")} ({c.cite})
          </div>
        ))}
      </td>
      <td>
        {m.provision && m.instrument && m.cite ? (
          <Cite kb={kb} c={{ instrument: m.instrument, provision: m.provision, cite: m.cite }} />
        ) : (
          "—"
        )}
      </td>
    </tr>
  );
}

function Answer({ kb, a }: { kb: KnowledgeBase; a: BasisAnswer }) {
  const s = useMemo(() => shortAnswer(kb, a, label), [kb, a]);
  return (
    <div className="answer basis-answer" data-testid="answer">
      <BasisWarnings warnings={s.warnings} />
      <Short kb={kb} a={a} s={s} />

      <h2 id="h-detail" className="detail-heading">
        In detail
      </h2>
      {a.unconfirmed.length > 0 ? (
        <section aria-labelledby="h-unconfirmed" className="warning" data-testid="unconfirmed">
          <h2 id="h-unconfirmed">Treaties to check before relying on this answer</h2>
          <ul className="items">
            {a.unconfirmed.map((u) => (
              <li key={u.instrument} data-instrument={u.instrument}>
                <strong>{u.title}</strong>: {u.reason}.
                {u.yields.length > 0 ? ` If it is in force, it governs instead of the paragraphs named in ${u.yields.join(", ")}.` : ""}
                <div className="source">
                  Source: {readableSource(u.source)}{" "}
                  {u.source.url ? (
                    <a href={u.source.url} target="_blank" rel="noreferrer noopener">
                      {u.source.url}
                    </a>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="h-bases">
        <h2 id="h-bases">Bases, in order of precedence</h2>
        <ol className="bases" data-testid="bases">
          {a.bases.map((b) => (
            <li key={b.instrument} data-instrument={b.instrument}>
              <strong>{b.title}</strong> <span className={`badge ${b.kind}`}>{b.kind}</span>
              <div className="meta">
                {b.inForceSince ? `in force between them since ${b.inForceSince}` : "no treaty: at the requested state's discretion"}
                {statusLine(b.statusAsOf) ? ` · ${statusLine(b.statusAsOf)}` : ""}
              </div>
              {b.precedence ? <div className="condition">{b.precedence}</div> : null}
              {b.condition ? <div className="condition">{b.condition}</div> : null}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="h-measures">
        <h2 id="h-measures">Measures</h2>
        <table className="grid measures-table" data-testid="measures">
          <thead>
            <tr>
              <th scope="col">Measure</th>
              <th scope="col">Available</th>
              <th scope="col">Basis</th>
            </tr>
          </thead>
          <tbody>
            {a.measures.map((m) => (
              <MeasureRow key={m.measure} kb={kb} m={m} />
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="h-refusal">
        <h2 id="h-refusal">Refusal grounds</h2>
        {/* A ground several bases provide appears once, with each basis's citation. */}
        <ul className="items" data-testid="refusal-grounds">
          {s.refusalGrounds.map((g) => (
            <li key={g.ground} data-ground={g.ground}>
              <strong>{label(g.ground)}</strong>
              <ul className="ground-citations">
                {g.entries.map((e) => (
                  <li key={e.provision}>
                    <span className={`badge ${e.kind}`}>{e.kind}</span>
                    {e.from === "reservation" ? <span className="badge reservation">reservation</span> : null}
                    {e.measures ? <span className="meta"> only for {e.measures.map(label).join(", ")}</span> : null}
                    <Cite kb={kb} c={e} />
                    <Caveat c={e} />
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
        {s.excludedGrounds.length > 0 ? (
          <>
            <h3>Grounds that may not be invoked</h3>
            <ul className="items" data-testid="excluded-grounds">
              {s.excludedGrounds.map((g) => (
                <li key={g.ground} data-ground={g.ground}>
                  <strong>{label(g.ground)}</strong>
                  <ul className="ground-citations">
                    {g.entries.map((e) => (
                      <li key={e.provision}>
                        <Cite kb={kb} c={e} />
                        <Caveat c={e} />
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section aria-labelledby="h-duties">
        <h2 id="h-duties">What the basis demands</h2>
        <dl className="facts">
          <dt>Consultation before refusal</dt>
          <dd data-testid="consultation">
            {a.consultationBeforeRefusal.required && a.consultationBeforeRefusal.provision ? (
              <>
                Required{a.consultationBeforeRefusal.beforePostponement ? ", also before postponement" : ""}{" "}
                <Cite kb={kb} c={a.consultationBeforeRefusal as Citation} />
                <Caveat c={a.consultationBeforeRefusal} />
              </>
            ) : (
              `Not required: ${a.consultationBeforeRefusal.reason ?? ""}`
            )}
          </dd>
          <dt>Language of the request</dt>
          <dd data-testid="languages">
            {s.language.sentence}
            {a.languageRule ? <Cite kb={kb} c={a.languageRule} /> : null}
          </dd>
          <dt>Safe conduct</dt>
          <dd data-testid="safe-conduct">
            {a.safeConduct ? (
              <>
                {a.safeConduct.days} days{a.safeConduct.maxDays ? `, extendable to ${a.safeConduct.maxDays}` : ""}{" "}
                <Cite kb={kb} c={a.safeConduct} />
                <div>{a.safeConduct.summary}</div>
                <Caveat c={a.safeConduct} />
                <div className="meta">{a.safeConduct.prevails}</div>
                {a.safeConduct.alternatives.map((alt) => (
                  <div key={alt.provision} className="alternative">
                    Also {alt.days} days under <Cite kb={kb} c={alt} /> <span className="reason">{alt.why}</span>
                  </div>
                ))}
              </>
            ) : (
              "No basis provides safe conduct"
            )}
          </dd>
        </dl>
        {a.requirements.length > 0 ? (
          <>
            <h3>The request must contain</h3>
            <ul className="items" data-testid="requirements">
              {a.requirements.map((r) => (
                <li key={`${r.item}-${r.level}`}>
                  <strong>{label(r.item)}</strong>
                  {r.level === "advised" ? <span className="badge advised">advised: where possible</span> : null}
                  {r.measures ? <span className="meta"> for {r.measures.map(label).join(", ")}</span> : null}
                  {r.citations.map((c) => (
                    <Cite key={c.provision} kb={kb} c={c} />
                  ))}
                  {r.citations.map((c) => (
                    <Caveat key={`caveat-${c.provision}`} c={c} />
                  ))}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {a.duties.length > 0 ? (
          <>
            <h3>Other duties and rules</h3>
            <ul className="items" data-testid="duties">
              {a.duties.map((d) => (
                <li key={d.provision}>
                  <strong>{label(d.kind)}</strong> {d.summary} <Cite kb={kb} c={d} />
                  <Caveat c={d} />
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {a.reservations.length > 0 ? (
          <>
            <h3>Reservations and declarations of {jurisdiction(a.to)?.name ?? a.to}</h3>
            <ul className="items" data-testid="reservations">
              {a.reservations.map((r) => (
                <li key={r.provision}>
                  {r.summary} <span className="meta">{r.cite}</span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      {a.notApplicable.length === 0 ? null : (
        <section aria-labelledby="h-notapplicable">
          <h2 id="h-notapplicable">Why other instruments do not apply</h2>
          <ul className="items" data-testid="not-applicable">
            {a.notApplicable.map((n) => (
              <li key={n.instrument} data-instrument={n.instrument}>
                <strong>{kb.instruments.get(n.instrument)?.shortTitle ?? n.instrument}</strong>: {n.reason}
                {statusLine(n.statusAsOf) ? <span className="meta"> ({statusLine(n.statusAsOf)})</span> : null}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="h-explanation">
        <h2 id="h-explanation">Full explanation</h2>
        <details>
          <summary>Every rule considered, including those that did not apply</summary>
          <ul className="tree">
            <Tree node={a.explanation} />
          </ul>
        </details>
      </section>
    </div>
  );
}

/** The page. */
export function BasisExplorer({ search }: { search: string }) {
  const knowledge = useKnowledge();
  const form = useMemo(() => readForm(search), [search]);
  const update = (patch: Partial<FormState>) => writeForm({ ...form, ...patch });

  const result = useMemo(() => {
    if (!knowledge.data || !form.from || !form.to) return null;
    try {
      return { answer: resolveBasis(knowledge.data, parseBasisQuery({ ...form, offence: form.offence || undefined })), error: undefined };
    } catch (err) {
      if (err instanceof LawInputError) return { answer: undefined, error: err.message };
      throw err;
    }
  }, [knowledge.data, form]);

  return (
    <div className="page">
      <h1>Legal basis</h1>
      <p className="lead">
        On what basis can one jurisdiction ask another for these measures on this date, and what does that basis demand?
      </p>
      <form className="query" aria-label="Basis query" onSubmit={(e) => e.preventDefault()}>
        <JurisdictionSelect name="from" label="Requesting" value={form.from} onChange={(v) => update({ from: v })} />
        <JurisdictionSelect name="to" label="Requested" value={form.to} onChange={(v) => update({ to: v })} />
        <label>
          Date
          <input type="date" name="on" value={form.on} onChange={(e) => update({ on: e.target.value })} />
        </label>
        <label>
          Offence
          <select name="offence" value={form.offence} onChange={(e) => update({ offence: e.target.value })}>
            <option value="">Any (not stated)</option>
            {OFFENCE_FAMILIES.map((o) => (
              <option key={o} value={o}>
                {label(o)}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="measures">
          <legend>Measures sought (none: all)</legend>
          {MEASURES.map((m) => (
            <label key={m} className="check">
              <input
                type="checkbox"
                name="measure"
                value={m}
                checked={form.measures.includes(m)}
                onChange={(e) => update({ measures: e.target.checked ? [...form.measures, m] : form.measures.filter((x) => x !== m) })}
              />
              {measureLabel(m)}
            </label>
          ))}
        </fieldset>
      </form>
      {knowledge.isLoading ? <p role="status">Loading the knowledge base…</p> : null}
      {knowledge.error ? <p role="alert">Could not load the knowledge base: {String(knowledge.error)}</p> : null}
      {!form.from || !form.to ? <p className="hint">Choose the requesting and the requested jurisdiction.</p> : null}
      {result?.error ? (
        <p role="alert" className="error">
          {result.error}
        </p>
      ) : null}
      {result?.answer && knowledge.data ? <Answer kb={knowledge.data} a={result.answer} /> : null}
    </div>
  );
}
