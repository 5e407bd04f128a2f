/**
 * The basis explorer: two jurisdictions, a date and measures in; out comes first what the data cannot
 * vouch for, then the short answer (the basis, must or may, grounds, language, safe conduct), then the
 * detail: the bases, what they demand and why other instruments do not apply, each with its citation.
 * The URL keeps the query for sharing.
 */
import type { TFunction } from "i18next";
import { Fragment, type ReactNode, useMemo } from "react";
import { Trans, useTranslation } from "react-i18next";
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
import type { KnowledgeBase } from "../../../src/law/knowledge";
import { type ShortAnswer, shortAnswer } from "../../../src/law/short-answer";
import { citeLabel, citeWords, readableSource } from "../../../src/law/warnings";
import { EngineWords, EngineWordsList, withNode } from "../engineWords";
import { useKnowledge } from "../knowledge";
import { formatDate, label, longDate, regionName } from "../format";
import { currentLanguage } from "../i18n";
import { Link } from "../Link";
import { navigate } from "../router";
import "./BasisExplorer.css";
import { BasisWarnings } from "./BasisWarnings";
import { InstrumentTitle } from "../components/InstrumentTitle";
import { ENGLISH_SLOT, En, withEnglish, withParts } from "../components/English";

import { JurisdictionPicker } from "../components/JurisdictionPicker";
import { measureLabel, offenceLabel } from "../labels";
import { TranslatedLawNote } from "../components/TranslatedLawNote";

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
function statusLine(t: TFunction<"law">, statusAsOf: string | null | undefined): string | null {
  if (statusAsOf === undefined) return null;
  return statusAsOf ? t("explorer.statusOn", { date: longDate(statusAsOf) }) : t("explorer.statusNoDate");
}

/** A refusal ground in words ("political offence"). */
function groundWords(t: TFunction<"law">, code: string): string {
  return t(`grounds.${code}`, { defaultValue: label(code) });
}

/** Mandatory or discretionary, in words. */
function kindWords(t: TFunction<"law">, kind: "mandatory" | "discretionary"): string {
  return kind === "mandatory" ? t("explorer.mandatory") : t("explorer.discretionary");
}

/** A measure as the answer's rows name it: the code made readable in English, the language's words otherwise. */
function measureRowWords(code: string): string {
  return currentLanguage() === "en" ? label(code) : measureLabel(code);
}

/** A link to a part of this page, its words given by the translation it sits in (<Trans>). */
function InPageLink({ to, children }: { to: string; children?: ReactNode }) {
  return <a href={to}>{children}</a>;
}

/** Whether and how a measure is given, in words. */
function measureMode(t: TFunction<"law">, m: MeasureAnswer): string {
  if (!m.available) return t("explorer.mode.no");
  const how =
    m.mode === "conditional"
      ? t("explorer.mode.conditional")
      : m.mode === "discretionary"
        ? t("explorer.mode.discretionary")
        : t("explorer.mode.obligatory");
  return m.catchAll ? t("explorer.mode.catchAll", { how }) : how;
}

/**
 * A rule that governs only if a recorded treaty of unknown status is not in force. The same words would
 * repeat under every rule of the paragraphs concerned, so each carries a short marker pointing to the
 * warning at the top; the full sentence is its tooltip.
 */
function Caveat({ c }: { c: { caveat?: string } }) {
  const { t } = useTranslation("law");
  return c.caveat ? (
    <div className="condition caveat">
      <Trans t={t} i18nKey="explorer.caveat" components={{ anchor: <InPageLink to="#h-unconfirmed" /> }} />{" "}
      {/* The full sentence, from the engine in English, as the marker's tooltip. */}
      <span className="caveat-info" lang="en" title={c.caveat}>
        ⓘ
      </span>
    </div>
  ) : null;
}

/** A labelled choice among every jurisdiction. */
function JurisdictionSelect(props: { name: string; label: string; value: string; onChange: (code: string) => void }) {
  return <JurisdictionPicker {...props} />;
}

/** A citation that opens to show the provision's summary and source; labelled where its article number was not checked. */
function Cite({ kb, c }: { kb: KnowledgeBase; c: Citation }) {
  const { t } = useTranslation("law");
  const p = kb.provisions.get(c.provision);
  if (!p)
    return (
      <span className="cite" lang="en">
        {c.cite}
      </span>
    );
  return (
    <details className="cite">
      <summary>
        <EngineWords words={citeWords(kb, c)} english={citeLabel(kb, c)} kb={kb} />
      </summary>
      <div className="provision-text" data-provision={p.id}>
        <p>
          <En>{p.summary}</En>
        </p>
        <p className="source">
          {/* A source is a document's name as published: cited in its own language. */}
          {withParts(t("explorer.source", { source: ENGLISH_SLOT[0] }), <cite lang="en">{readableSource(p.source)}</cite>)}{" "}
          {p.source.url ? (
            <a href={p.source.url} target="_blank" rel="noreferrer noopener">
              {p.source.url}
            </a>
          ) : null}
        </p>
        {p.unverified ? <p className="unverified">{withEnglish(t("explorer.toVerify", { what: ENGLISH_SLOT[0] }), p.unverified)}</p> : null}
        <p className="provision-id">{t("explorer.reference", { id: p.id })}</p>
      </div>
    </details>
  );
}

/** Every rule the engine considered, each in the reader's language where the engine gave its words. */
function Tree({ kb, node }: { kb: KnowledgeBase; node: ExplanationNode }) {
  return (
    <li className={node.applies ? "applies" : "not-applies"}>
      <span className="mark" aria-hidden="true">
        {node.applies ? "✓" : "✗"}
      </span>{" "}
      <EngineWords words={node.labelWords} english={node.label} kb={kb} />
      {node.reason ? (
        <span className="reason">
          {" — "}
          <EngineWordsList list={node.reasonWords} english={node.reason} kb={kb} />
        </span>
      ) : null}
      {node.children && node.children.length > 0 ? (
        <ul>
          {node.children.map((c) => (
            <Tree key={`${c.provision ?? c.instrument}-${c.label}`} kb={kb} node={c} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** Whether each basis makes a ground mandatory or discretionary, once per kind. */
function groundKinds(t: TFunction<"law">, entries: readonly GroundAnswer[]): string {
  return [
    ...new Set(
      entries.map((e) => (e.from === "reservation" ? t("explorer.byReservation", { kind: kindWords(t, e.kind) }) : kindWords(t, e.kind))),
    ),
  ].join("; ");
}

/** The short answer: the basis, must or may, grounds, language, safe conduct — the detail follows below. */
function Short({ kb, a, s }: { kb: KnowledgeBase; a: BasisAnswer; s: ShortAnswer }) {
  const { t } = useTranslation("law");
  // Each citation once, labelled where its article number was not checked (the engine's words for it).
  const cites = (entries: readonly Citation[]) =>
    [...new Map(entries.map((e) => [citeLabel(kb, e), e])).entries()].map(([english, e], i) => (
      <Fragment key={english}>
        {i > 0 ? "; " : ""}
        <EngineWords words={citeWords(kb, e)} english={english} kb={kb} />
      </Fragment>
    ));
  return (
    <section aria-labelledby="h-short" className="short-answer" data-testid="short-answer">
      <h2 id="h-short">{t("short.heading", { from: regionName(a.from), to: regionName(a.to), date: longDate(a.on) })}</h2>
      <dl>
        <dt>{t("short.basis")}</dt>
        <dd data-testid="short-basis">
          {s.basis ? (
            <>
              <strong>
                <InstrumentTitle inst={kb.instruments.get(s.basis.instrument)} english={s.basis.shortTitle} />
              </strong>
              {s.basis.kind === "reciprocity" ? ` ${t("short.noTreaty")}` : ""}
              {s.basis.inForceSince ? ` ${t("short.inForceSince", { date: longDate(s.basis.inForceSince) })}` : ""}
              {s.basis.condition ? (
                <div className="condition">
                  <EngineWordsList list={s.basis.conditionWords} english={s.basis.condition} kb={kb} />
                </div>
              ) : null}
              {s.others.length > 0 ? (
                <div className="meta">{withEnglish(t("short.others", { list: ENGLISH_SLOT[0] }), s.others.join(", "))}</div>
              ) : null}
            </>
          ) : (
            t("short.noneApplies")
          )}
        </dd>
        <dt>{t("short.mustAssist")}</dt>
        <dd data-testid="short-obligation">
          <EngineWords words={s.obligation.words} english={s.obligation.sentence} kb={kb} />
        </dd>
        <dt>{t("short.grounds")}</dt>
        <dd>
          {s.refusalGrounds.length === 0 ? (
            t("short.noneRecorded")
          ) : (
            <ul className="ground-list" data-testid="short-grounds">
              {s.refusalGrounds.map((g) => (
                <li key={g.ground} data-ground={g.ground}>
                  <strong>{groundWords(t, g.ground)}</strong> ({groundKinds(t, g.entries)}){" "}
                  <span className="cites">{cites(g.entries)}</span>
                </li>
              ))}
            </ul>
          )}
        </dd>
        {s.excludedGrounds.length > 0 ? (
          <>
            <dt>{t("short.excluded")}</dt>
            <dd>
              <ul className="ground-list" data-testid="short-excluded">
                {s.excludedGrounds.map((g) => (
                  <li key={g.ground} data-ground={g.ground}>
                    <strong>{groundWords(t, g.ground)}</strong> <span className="cites">{cites(g.entries)}</span>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        <dt>{t("short.language")}</dt>
        <dd data-testid="short-language" data-status={s.language.status}>
          <EngineWords words={s.language.words} english={s.language.sentence} kb={kb} />
        </dd>
        <dt>{t("short.safeConduct")}</dt>
        <dd data-testid="short-safe-conduct">
          <EngineWords words={s.safeConductWords} english={s.safeConduct} kb={kb} />
        </dd>
      </dl>
      <p className="meta">
        <a href="#h-detail">{t("short.toDetail")}</a>
      </p>
    </section>
  );
}

/** Whether and how a measure is given, as a list item on small screens and a row on wide ones. */
function MeasureRow({ kb, m }: { kb: KnowledgeBase; m: MeasureAnswer }) {
  const { t } = useTranslation("law");
  return (
    <tr data-measure={m.measure}>
      <th scope="row">{measureRowWords(m.measure)}</th>
      <td>
        {measureMode(t, m)}
        {m.terms ? <div className="condition">{withEnglish(t("explorer.conditions", { terms: ENGLISH_SLOT[0] }), m.terms)}</div> : null}
        <Caveat c={m} />
        {(m.conditions ?? []).map((c) => (
          <div key={c.provision} className="condition">
            {withEnglish(
              t("explorer.conditionsCited", { list: ENGLISH_SLOT[0], cite: ENGLISH_SLOT[1] }),
              c.conditions.map(label).join(", "),
              c.cite,
            )}
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
  const { t } = useTranslation("law");
  const s = useMemo(() => shortAnswer(kb, a, label), [kb, a]);
  return (
    <div className="answer basis-answer" data-testid="answer">
      <BasisWarnings warnings={s.warnings} kb={kb} />
      <Short kb={kb} a={a} s={s} />

      <h2 id="h-detail" className="detail-heading">
        {t("answer.inDetail")}
      </h2>
      {a.unconfirmed.length > 0 ? (
        <section aria-labelledby="h-unconfirmed" className="warning" data-testid="unconfirmed">
          <h2 id="h-unconfirmed">{t("answer.unconfirmed")}</h2>
          <ul className="items">
            {a.unconfirmed.map((u) => (
              <li key={u.instrument} data-instrument={u.instrument}>
                <strong>
                  <InstrumentTitle inst={kb.instruments.get(u.instrument)} english={u.title} />
                </strong>
                : <EngineWords words={u.reasonWords} english={u.reason} kb={kb} />.
                {u.yields.length > 0 ? <> {withEnglish(t("answer.yields", { list: ENGLISH_SLOT[0] }), u.yields.join(", "))}</> : ""}
                <div className="source">
                  {withEnglish(t("explorer.source", { source: ENGLISH_SLOT[0] }), readableSource(u.source))}{" "}
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
        <h2 id="h-bases">{t("answer.bases")}</h2>
        <ol className="bases" data-testid="bases">
          {a.bases.map((b) => (
            <li key={b.instrument} data-instrument={b.instrument}>
              <strong>
                <InstrumentTitle inst={kb.instruments.get(b.instrument)} english={b.title} />
              </strong>{" "}
              <span className={`badge ${b.kind}`}>{t(`kinds.${b.kind}`)}</span>
              <div className="meta">
                {b.inForceSince ? t("answer.inForceSince", { date: formatDate(b.inForceSince) }) : t("answer.noTreaty")}
                {statusLine(t, b.statusAsOf) ? ` · ${statusLine(t, b.statusAsOf)}` : ""}
              </div>
              {b.precedence ? (
                <div className="condition">
                  <EngineWords words={b.precedenceWords} english={b.precedence} kb={kb} />
                </div>
              ) : null}
              {b.condition ? (
                <div className="condition">
                  <EngineWordsList list={b.conditionWords} english={b.condition} kb={kb} />
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="h-measures">
        <h2 id="h-measures">{t("answer.measures")}</h2>
        <table className="grid measures-table" data-testid="measures">
          <thead>
            <tr>
              <th scope="col">{t("answer.measure")}</th>
              <th scope="col">{t("answer.available")}</th>
              <th scope="col">{t("answer.basis")}</th>
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
        <h2 id="h-refusal">{t("answer.refusal")}</h2>
        {/* A ground several bases provide appears once, with each basis's citation. */}
        <ul className="items" data-testid="refusal-grounds">
          {s.refusalGrounds.map((g) => (
            <li key={g.ground} data-ground={g.ground}>
              <strong>{groundWords(t, g.ground)}</strong>
              <ul className="ground-citations">
                {g.entries.map((e) => (
                  <li key={e.provision}>
                    <span className={`badge ${e.kind}`}>{kindWords(t, e.kind)}</span>
                    {e.from === "reservation" ? <span className="badge reservation">{t("answer.reservation")}</span> : null}
                    {e.measures ? (
                      <span className="meta"> {t("answer.onlyFor", { list: e.measures.map(measureRowWords).join(", ") })}</span>
                    ) : null}
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
            <h3>{t("answer.excluded")}</h3>
            <ul className="items" data-testid="excluded-grounds">
              {s.excludedGrounds.map((g) => (
                <li key={g.ground} data-ground={g.ground}>
                  <strong>{groundWords(t, g.ground)}</strong>
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
        <h2 id="h-duties">{t("answer.demands")}</h2>
        <dl className="facts">
          <dt>{t("answer.consultation")}</dt>
          <dd data-testid="consultation">
            {a.consultationBeforeRefusal.required && a.consultationBeforeRefusal.provision ? (
              <>
                {a.consultationBeforeRefusal.beforePostponement ? t("answer.requiredAlsoPostponement") : t("answer.required")}{" "}
                <Cite kb={kb} c={a.consultationBeforeRefusal as Citation} />
                <Caveat c={a.consultationBeforeRefusal} />
              </>
            ) : (
              withNode(
                t("answer.notRequired", { reason: ENGLISH_SLOT[0] }),
                <EngineWords words={a.consultationBeforeRefusal.reasonWords} english={a.consultationBeforeRefusal.reason ?? ""} kb={kb} />,
              )
            )}
          </dd>
          <dt>{t("answer.language")}</dt>
          <dd data-testid="languages">
            <EngineWords words={s.language.words} english={s.language.sentence} kb={kb} />
            {a.languageRule ? <Cite kb={kb} c={a.languageRule} /> : null}
          </dd>
          <dt>{t("short.safeConduct")}</dt>
          <dd data-testid="safe-conduct">
            {a.safeConduct ? (
              <>
                {a.safeConduct.maxDays
                  ? t("answer.daysExtendable", { count: a.safeConduct.days, max: a.safeConduct.maxDays })
                  : t("answer.days", { count: a.safeConduct.days })}{" "}
                <Cite kb={kb} c={a.safeConduct} />
                <div>
                  <En>{a.safeConduct.summary}</En>
                </div>
                <Caveat c={a.safeConduct} />
                <div className="meta">
                  <EngineWords words={a.safeConduct.prevailsWords} english={a.safeConduct.prevails} kb={kb} />
                </div>
                {a.safeConduct.alternatives.map((alt) => (
                  <div key={alt.provision} className="alternative">
                    <Trans t={t} i18nKey="answer.alsoDays" count={alt.days} components={{ cite: <Cite kb={kb} c={alt} /> }} />{" "}
                    <span className="reason">
                      <EngineWords words={alt.whyWords} english={alt.why} kb={kb} />
                    </span>
                  </div>
                ))}
              </>
            ) : (
              t("answer.noSafeConduct")
            )}
          </dd>
        </dl>
        {a.requirements.length > 0 ? (
          <>
            <h3>{t("answer.mustContain")}</h3>
            <ul className="items" data-testid="requirements">
              {a.requirements.map((r) => (
                <li key={`${r.item}-${r.level}`}>
                  <strong>{t(`requestItems.${r.item}`, { defaultValue: label(r.item) })}</strong>
                  {r.level === "advised" ? <span className="badge advised">{t("answer.advised")}</span> : null}
                  {r.measures ? (
                    <span className="meta"> {t("answer.forMeasures", { list: r.measures.map(measureRowWords).join(", ") })}</span>
                  ) : null}
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
            <h3>{t("answer.duties")}</h3>
            <ul className="items" data-testid="duties">
              {a.duties.map((d) => (
                <li key={d.provision}>
                  <strong>{t(`provisionKinds.${d.kind}`, { defaultValue: label(d.kind) })}</strong> <En>{d.summary}</En>{" "}
                  <Cite kb={kb} c={d} />
                  <Caveat c={d} />
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {a.reservations.length > 0 ? (
          <>
            <h3>{t("answer.reservations", { name: regionName(a.to) })}</h3>
            <ul className="items" data-testid="reservations">
              {a.reservations.map((r) => (
                <li key={r.provision}>
                  <En>{r.summary}</En>{" "}
                  <span className="meta">
                    <En>{r.cite}</En>
                  </span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      {a.notApplicable.length === 0 ? null : (
        <section aria-labelledby="h-notapplicable">
          <h2 id="h-notapplicable">{t("answer.notApplicable")}</h2>
          <ul className="items" data-testid="not-applicable">
            {a.notApplicable.map((n) => (
              <li key={n.instrument} data-instrument={n.instrument}>
                <strong>
                  <En>{kb.instruments.get(n.instrument)?.shortTitle ?? n.instrument}</En>
                </strong>
                : <EngineWordsList list={n.reasonWords} english={n.reason} kb={kb} />
                {statusLine(t, n.statusAsOf) ? <span className="meta"> ({statusLine(t, n.statusAsOf)})</span> : null}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="h-explanation">
        <h2 id="h-explanation">{t("answer.explanation")}</h2>
        <details>
          <summary>{t("answer.everyRule")}</summary>
          <ul className="tree">
            <Tree kb={kb} node={a.explanation} />
          </ul>
        </details>
      </section>
    </div>
  );
}

/** The page. */
export function BasisExplorer({ search }: { search: string }) {
  const { t } = useTranslation("law");
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
      <h1>{t("page.title")}</h1>
      <p className="lead">{t("page.lead")}</p>
      <p>
        <Link to="/transfer-basis">{t("page.transferLink")}</Link>
      </p>
      <form className="query" aria-label={t("page.query")} onSubmit={(e) => e.preventDefault()}>
        <JurisdictionSelect name="from" label={t("page.requesting")} value={form.from} onChange={(v) => update({ from: v })} />
        <JurisdictionSelect name="to" label={t("page.requested")} value={form.to} onChange={(v) => update({ to: v })} />
        <label>
          {t("page.date")}
          <input type="date" name="on" value={form.on} onChange={(e) => update({ on: e.target.value })} />
        </label>
        <label>
          {t("page.offence")}
          <select name="offence" value={form.offence} onChange={(e) => update({ offence: e.target.value })}>
            <option value="">{t("page.anyOffence")}</option>
            {OFFENCE_FAMILIES.map((o) => (
              <option key={o} value={o}>
                {offenceLabel(o)}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="measures">
          <legend>{t("page.measures")}</legend>
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
      {knowledge.isLoading ? <p role="status">{t("page.loading")}</p> : null}
      {knowledge.error ? <p role="alert">{t("page.loadFailed", { error: String(knowledge.error) })}</p> : null}
      {!form.from || !form.to ? <p className="hint">{t("page.choose")}</p> : null}
      {result?.error ? (
        <p role="alert" className="error">
          {result.error}
        </p>
      ) : null}
      {result?.answer && knowledge.data ? <Answer kb={knowledge.data} a={result.answer} /> : null}
      {result?.answer ? <TranslatedLawNote /> : null}
    </div>
  );
}
