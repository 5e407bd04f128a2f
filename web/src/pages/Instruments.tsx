/** The instruments of the knowledge base, and one instrument with its provisions and parties. */
import { useState } from "react";
import { EU_OFFENCE_CATEGORIES, EU_OFFENCE_LIST_SOURCE } from "../../../src/law/eu-offence-list";
import { ICCS_SECTIONS, ICCS_SOURCE } from "../../../src/law/iccs";
import { JURISDICTIONS } from "../../../src/law/jurisdictions";
import { type KnowledgeBase, bilateralInstrumentId } from "../../../src/law/knowledge";
import type { PartiesFile, Party, Source } from "../../../src/law/schema";
import { articleChecked, readableSourceDocument } from "../../../src/law/warnings";
import { useKnowledge } from "../knowledge";
import { label, longDate } from "../format";
import { Link } from "../Link";

/** List of instruments. */
export function Instruments() {
  const { data: kb, isLoading, error } = useKnowledge();
  if (isLoading) return <p role="status">Loading…</p>;
  if (error || !kb) return <p role="alert">Could not load the knowledge base.</p>;
  return (
    <div className="page">
      <h1>Instruments</h1>
      <table className="grid cards" data-testid="instruments">
        <thead>
          <tr>
            <th>Instrument</th>
            <th>Kind</th>
            <th>Concluded</th>
            <th>In force</th>
            <th>Provisions</th>
            <th>Parties recorded</th>
          </tr>
        </thead>
        <tbody>
          {kb.instrumentList
            .filter((i) => !kb.expandedBilateral.has(i.id))
            .map((i) => {
              const pf = kb.partyFiles.get(i.id);
              return (
                <tr key={i.id}>
                  <td data-label="Instrument">
                    <Link to={`/instruments/${i.id}`}>{i.shortTitle}</Link>
                    <div className="meta">{i.id}</div>
                  </td>
                  <td data-label="Kind">{i.kind}</td>
                  <td data-label="Concluded">{i.concluded ?? "—"}</td>
                  <td data-label="In force">{i.entryIntoForce ?? (i.binding ? "not in force / unknown" : "binds nobody")}</td>
                  <td data-label="Provisions">{i.provisions.length}</td>
                  <td data-label="Parties recorded">
                    {pf ? `${pf.parties.length}${pf.complete ? " (complete)" : ` of ${pf.participantsInSource ?? "?"}`}` : "—"}
                    {pf?.statusAsOf ? <div className="meta">{statusLine(pf.statusAsOf)}</div> : null}
                  </td>
                </tr>
              );
            })}
        </tbody>
      </table>
      <BilateralLists kb={kb} />
      <OffenceClassifications />
    </div>
  );
}

/** "party status as recorded on 27 January 2014". */
function statusLine(statusAsOf: string | null): string {
  return statusAsOf ? `party status as recorded on ${longDate(statusAsOf)}` : "date of the party status not known";
}

const nameOf = (code: string) => JURISDICTIONS.get(code)?.name ?? code;

/** A source as a link (or its document name). */
function SourceLink({ source, short }: { source: Source; short?: boolean }) {
  // In a long table the full citation of every row drowns the dates: there it is the link's tooltip.
  // Without the repository paths (shared/seeds/…) the knowledge files use to point reviewers at their copy.
  const doc = source.document ? readableSourceDocument(source.document) : undefined;
  const text = short ? "source" : (doc ?? source.url ?? "source");
  const title = short ? doc : undefined;
  return source.url ? (
    <a href={source.url} target="_blank" rel="noreferrer noopener" title={title}>
      {text}
    </a>
  ) : (
    <span title={title}>{text}</span>
  );
}

/** The recorded bilateral treaties of each list: partner and dates, or that entry into force is not known. */
function BilateralLists({ kb }: { kb: KnowledgeBase }) {
  const lists = [...kb.bilateralLists.values()];
  if (lists.length === 0) return null;
  return (
    <section className="card" data-testid="bilateral-lists">
      <h2>Recorded bilateral treaties</h2>
      {lists.map((l) => (
        <details key={l.list}>
          <summary>
            {nameOf(l.hub)}: {l.treaties.length} treaties recorded ({l.complete ? "complete" : "partial"})
          </summary>
          <p className="hint">
            <SourceLink source={l.source} />
            {l.missing ? ` Missing: ${l.missing}.` : ""}
          </p>
          <table className="grid cards">
            <thead>
              <tr>
                <th>Partner</th>
                <th>Signed</th>
                <th>In force</th>
                <th>Source</th>
              </tr>
            </thead>
            <tbody>
              {l.treaties.map((t) => {
                const id = t.instrument ?? bilateralInstrumentId(l.hub, t.partner);
                return (
                  <tr key={t.partner}>
                    <td data-label="Instrument">
                      <Link to={`/instruments/${id}`}>{nameOf(t.partner)}</Link>
                      {t.title ? <div className="meta">{t.title}</div> : null}
                      {t.note ? <div className="meta">{t.note}</div> : null}
                    </td>
                    <td data-label="Signed">{t.signed ? longDate(t.signed) : "not known"}</td>
                    <td data-label="In force">{t.inForce ? longDate(t.inForce) : "entry into force not known"}</td>
                    <td className="meta" data-label="Source">
                      <SourceLink source={t.source} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </details>
      ))}
    </section>
  );
}

/** The parties of an instrument: filterable, with stated and computed dates, flags and disagreements. */
function PartiesTable({ pf }: { pf: PartiesFile }) {
  const [filter, setFilter] = useState("");
  const q = filter.trim().toLowerCase();
  // By name, as officers look them up (the file keeps the order of the source table).
  const shown = (
    q ? pf.parties.filter((p) => p.jurisdiction.toLowerCase() === q || nameOf(p.jurisdiction).toLowerCase().includes(q)) : pf.parties
  ).toSorted((a, b) => nameOf(a.jurisdiction).localeCompare(nameOf(b.jurisdiction)));
  const computed = pf.parties.filter((p) => p.inForceComputed).length;
  const disagreements = pf.parties.reduce((n, p) => n + (p.disagreements?.length ?? 0), 0);
  return (
    <>
      <h2>
        Parties ({pf.parties.length}
        {pf.complete ? ", complete" : `, partial; the source lists ${pf.participantsInSource ?? "an unknown number"}`})
      </h2>
      <p className="meta" data-testid="party-status-date">
        {statusLine(pf.statusAsOf)}
        {computed > 0
          ? ` · ${computed} entry-into-force dates computed by ${pf.entryIntoForceRule?.article ?? "the convention's rule"}`
          : ""}
        {disagreements > 0 ? ` · ${disagreements} disagreements between sources` : ""}
      </p>
      {pf.missing ? <p className="hint">Missing from the sources: {pf.missing}.</p> : null}
      {pf.entryIntoForceRule ? (
        <p className="hint">
          Computed dates: {pf.entryIntoForceRule.summary} (<SourceLink source={pf.entryIntoForceRule.source} />)
        </p>
      ) : null}
      {(pf.skipped ?? []).map((s) => (
        <p className="hint" key={s.name}>
          Not recorded: {s.name}: {s.reason}.
        </p>
      ))}
      <label>
        Find a party{" "}
        <input
          type="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder="name or code"
          aria-label="Find a party"
        />
      </label>
      <p className="meta">
        {shown.length} of {pf.parties.length} shown
      </p>
      <table className="grid cards" data-testid="parties">
        <thead>
          <tr>
            <th>Party</th>
            <th>Signed</th>
            <th>Consent</th>
            <th>In force</th>
            <th>Territories</th>
            <th>Reservations, declarations</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((p) => (
            <PartyRow key={p.jurisdiction} p={p} pf={pf} />
          ))}
        </tbody>
      </table>
    </>
  );
}

/** One party: the in-force date says whether a source stated it or the convention's rule gave it. */
function PartyRow({ p, pf }: { p: Party; pf: PartiesFile }) {
  const rule = p.inForceComputed;
  const ruleText = rule
    ? rule.basis === "deposit_plus_days"
      ? `computed: ${pf.entryIntoForceRule?.daysAfterDeposit ?? "?"} days after the deposit (${rule.rule})`
      : `computed: the convention's own entry into force (${longDate(rule.from)}), later than the deposit allows (${rule.rule})`
    : undefined;
  return (
    <tr>
      <td data-label="Party">
        <strong>{nameOf(p.jurisdiction)}</strong>
        {p.note ? <div className="meta">{p.note}</div> : null}
        {p.unverified ? <div className="unverified">To verify: {p.unverified}</div> : null}
        <div className="meta">
          <SourceLink source={p.source} short />
          {p.source.asOf ? `, as of ${longDate(p.source.asOf)}` : ""}
        </div>
        {(p.disagreements ?? []).map((d) => (
          <div key={d.field} className="unverified" data-testid="disagreement">
            Sources disagree on {label(d.field.replace(".", " "))}: recorded {d.recorded ?? "nothing"} (<SourceLink source={p.source} />
            ), table {d.table ?? "nothing"} (<SourceLink source={d.tableSource} />
            ).{" "}
            {d.decision
              ? `Decided: the ${d.decision.stands === "table" ? "table's" : "recorded"} value stands — ${d.decision.reason} (${d.decision.by}, ${longDate(d.decision.date)}).`
              : "Not yet reviewed: the recorded value is used."}
          </div>
        ))}
      </td>
      <td data-label="Signed">{p.signed ? longDate(p.signed) : "—"}</td>
      <td data-label="Consent">
        {p.consent
          ? `${label(p.consent.kind)} ${p.consent.date ? longDate(p.consent.date) : "(date unknown)"}`
          : p.signed
            ? "signed only"
            : "—"}
      </td>
      <td data-label="In force">
        {p.inForce ? <span title={ruleText}>{longDate(p.inForce)}</span> : "not known / not in force"}
        {ruleText ? <div className="meta">{ruleText}</div> : null}
        {p.withdrawn ? <div className="meta">withdrawn {longDate(p.withdrawn.effective)}</div> : null}
      </td>
      <td data-label="Territories">
        {(p.territories ?? []).map((t) => `${nameOf(t.jurisdiction)} ${t.inForce ? longDate(t.inForce) : "(date unknown)"}`).join(", ") ||
          "—"}
      </td>
      <td data-label="Reservations, declarations">
        {(p.reservations ?? []).length === 0 && (p.flags ?? []).length === 0 ? "—" : null}
        {(p.reservations ?? []).map((r) => (
          <div key={r.id}>
            {r.article}: {r.summary}
          </div>
        ))}
        {p.flags && p.flags.length > 0 ? (
          <details>
            <summary>
              {p.flags.length} flagged in the status table{p.flags.some((f) => f.caution) ? " (unchecked)" : ""}
            </summary>
            {p.flags.map((f) => (
              <div key={`${f.kind}-${f.summary}`} className="meta" data-testid="flag">
                {label(f.kind)}
                {f.article ? ` (${f.article})` : ""}: {f.summary}
                {f.typedAs ? " — recorded above as a rule" : ""}
                {f.caution ? <div className="unverified">{f.caution}</div> : null}
                <div>
                  <SourceLink source={f.source} />
                </div>
              </div>
            ))}
          </details>
        ) : null}
      </td>
    </tr>
  );
}

/** The offence classifications used to set the two sides' offences side by side (dual criminality). */
function OffenceClassifications() {
  return (
    <section className="card" data-testid="classifications">
      <h2>Offence classifications</h2>
      <p className="hint">{ICCS_SOURCE.document}. Offences of a case and of a drafted request are mapped to these sections.</p>
      <h3>EU list of 32 categories (no double-criminality check at 3 years or more)</h3>
      <p className="hint">
        <a href={EU_OFFENCE_LIST_SOURCE.url}>{EU_OFFENCE_LIST_SOURCE.document}</a>. An ICCS section is given only where its title plainly
        covers the category.
      </p>
      <table className="grid">
        <thead>
          <tr>
            <th>#</th>
            <th>Category</th>
            <th>ICCS section</th>
          </tr>
        </thead>
        <tbody>
          {EU_OFFENCE_CATEGORIES.map((c) => (
            <tr key={c.n}>
              <td>{c.n}</td>
              <td>
                {c.label}
                {c.unverified && <div className="unverified">unverified: {c.unverified}</div>}
              </td>
              <td>{c.iccs.map((s) => `${s} ${ICCS_SECTIONS[s]}`).join("; ") || "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** One instrument. */
export function InstrumentPage({ id }: { id: string }) {
  const { data: kb, isLoading } = useKnowledge();
  if (isLoading) return <p role="status">Loading…</p>;
  const inst = kb?.instruments.get(id);
  if (!kb || !inst) return <p role="alert">No instrument with id {id}.</p>;
  const pf = kb.partyFiles.get(id);
  return (
    <div className="page">
      <p>
        <Link to="/instruments">← All instruments</Link>
      </p>
      <h1>{inst.title}</h1>
      <p className="meta">
        {inst.id} · {inst.kind} · concluded {inst.concluded ?? "—"} · in force {inst.entryIntoForce ?? "—"}
        {inst.supplements ? ` · supplements ${inst.supplements}` : ""}
      </p>
      {inst.note ? <p>{inst.note}</p> : null}
      <h2>Provisions ({inst.provisions.length})</h2>
      <table className="grid cards" data-testid="provisions">
        <thead>
          <tr>
            <th>Article</th>
            <th>Kind</th>
            <th>Summary</th>
            <th>Source</th>
          </tr>
        </thead>
        <tbody>
          {inst.provisions.map((p) => (
            <tr key={p.id} id={p.id}>
              <td data-label="Article">
                {p.article}
                {articleChecked(kb, p.id) ? null : <div className="unverified">article number not checked</div>}
              </td>
              <td data-label="Kind">{label(p.kind)}</td>
              <td data-label="Summary">
                {p.summary}
                {p.unverified ? <div className="unverified">To verify: {p.unverified}</div> : null}
              </td>
              <td className="meta" data-label="Source">
                <SourceLink source={p.source} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {pf ? <PartiesTable pf={pf} /> : null}
    </div>
  );
}
