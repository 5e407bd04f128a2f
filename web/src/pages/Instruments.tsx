/** The instruments of the knowledge base, and one instrument with its provisions and parties. */
import type { TFunction } from "i18next";
import { InstrumentTitle } from "../components/InstrumentTitle";
import { ENGLISH_SLOT, En, withEnglish, withParts } from "../components/English";
import { useLawText } from "../lawText";
import { TranslatedLawNote } from "../components/TranslatedLawNote";
import { type ReactNode, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { EU_OFFENCE_CATEGORIES, EU_OFFENCE_LIST_SOURCE } from "../../../src/law/eu-offence-list";
import { ICCS_SOURCE } from "../../../src/law/iccs";
import { euOffenceLabel, euOffenceUnverifiedLabel, iccsLabel } from "../labels";
import { type KnowledgeBase, bilateralInstrumentId } from "../../../src/law/knowledge";
import type { PartiesFile, Party, Source } from "../../../src/law/schema";
import { articleChecked, readableSourceDocument } from "../../../src/law/warnings";
import { useKnowledge } from "../knowledge";
import { formatDate, formatNumber, label, longDate, regionName } from "../format";
import { Link } from "../Link";

/** List of instruments. */
export function Instruments() {
  const { t } = useTranslation("law");
  const { data: kb, isLoading, error } = useKnowledge();
  if (isLoading) return <p role="status">{t("common:shell.loading")}</p>;
  if (error || !kb) return <p role="alert">{t("instruments.loadFailed")}</p>;
  return (
    <div className="page">
      <h1>{t("instruments.title")}</h1>
      <table className="grid cards" data-testid="instruments">
        <thead>
          <tr>
            <th>{t("instruments.instrument")}</th>
            <th>{t("instruments.kind")}</th>
            <th>{t("instruments.concluded")}</th>
            <th>{t("instruments.inForce")}</th>
            <th>{t("instruments.provisions")}</th>
            <th>{t("instruments.partiesRecorded")}</th>
          </tr>
        </thead>
        <tbody>
          {kb.instrumentList
            .filter((i) => !kb.expandedBilateral.has(i.id))
            .map((i) => {
              const pf = kb.partyFiles.get(i.id);
              return (
                <tr key={i.id}>
                  <td data-label={t("instruments.instrument")}>
                    <Link to={`/instruments/${i.id}`}>
                      <InstrumentTitle inst={i} english={i.shortTitle} />
                    </Link>
                    <div className="meta">
                      <code>{i.id}</code>
                    </div>
                  </td>
                  <td data-label={t("instruments.kind")}>{t(`kinds.${i.kind}`)}</td>
                  <td data-label={t("instruments.concluded")}>{i.concluded ? formatDate(i.concluded) : "—"}</td>
                  <td data-label={t("instruments.inForce")}>
                    {i.entryIntoForce
                      ? formatDate(i.entryIntoForce)
                      : i.binding
                        ? t("instruments.notInForceUnknown")
                        : t("instruments.bindsNobody")}
                  </td>
                  <td data-label={t("instruments.provisions")}>{formatNumber(i.provisions.length)}</td>
                  <td data-label={t("instruments.partiesRecorded")}>
                    {pf
                      ? pf.complete
                        ? t("instruments.partiesComplete", { n: formatNumber(pf.parties.length) })
                        : t("instruments.partiesOf", {
                            n: formatNumber(pf.parties.length),
                            total: pf.participantsInSource == null ? "?" : formatNumber(pf.participantsInSource),
                          })
                      : "—"}
                    {pf?.statusAsOf ? <div className="meta">{statusLine(t, pf.statusAsOf)}</div> : null}
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
function statusLine(t: TFunction<"law">, statusAsOf: string | null): string {
  return statusAsOf ? t("explorer.statusOn", { date: longDate(statusAsOf) }) : t("instruments.statusUnknown");
}

/** A link out of the workbench, its words given by the translation it sits in (<Trans>). */
function OutLink({ to, children }: { to: string | undefined; children?: ReactNode }) {
  return <a href={to}>{children}</a>;
}

/** A jurisdiction's name in the reader's language (Intl), as recorded in English. */
const nameOf = (code: string) => regionName(code);

/** A source as a link (or its document name). */
function SourceLink({ source, short }: { source: Source; short?: boolean }) {
  const { t } = useTranslation("law");
  // In a long table the full citation of every row drowns the dates: there it is the link's tooltip.
  // Without the repository paths (shared/seeds/…) the knowledge files use to point reviewers at their copy.
  const doc = source.document ? readableSourceDocument(source.document) : undefined;
  const text = short ? t("instruments.source") : (doc ?? source.url ?? t("instruments.source"));
  const title = short ? doc : undefined;
  // The document's name is cited as published (in English); "source" alone is the page's own word.
  const link = source.url ? (
    <a href={source.url} target="_blank" rel="noreferrer noopener" title={title}>
      {text}
    </a>
  ) : (
    <span title={title}>{text}</span>
  );
  return doc ? <cite lang="en">{link}</cite> : link;
}

/** The recorded bilateral treaties of each list: partner and dates, or that entry into force is not known. */
function BilateralLists({ kb }: { kb: KnowledgeBase }) {
  const { t } = useTranslation("law");
  const lists = [...kb.bilateralLists.values()];
  if (lists.length === 0) return null;
  return (
    <section className="card" data-testid="bilateral-lists">
      <h2>{t("instruments.bilateral")}</h2>
      {lists.map((l) => (
        <details key={l.list}>
          <summary>
            {l.complete
              ? t("instruments.treatiesComplete", { hub: nameOf(l.hub), count: l.treaties.length })
              : t("instruments.treatiesPartial", { hub: nameOf(l.hub), count: l.treaties.length })}
          </summary>
          <p className="hint">
            <SourceLink source={l.source} />
            {l.missing ? ` ${t("instruments.missing", { what: l.missing })}` : ""}
          </p>
          <table className="grid cards">
            <thead>
              <tr>
                <th>{t("instruments.partner")}</th>
                <th>{t("instruments.signed")}</th>
                <th>{t("instruments.inForce")}</th>
                <th>{t("instruments.sourceColumn")}</th>
              </tr>
            </thead>
            <tbody>
              {l.treaties.map((treaty) => {
                const id = treaty.instrument ?? bilateralInstrumentId(l.hub, treaty.partner);
                return (
                  <tr key={treaty.partner}>
                    <td data-label={t("instruments.instrument")}>
                      <Link to={`/instruments/${id}`}>{nameOf(treaty.partner)}</Link>
                      {treaty.title ? (
                        <div className="meta">
                          <En>{treaty.title}</En>
                        </div>
                      ) : null}
                      {treaty.note ? (
                        <div className="meta">
                          <En>{treaty.note}</En>
                        </div>
                      ) : null}
                    </td>
                    <td data-label={t("instruments.signed")}>{treaty.signed ? longDate(treaty.signed) : t("instruments.notKnown")}</td>
                    <td data-label={t("instruments.inForce")}>
                      {treaty.inForce ? longDate(treaty.inForce) : t("instruments.entryNotKnown")}
                    </td>
                    <td className="meta" data-label={t("instruments.sourceColumn")}>
                      <SourceLink source={treaty.source} />
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
  const { t } = useTranslation("law");
  const { translate } = useLawText();
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
        {pf.complete
          ? t("instruments.partiesHeadingComplete", { n: formatNumber(pf.parties.length) })
          : pf.participantsInSource == null
            ? t("instruments.partiesHeadingUnknown", { n: formatNumber(pf.parties.length) })
            : t("instruments.partiesHeadingPartial", {
                n: formatNumber(pf.parties.length),
                total: formatNumber(pf.participantsInSource),
              })}
      </h2>
      <p className="meta" data-testid="party-status-date">
        {statusLine(t, pf.statusAsOf)}
        {computed > 0
          ? ` · ${
              pf.entryIntoForceRule?.article
                ? t("instruments.computedBy", {
                    count: computed,
                    rule: translate(pf.entryIntoForceRule.article) ?? pf.entryIntoForceRule.article,
                  })
                : t("instruments.computedByConvention", { count: computed })
            }`
          : ""}
        {disagreements > 0 ? ` · ${t("instruments.disagreements", { count: disagreements })}` : ""}
      </p>
      {pf.missing ? (
        <p className="hint">{withEnglish(t("instruments.missingFromSources", { what: ENGLISH_SLOT[0] }), pf.missing)}</p>
      ) : null}
      {pf.entryIntoForceRule ? (
        <p className="hint">
          <Trans
            t={t}
            i18nKey="instruments.computedDates"
            values={{ summary: pf.entryIntoForceRule.summary }}
            components={{ ref: <SourceLink source={pf.entryIntoForceRule.source} />, en: <En /> }}
          />
        </p>
      ) : null}
      {(pf.skipped ?? []).map((s) => (
        <p className="hint" key={s.name}>
          {withEnglish(t("instruments.notRecorded", { name: ENGLISH_SLOT[0], reason: ENGLISH_SLOT[1] }), s.name, s.reason)}
        </p>
      ))}
      <label>
        {t("instruments.findParty")}{" "}
        <input
          type="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder={t("instruments.findPlaceholder")}
          aria-label={t("instruments.findParty")}
        />
      </label>
      <p className="meta">{t("instruments.shown", { shown: formatNumber(shown.length), total: formatNumber(pf.parties.length) })}</p>
      <table className="grid cards" data-testid="parties">
        <thead>
          <tr>
            <th>{t("instruments.party")}</th>
            <th>{t("instruments.signed")}</th>
            <th>{t("instruments.consent")}</th>
            <th>{t("instruments.inForce")}</th>
            <th>{t("instruments.territories")}</th>
            <th>{t("instruments.reservations")}</th>
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
  const { t } = useTranslation("law");
  const { translate } = useLawText();
  const computed = p.inForceComputed;
  // The article applied ("Art. 38(2)"), written with the reader's word for "article".
  const rule = computed ? { ...computed, rule: translate(computed.rule) ?? computed.rule } : undefined;
  const days = pf.entryIntoForceRule?.daysAfterDeposit;
  const ruleText = rule
    ? rule.basis === "deposit_plus_days"
      ? days === undefined
        ? t("instruments.computedUnknownDays", { rule: rule.rule })
        : t("instruments.computedDays", { count: days, rule: rule.rule })
      : t("instruments.computedConvention", { date: longDate(rule.from), rule: rule.rule })
    : undefined;
  return (
    <tr>
      <td data-label={t("instruments.party")}>
        <strong>{nameOf(p.jurisdiction)}</strong>
        {p.note ? (
          <div className="meta">
            <En>{p.note}</En>
          </div>
        ) : null}
        {p.unverified ? (
          <div className="unverified">{withEnglish(t("explorer.toVerify", { what: ENGLISH_SLOT[0] }), p.unverified)}</div>
        ) : null}
        <div className="meta">
          <SourceLink source={p.source} short />
          {p.source.asOf ? t("instruments.asOf", { date: longDate(p.source.asOf) }) : ""}
        </div>
        {(p.disagreements ?? []).map((d) => (
          <div key={d.field} className="unverified" data-testid="disagreement">
            <Trans
              t={t}
              i18nKey="instruments.disagree"
              values={{
                field: label(d.field.replace(".", " ")),
                recorded: d.recorded ?? t("instruments.nothing"),
                table: d.table ?? t("instruments.nothing"),
              }}
              components={{ rec: <SourceLink source={p.source} />, tab: <SourceLink source={d.tableSource} /> }}
            />{" "}
            {d.decision
              ? d.decision.stands === "table"
                ? t("instruments.decidedTable", { reason: d.decision.reason, by: d.decision.by, date: longDate(d.decision.date) })
                : t("instruments.decidedRecorded", { reason: d.decision.reason, by: d.decision.by, date: longDate(d.decision.date) })
              : t("instruments.notReviewed")}
          </div>
        ))}
      </td>
      <td data-label={t("instruments.signed")}>{p.signed ? longDate(p.signed) : "—"}</td>
      <td data-label={t("instruments.consent")}>
        {p.consent
          ? `${t(`instruments.consentKinds.${p.consent.kind}`, { defaultValue: label(p.consent.kind) })} ${p.consent.date ? longDate(p.consent.date) : t("instruments.dateUnknown")}`
          : p.signed
            ? t("instruments.signedOnly")
            : "—"}
      </td>
      <td data-label={t("instruments.inForce")}>
        {p.inForce ? <span title={ruleText}>{longDate(p.inForce)}</span> : t("instruments.notKnownNotInForce")}
        {ruleText ? <div className="meta">{ruleText}</div> : null}
        {p.withdrawn ? <div className="meta">{t("instruments.withdrawn", { date: longDate(p.withdrawn.effective) })}</div> : null}
      </td>
      <td data-label={t("instruments.territories")}>
        {(p.territories ?? [])
          .map((ter) => `${nameOf(ter.jurisdiction)} ${ter.inForce ? longDate(ter.inForce) : t("instruments.dateUnknown")}`)
          .join(", ") || "—"}
      </td>
      <td data-label={t("instruments.reservations")}>
        {(p.reservations ?? []).length === 0 && (p.flags ?? []).length === 0 ? "—" : null}
        {(p.reservations ?? []).map((r) => (
          <div key={r.id}>
            <En>{r.article}</En>: <En>{r.summary}</En>
          </div>
        ))}
        {p.flags && p.flags.length > 0 ? (
          <details>
            <summary>
              {p.flags.some((f) => f.caution)
                ? t("instruments.flaggedUnchecked", { count: p.flags.length })
                : t("instruments.flagged", { count: p.flags.length })}
            </summary>
            {p.flags.map((f) => (
              <div key={`${f.kind}-${f.summary}`} className="meta" data-testid="flag">
                {label(f.kind)}
                {f.article ? ` (${f.article})` : ""}: {/* As the imported table words it, in English. */}
                <span lang="en">{f.summary}</span>
                {f.typedAs ? ` ${t("instruments.typedAs")}` : ""}
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
  const { t } = useTranslation("law");
  return (
    <section className="card" data-testid="classifications">
      <h2>{t("instruments.classifications")}</h2>
      <p className="hint">
        {withParts(t("instruments.iccsHint", { source: ENGLISH_SLOT[0] }), <cite lang="en">{ICCS_SOURCE.document}</cite>)}
      </p>
      <h3>{t("instruments.euList")}</h3>
      <p className="hint">
        <Trans
          t={t}
          i18nKey="instruments.euHint"
          values={{ document: EU_OFFENCE_LIST_SOURCE.document }}
          // The decision's name as published in the Official Journal (English edition).
          components={{
            anchor: (
              <cite lang="en">
                <OutLink to={EU_OFFENCE_LIST_SOURCE.url} />
              </cite>
            ),
          }}
        />
      </p>
      <table className="grid">
        <thead>
          <tr>
            <th>#</th>
            <th>{t("instruments.category")}</th>
            <th>{t("instruments.iccsSection")}</th>
          </tr>
        </thead>
        <tbody>
          {EU_OFFENCE_CATEGORIES.map((c) => (
            <tr key={c.n}>
              <td>{c.n}</td>
              <td>
                {euOffenceLabel(c.n, c.label)}
                {c.unverified && (
                  <div className="unverified">{t("instruments.unverified", { what: euOffenceUnverifiedLabel(c.unverified) })}</div>
                )}
              </td>
              <td>{c.iccs.map((s) => `${s} ${iccsLabel(s)}`).join("; ") || "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** One instrument. */
export function InstrumentPage({ id }: { id: string }) {
  const { t } = useTranslation("law");
  const { data: kb, isLoading } = useKnowledge();
  if (isLoading) return <p role="status">{t("common:shell.loading")}</p>;
  const inst = kb?.instruments.get(id);
  if (!kb || !inst) return <p role="alert">{t("instruments.noSuch", { id })}</p>;
  const pf = kb.partyFiles.get(id);
  return (
    <div className="page">
      <p>
        <Link to="/instruments">{t("instruments.back")}</Link>
      </p>
      <h1>
        <InstrumentTitle inst={inst} english={inst.title} />
      </h1>
      <p className="meta">
        <code>{inst.id}</code>
        {" · "}
        {[
          t(`kinds.${inst.kind}`),
          t("instruments.concludedOn", { date: inst.concluded ? formatDate(inst.concluded) : "—" }),
          t("instruments.inForceOn", { date: inst.entryIntoForce ? formatDate(inst.entryIntoForce) : "—" }),
          inst.supplements ? t("instruments.supplements", { id: inst.supplements }) : null,
        ]
          .filter(Boolean)
          .join(" · ")}
      </p>
      {inst.note ? (
        <p>
          <En>{inst.note}</En>
        </p>
      ) : null}
      <h2>{t("instruments.provisionsHeading", { n: formatNumber(inst.provisions.length) })}</h2>
      <table className="grid cards" data-testid="provisions">
        <thead>
          <tr>
            <th>{t("instruments.article")}</th>
            <th>{t("instruments.kind")}</th>
            <th>{t("instruments.summary")}</th>
            <th>{t("instruments.sourceColumn")}</th>
          </tr>
        </thead>
        <tbody>
          {inst.provisions.map((p) => (
            <tr key={p.id} id={p.id}>
              <td data-label={t("instruments.article")}>
                <En>{p.article}</En>
                {articleChecked(kb, p.id) ? null : <div className="unverified">{t("instruments.articleNotChecked")}</div>}
              </td>
              <td data-label={t("instruments.kind")}>{t(`provisionKinds.${p.kind}`, { defaultValue: label(p.kind) })}</td>
              <td data-label={t("instruments.summary")}>
                <div>
                  <En>{p.summary}</En>
                </div>
                {p.unverified ? (
                  <div className="unverified">{withEnglish(t("explorer.toVerify", { what: ENGLISH_SLOT[0] }), p.unverified)}</div>
                ) : null}
              </td>
              <td className="meta" data-label={t("instruments.sourceColumn")}>
                <SourceLink source={p.source} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {pf ? <PartiesTable pf={pf} /> : null}
      <TranslatedLawNote />
    </div>
  );
}
