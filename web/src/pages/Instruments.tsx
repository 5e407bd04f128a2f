/** The instruments of the knowledge base, and one instrument with its provisions and parties. */
import { EU_OFFENCE_CATEGORIES, EU_OFFENCE_LIST_SOURCE } from "../../../src/law/eu-offence-list";
import { ICCS_SECTIONS, ICCS_SOURCE } from "../../../src/law/iccs";
import { JURISDICTIONS } from "../../../src/law/jurisdictions";
import { useKnowledge } from "../knowledge";
import { label } from "../format";
import { Link } from "../Link";

/** List of instruments. */
export function Instruments() {
  const { data: kb, isLoading, error } = useKnowledge();
  if (isLoading) return <p role="status">Loading…</p>;
  if (error || !kb) return <p role="alert">Could not load the knowledge base.</p>;
  return (
    <div className="page">
      <h1>Instruments</h1>
      <table className="grid" data-testid="instruments">
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
          {kb.instrumentList.map((i) => {
            const pf = kb.partyFiles.get(i.id);
            return (
              <tr key={i.id}>
                <td>
                  <Link to={`/instruments/${i.id}`}>{i.shortTitle}</Link>
                  <div className="meta">{i.id}</div>
                </td>
                <td>{i.kind}</td>
                <td>{i.concluded ?? "—"}</td>
                <td>{i.entryIntoForce ?? (i.binding ? "not in force / unknown" : "binds nobody")}</td>
                <td>{i.provisions.length}</td>
                <td>{pf ? `${pf.parties.length}${pf.complete ? " (complete)" : ` of ${pf.participantsInSource ?? "?"}`}` : "—"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <OffenceClassifications />
    </div>
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
      <table className="grid" data-testid="provisions">
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
              <td>{p.article}</td>
              <td>{label(p.kind)}</td>
              <td>
                {p.summary}
                {p.unverified ? <div className="unverified">To verify: {p.unverified}</div> : null}
              </td>
              <td className="meta">
                {p.source.url ? (
                  <a href={p.source.url} target="_blank" rel="noreferrer noopener">
                    {p.source.document ?? p.source.url}
                  </a>
                ) : (
                  p.source.document
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {pf ? (
        <>
          <h2>
            Parties ({pf.parties.length}
            {pf.complete ? ", complete" : `, partial; the source lists ${pf.participantsInSource ?? "an unknown number"}`})
          </h2>
          <p className="meta">Status as of {pf.statusAsOf ?? "unknown date"}</p>
          <table className="grid" data-testid="parties">
            <thead>
              <tr>
                <th>Party</th>
                <th>Signed</th>
                <th>Consent</th>
                <th>In force</th>
                <th>Territories</th>
                <th>Reservations</th>
              </tr>
            </thead>
            <tbody>
              {pf.parties.map((p) => (
                <tr key={p.jurisdiction}>
                  <td>
                    {JURISDICTIONS.get(p.jurisdiction)?.name ?? p.jurisdiction} ({p.jurisdiction})
                    {p.note ? <div className="meta">{p.note}</div> : null}
                    {p.unverified ? <div className="unverified">To verify: {p.unverified}</div> : null}
                  </td>
                  <td>{p.signed ?? "—"}</td>
                  <td>{p.consent ? `${label(p.consent.kind)} ${p.consent.date ?? "(date unknown)"}` : "—"}</td>
                  <td>
                    {p.inForce ?? "unknown / not in force"}
                    {p.withdrawn ? <div className="meta">withdrawn {p.withdrawn.effective}</div> : null}
                  </td>
                  <td>{(p.territories ?? []).map((t) => `${t.jurisdiction} ${t.inForce ?? "(date unknown)"}`).join(", ") || "—"}</td>
                  <td>
                    {(p.reservations ?? []).map((r) => (
                      <div key={r.id}>
                        {r.article}: {r.summary}
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </div>
  );
}
