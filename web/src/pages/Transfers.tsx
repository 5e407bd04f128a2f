/**
 * Transfers of sentenced persons (issue 15 §2): the list of transfer cases (no names), opening one, and
 * the case page — the person, the judgment, consent, the dates that follow from the sentence, each
 * condition with its article, each state's decision, the handover, closing and the timeline. Every change
 * carries the case's version; a guard's refusal is shown in words with the condition and its article.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { ICCS_CODES } from "../../../src/law/iccs";
import { addMonths } from "../../../src/law/sentence";
import type { TransferDetail, TransferSummary } from "../../../src/transfers/transfers";
import { LIMITS } from "../../../src/validation/limits";
import { api } from "../api";
import { errorWords } from "../components/ErrorWords";
import { JurisdictionPicker } from "../components/JurisdictionPicker";
import { TranslatedLawNote } from "../components/TranslatedLawNote";
import { formatDate, formatDateTime, regionName } from "../format";
import { useKnowledge } from "../knowledge";
import { iccsChoices } from "../labels";
import { Link } from "../Link";
import { navigate } from "../router";
import { Cite, TransferLaw } from "./transfer/Conditions";
import "./transfer/transfer.css";

const today = () => new Date().toISOString().slice(0, 10);

/** The list of transfer cases and, for case workers, the form to open one. */
export function Transfers({ canCreate }: { canCreate: boolean }) {
  const { t } = useTranslation("transfers");
  const list = useQuery({ queryKey: ["tsp-cases"], queryFn: () => api<TransferSummary[]>("/tsp-cases") });
  return (
    <section>
      <h1>{t("list.title")}</h1>
      <p>
        <Link to="/transfer-basis">{t("list.explorerLink")}</Link>
      </p>
      {canCreate ? <OpenTransfer /> : null}
      {list.error ? (
        <p className="error" role="alert">
          {errorWords(list.error)}
        </p>
      ) : null}
      {list.data && list.data.length === 0 ? <p className="muted">{t("list.none")}</p> : null}
      {list.data && list.data.length > 0 ? (
        <table className="tsp-table">
          <thead>
            <tr>
              <th>{t("list.reference")}</th>
              <th>{t("list.state")}</th>
              <th>{t("list.states")}</th>
              <th>{t("list.requestDate")}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`/transfers/${c.id}`}>{c.reference}</Link>
                </td>
                <td>{t(`states.${c.state}`)}</td>
                <td>
                  {regionName(c.sentencingState)} → {regionName(c.administeringState)}
                </td>
                <td>{formatDate(c.requestDate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function OpenTransfer() {
  const { t } = useTranslation("transfers");
  const id = useId();
  const [f, setF] = useState({
    direction: "incoming" as "incoming" | "outgoing",
    sentencingState: "",
    administeringState: "",
    requestedBy: "administering" as "sentencing" | "administering",
    requestDate: today(),
    personName: "",
    confidentiality: "confidential" as "confidential" | "strictly_confidential",
  });
  const create = useMutation({
    mutationFn: () => api<TransferDetail>("/tsp-cases", { method: "POST", body: f }),
    onSuccess: (c) => navigate(`/transfers/${c.id}`),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <details className="card" open>
      <summary>
        <h2 style={{ display: "inline" }}>{t("open.heading")}</h2>
      </summary>
      <p className="muted">{t("open.sensitive")}</p>
      <form className="tsp-form" onSubmit={submit} aria-label={t("open.heading")}>
        <label htmlFor={`${id}-dir`}>
          {t("open.direction")}
          <select id={`${id}-dir`} value={f.direction} onChange={(e) => setF({ ...f, direction: e.target.value as typeof f.direction })}>
            <option value="incoming">{t("open.incoming")}</option>
            <option value="outgoing">{t("open.outgoing")}</option>
          </select>
        </label>
        <JurisdictionPicker
          label={t("explorer.from")}
          value={f.sentencingState}
          onChange={(c) => setF({ ...f, sentencingState: c })}
          name="sentencingState"
          required
        />
        <JurisdictionPicker
          label={t("explorer.to")}
          value={f.administeringState}
          onChange={(c) => setF({ ...f, administeringState: c })}
          name="administeringState"
          required
        />
        <label htmlFor={`${id}-by`}>
          {t("open.requestedBy")}
          <select
            id={`${id}-by`}
            value={f.requestedBy}
            onChange={(e) => setF({ ...f, requestedBy: e.target.value as typeof f.requestedBy })}
          >
            <option value="sentencing">{t("open.bySentencing")}</option>
            <option value="administering">{t("open.byAdministering")}</option>
          </select>
        </label>
        <label htmlFor={`${id}-date`}>
          {t("explorer.on")}
          <input
            id={`${id}-date`}
            type="date"
            required
            value={f.requestDate}
            onChange={(e) => setF({ ...f, requestDate: e.target.value })}
          />
          <span className="hint">{t("explorer.onHint")}</span>
        </label>
        <label htmlFor={`${id}-name`}>
          {t("open.personName")}
          <input
            id={`${id}-name`}
            required
            maxLength={LIMITS.personName}
            value={f.personName}
            onChange={(e) => setF({ ...f, personName: e.target.value })}
            autoComplete="off"
          />
        </label>
        <label htmlFor={`${id}-conf`}>
          {t("open.confidentiality")}
          <select
            id={`${id}-conf`}
            value={f.confidentiality}
            onChange={(e) => setF({ ...f, confidentiality: e.target.value as typeof f.confidentiality })}
          >
            <option value="confidential">{t("open.confidential")}</option>
            <option value="strictly_confidential">{t("open.strictly_confidential")}</option>
          </select>
        </label>
        <div className="tsp-wide">
          <button type="submit" disabled={create.isPending}>
            {t("open.submit")}
          </button>
        </div>
        {create.error ? (
          <p className="error tsp-wide" role="alert">
            {errorWords(create.error)}
          </p>
        ) : null}
      </form>
    </details>
  );
}

/** Yes / no / not known as a select's value. */
const tri = (v: boolean | null) => (v === null ? "" : v ? "yes" : "no");
const fromTri = (v: string) => (v === "" ? null : v === "yes");
const numberOr = (v: string) => (v === "" ? null : Number(v));

/** One transfer case. */
export function TransferCase({ id }: { id: string }) {
  const { t } = useTranslation("transfers");
  const kb = useKnowledge();
  const q = useQuery({ queryKey: ["tsp-case", id], queryFn: () => api<TransferDetail>(`/tsp-cases/${id}`) });
  if (q.error)
    return (
      <p className="error" role="alert">
        {errorWords(q.error)}
      </p>
    );
  const c = q.data;
  if (!c) return <p className="loading">…</p>;
  const can = (a: string) => c.actions.find((x) => x.action === a);
  return (
    <section className="tsp-case">
      <h1>
        {c.reference} <span className="muted">· {t(`states.${c.state}`)}</span>
      </h1>
      <p>
        {t(`case.direction.${c.direction}`)} · {regionName(c.sentencingState)} → {regionName(c.administeringState)} ·{" "}
        {t("case.requestDate", { date: formatDate(c.requestDate) })}
      </p>
      <TranslatedLawNote />
      <h2>{t("conditionsHeading")}</h2>
      <TransferLaw law={c.law} kb={kb.data} />
      <Dates c={c} />
      {can("record_facts")?.allowed ? <FactsForm key={c.version} c={c} /> : <FactsView c={c} />}
      <Decisions c={c} />
      <Handover c={c} />
      {can("close")?.allowed ? <Close c={c} /> : c.closedOn ? <p>{t("case.closedOn", { date: formatDate(c.closedOn) })}</p> : null}
      <h2>{t("case.timelineHeading")}</h2>
      <ol className="timeline">
        {c.timeline.map((e) => (
          <li key={`${e.at}-${e.action}`}>
            {formatDateTime(e.at)} · {t(`action.${e.action}`, { defaultValue: e.action })} · {e.actor}
            {e.note ? ` — ${e.note}` : ""}
          </li>
        ))}
      </ol>
    </section>
  );
}

function useSave(c: TransferDetail) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (r: { path: string; method: string; body: Record<string, unknown> }) =>
      api<TransferDetail>(`/tsp-cases/${c.id}${r.path}`, { method: r.method, body: { version: c.version, ...r.body } }),
    onSuccess: (next) => {
      client.setQueryData(["tsp-case", c.id], next);
      void client.invalidateQueries({ queryKey: ["tsp-cases"] });
    },
  });
}

function Dates({ c }: { c: TransferDetail }) {
  const { t } = useTranslation("transfers");
  return (
    <div className="card tsp-facts" data-testid="transfer-dates">
      <h2>{t("case.datesHeading")}</h2>
      <dl>
        <dt>{t("case.start")}</dt>
        <dd>{c.dates.start ? formatDate(c.dates.start) : t("case.notKnown")}</dd>
        <dt>{t("case.ends")}</dt>
        <dd data-testid="sentence-ends">
          {c.judgment.indeterminate
            ? t("case.endsIndeterminate")
            : c.dates.sentenceEnds
              ? formatDate(c.dates.sentenceEnds)
              : t("case.notKnown")}
        </dd>
        {/* The end must not come before this day for six months to remain (ETS 112 art. 3(1)(c)). */}
        <dt>{t("case.sixMonthsAfter")}</dt>
        <dd data-testid="six-months-after">{formatDate(addMonths(c.requestDate, 6))}</dd>
      </dl>
      <p className="muted">{t("facts.convention")}</p>
    </div>
  );
}

function FactsView({ c }: { c: TransferDetail }) {
  const { t } = useTranslation("transfers");
  const yn = (v: boolean | null) => (v === null ? t("facts.unknown") : v ? t("facts.yes") : t("facts.no"));
  return (
    <div className="card tsp-facts">
      <h2>{t("case.person")}</h2>
      <dl>
        <dt>{t("facts.name")}</dt>
        <dd>{c.person.name}</dd>
        <dt>{t("facts.national")}</dt>
        <dd>{yn(c.person.nationalOfAdministering)}</dd>
        <dt>{t("facts.court")}</dt>
        <dd>{c.judgment.court ?? t("case.notKnown")}</dd>
        <dt>{t("facts.finalOn")}</dt>
        <dd>{c.judgment.finalOn ? formatDate(c.judgment.finalOn) : t("case.notKnown")}</dd>
        <dt>{t("facts.consent")}</dt>
        <dd>{c.consent.status ? t(`facts.${c.consent.status}`) : t("case.notKnown")}</dd>
        <dt>{t("facts.verifiedOn")}</dt>
        <dd>{c.consent.verifiedOn ? formatDate(c.consent.verifiedOn) : t("case.notKnown")}</dd>
      </dl>
    </div>
  );
}

function FactsForm({ c }: { c: TransferDetail }) {
  const { t } = useTranslation("transfers");
  const id = useId();
  const save = useSave(c);
  const j = c.judgment;
  const [f, setF] = useState({
    personName: c.person.name,
    nationality: c.person.nationality ?? "",
    nationalOfAdministering: tri(c.person.nationalOfAdministering),
    court: j.court ?? "",
    judgmentDate: j.date ?? "",
    finalOn: j.finalOn ?? "",
    offence: j.offence ?? "",
    iccs: j.iccs ?? "",
    years: j.sentence ? String(j.sentence.years) : "",
    months: j.sentence ? String(j.sentence.months) : "",
    days: j.sentence ? String(j.sentence.days) : "",
    indeterminate: j.indeterminate,
    sentenceStart: j.sentenceStart ?? "",
    servedDays: j.servedDays === null ? "" : String(j.servedDays),
    servedAsOf: j.servedAsOf ?? "",
    remissionDays: String(j.remissionDays),
    dualCriminality: tri(c.dualCriminality),
    shorterTimeAgreed: c.shorterTimeAgreed,
    consent: c.consent.status ?? "",
    consentOn: c.consent.on ?? "",
    consentVerifiedOn: c.consent.verifiedOn ?? "",
    consentDispensed: c.consent.dispensed ?? "",
  });
  const s = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const hasSentence = f.years !== "" || f.months !== "" || f.days !== "";
    save.mutate({
      path: "/facts",
      method: "PUT",
      body: {
        personName: f.personName,
        nationality: f.nationality || null,
        nationalOfAdministering: fromTri(f.nationalOfAdministering),
        court: f.court || null,
        judgmentDate: f.judgmentDate || null,
        finalOn: f.finalOn || null,
        offence: f.offence || null,
        iccs: f.iccs || null,
        sentence: hasSentence ? { years: Number(f.years || 0), months: Number(f.months || 0), days: Number(f.days || 0) } : null,
        indeterminate: f.indeterminate,
        sentenceStart: f.sentenceStart || null,
        servedDays: numberOr(f.servedDays),
        servedAsOf: f.servedAsOf || null,
        remissionDays: Number(f.remissionDays || 0),
        dualCriminality: fromTri(f.dualCriminality),
        shorterTimeAgreed: f.shorterTimeAgreed,
        consent: f.consent || null,
        consentOn: f.consentOn || null,
        consentVerifiedOn: f.consentVerifiedOn || null,
        consentDispensed: f.consentDispensed || null,
      },
    });
  };
  const date = (k: "judgmentDate" | "finalOn" | "sentenceStart" | "servedAsOf" | "consentOn" | "consentVerifiedOn", label: string) => (
    <label htmlFor={`${id}-${k}`}>
      {label}
      <input id={`${id}-${k}`} type="date" value={f[k]} onChange={s(k)} />
    </label>
  );
  const triSelect = (k: "nationalOfAdministering" | "dualCriminality", label: string) => (
    <label htmlFor={`${id}-${k}`}>
      {label}
      <select id={`${id}-${k}`} value={f[k]} onChange={s(k)}>
        <option value="">{t("facts.unknown")}</option>
        <option value="yes">{t("facts.yes")}</option>
        <option value="no">{t("facts.no")}</option>
      </select>
    </label>
  );
  const num = (k: "years" | "months" | "days" | "servedDays" | "remissionDays", label: string, max: number) => (
    <label htmlFor={`${id}-${k}`}>
      {label}
      <input id={`${id}-${k}`} type="number" min={0} max={max} inputMode="numeric" value={f[k]} onChange={s(k)} />
    </label>
  );
  return (
    <form className="card tsp-form" onSubmit={submit} aria-label={t("facts.heading")}>
      <h2 className="tsp-wide">{t("facts.heading")}</h2>
      <h3 className="tsp-wide">{t("case.person")}</h3>
      <label htmlFor={`${id}-name`}>
        {t("facts.name")}
        <input
          id={`${id}-name`}
          required
          maxLength={LIMITS.personName}
          value={f.personName}
          onChange={s("personName")}
          autoComplete="off"
        />
      </label>
      <JurisdictionPicker
        label={t("facts.nationality")}
        value={f.nationality}
        onChange={(v) => setF({ ...f, nationality: v })}
        emptyLabel={t("facts.unknown")}
      />
      {triSelect("nationalOfAdministering", t("facts.national"))}
      <h3 className="tsp-wide">{t("case.judgment")}</h3>
      <label htmlFor={`${id}-court`}>
        {t("facts.court")}
        <input id={`${id}-court`} maxLength={LIMITS.court} value={f.court} onChange={s("court")} />
      </label>
      {date("judgmentDate", t("facts.judgmentDate"))}
      {date("finalOn", t("facts.finalOn"))}
      <label htmlFor={`${id}-offence`}>
        {t("facts.offence")}
        <input id={`${id}-offence`} maxLength={LIMITS.description} value={f.offence} onChange={s("offence")} />
      </label>
      <label htmlFor={`${id}-iccs`}>
        {t("facts.iccs")}
        <select id={`${id}-iccs`} value={f.iccs} onChange={s("iccs")}>
          <option value="">{t("facts.none")}</option>
          {iccsChoices()
            .filter((x) => (ICCS_CODES as readonly string[]).includes(x.code))
            .map((x) => (
              <option key={x.code} value={x.code}>
                {x.label}
              </option>
            ))}
        </select>
      </label>
      <fieldset>
        <legend>{t("facts.sentence")}</legend>
        {num("years", t("facts.years"), LIMITS.sentenceYears)}
        {num("months", t("facts.months"), 11)}
        {num("days", t("facts.days"), 366)}
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={f.indeterminate} onChange={(e) => setF({ ...f, indeterminate: e.target.checked })} />{" "}
        {t("facts.indeterminate")}
      </label>
      {date("sentenceStart", t("facts.sentenceStart"))}
      {num("servedDays", t("facts.servedDays"), LIMITS.sentenceDaysCount)}
      {date("servedAsOf", t("facts.servedAsOf"))}
      {num("remissionDays", t("facts.remission"), LIMITS.sentenceDaysCount)}
      {triSelect("dualCriminality", t("facts.dualCriminality"))}
      <label className="check tsp-wide">
        <input type="checkbox" checked={f.shorterTimeAgreed} onChange={(e) => setF({ ...f, shorterTimeAgreed: e.target.checked })} />{" "}
        {t("facts.shorterTimeAgreed")}
      </label>
      <h3 className="tsp-wide">{t("case.consentHeading")}</h3>
      <label htmlFor={`${id}-consent`}>
        {t("facts.consent")}
        <select id={`${id}-consent`} value={f.consent} onChange={s("consent")}>
          <option value="">{t("facts.unknown")}</option>
          <option value="given">{t("facts.given")}</option>
          <option value="refused">{t("facts.refused")}</option>
          <option value="withdrawn">{t("facts.withdrawn")}</option>
        </select>
      </label>
      {date("consentOn", t("facts.consentOn"))}
      {date("consentVerifiedOn", t("facts.verifiedOn"))}
      <label htmlFor={`${id}-dispensed`}>
        {t("facts.dispensed")}
        <select id={`${id}-dispensed`} value={f.consentDispensed} onChange={s("consentDispensed")}>
          <option value="">{t("facts.none")}</option>
          <option value="fled">{t("facts.fled")}</option>
          <option value="expulsion">{t("facts.expulsion")}</option>
        </select>
      </label>
      <div className="tsp-wide">
        <button type="submit" disabled={save.isPending}>
          {t("facts.save")}
        </button>{" "}
        {save.isSuccess ? <span role="status">{t("facts.saved")}</span> : null}
      </div>
      {save.error ? (
        <p className="error tsp-wide" role="alert">
          {errorWords(save.error)}
        </p>
      ) : null}
    </form>
  );
}

/** The article of one of the case's conditions, in the reader's language. */
function ConditionCite({ c, condition }: { c: TransferDetail; condition: string }) {
  const kb = useKnowledge();
  const found = c.law.conditions.find((x) => x.condition === condition);
  return found ? <Cite kb={kb.data} provision={found.provision} cite={found.cite} /> : null;
}

function Decisions({ c }: { c: TransferDetail }) {
  const { t } = useTranslation("transfers");
  const kb = useKnowledge();
  // ETS 112 art. 7(2): the administering state may verify the consent through its consul; said until it has.
  const verification = c.law.bases[0]?.rules.find((r) => r.provision.endsWith(":art-7"));
  const unverified = c.consent.status === "given" && !c.consent.verifiedOn && !c.consent.dispensed && verification;
  return (
    <div className="card">
      <h2>{t("case.decisionsHeading")}</h2>
      {unverified ? (
        <p className="muted" data-testid="consent-unverified">
          {t("case.notVerified")} (<Cite kb={kb.data} provision={verification.provision} cite={verification.cite} />)
        </p>
      ) : null}
      <SideDecision c={c} side="sentencing" state={c.sentencingState} />
      <SideDecision c={c} side="administering" state={c.administeringState} />
    </div>
  );
}

function SideDecision({ c, side, state }: { c: TransferDetail; side: "sentencing" | "administering"; state: string }) {
  const { t } = useTranslation("transfers");
  const id = useId();
  const save = useSave(c);
  const [on, setOn] = useState(today());
  const [enforcement, setEnforcement] = useState<"continued" | "converted">("continued");
  const d = c.decisions[side];
  const agree = c.actions.find((a) => a.action === `agree_${side}`);
  const refuse = c.actions.find((a) => a.action === `refuse_${side}`);
  const decide = (decision: "agreed" | "refused") =>
    save.mutate({
      path: "/decisions",
      method: "POST",
      body: { side, decision, on, ...(side === "administering" && decision === "agreed" ? { enforcement } : {}) },
    });
  return (
    <div className="tsp-side" data-testid={`decision-${side}`}>
      <h3>{t(`decision.${side}`, { state: regionName(state) })}</h3>
      {d.decision ? (
        <p>
          {t(`decision.${d.decision}`, { date: formatDate(d.on ?? "") })}
          {side === "administering" && c.decisions.enforcement ? ` · ${t(`decision.${c.decisions.enforcement}`)}` : ""}
        </p>
      ) : (
        <p className="muted">{t("decision.pending")}</p>
      )}
      {agree && !agree.allowed && agree.condition ? (
        <p className="error" data-testid={`blocked-${side}`}>
          {t("decision.blocked", { condition: t(`condition.${agree.condition}`) })} (
          <ConditionCite c={c} condition={agree.condition} />)
        </p>
      ) : null}
      {agree && !agree.allowed && !agree.condition && agree.why ? <p className="error">{t("decision.blockedNoBasis")}</p> : null}
      {agree?.allowed || refuse?.allowed ? (
        <div className="tsp-form">
          <label htmlFor={`${id}-on`}>
            {t("decision.on")}
            <input id={`${id}-on`} type="date" value={on} onChange={(e) => setOn(e.target.value)} />
          </label>
          {side === "administering" && agree?.allowed ? (
            <label htmlFor={`${id}-enf`}>
              {t("decision.enforcement")}
              <select id={`${id}-enf`} value={enforcement} onChange={(e) => setEnforcement(e.target.value as typeof enforcement)}>
                <option value="continued">{t("decision.continued")}</option>
                <option value="converted">{t("decision.converted")}</option>
              </select>
            </label>
          ) : null}
          <div>
            {agree?.allowed ? (
              <button type="button" onClick={() => decide("agreed")} disabled={save.isPending}>
                {t("decision.agree")}
              </button>
            ) : null}{" "}
            {refuse?.allowed ? (
              <button type="button" className="secondary" onClick={() => decide("refused")} disabled={save.isPending}>
                {t("decision.refuse")}
              </button>
            ) : null}
          </div>
        </div>
      ) : null}
      {save.error ? (
        <p className="error" role="alert">
          {errorWords(save.error)}
        </p>
      ) : null}
    </div>
  );
}

function Handover({ c }: { c: TransferDetail }) {
  const { t } = useTranslation("transfers");
  const id = useId();
  const save = useSave(c);
  const [f, setF] = useState({ on: today(), place: "", escort: "" });
  const h = c.actions.find((a) => a.action === "handover");
  if (c.handover.on)
    return (
      <div className="card">
        <h2>{t("case.handoverHeading")}</h2>
        <p>{t("handover.done", { date: formatDate(c.handover.on), place: c.handover.place ?? "", escort: c.handover.escort ?? "" })}</p>
      </div>
    );
  if (c.state !== "transfer_agreed") return null;
  return (
    <div className="card">
      <h2>{t("case.handoverHeading")}</h2>
      {h && !h.allowed && h.condition ? (
        <p className="error">
          {t("handover.blocked", { condition: t(`condition.${h.condition}`) })} (
          <ConditionCite c={c} condition={h.condition} />)
        </p>
      ) : null}
      {h?.allowed ? (
        <form
          className="tsp-form"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ path: "/handover", method: "POST", body: f });
          }}
        >
          <label htmlFor={`${id}-on`}>
            {t("handover.on")}
            <input id={`${id}-on`} type="date" required value={f.on} onChange={(e) => setF({ ...f, on: e.target.value })} />
          </label>
          <label htmlFor={`${id}-place`}>
            {t("handover.place")}
            <input
              id={`${id}-place`}
              required
              maxLength={LIMITS.handoverPlace}
              value={f.place}
              onChange={(e) => setF({ ...f, place: e.target.value })}
            />
          </label>
          <label htmlFor={`${id}-escort`}>
            {t("handover.escort")}
            <input
              id={`${id}-escort`}
              required
              maxLength={LIMITS.handoverEscort}
              value={f.escort}
              onChange={(e) => setF({ ...f, escort: e.target.value })}
            />
          </label>
          <div>
            <button type="submit" disabled={save.isPending}>
              {t("handover.submit")}
            </button>
          </div>
        </form>
      ) : null}
      {save.error ? (
        <p className="error" role="alert">
          {errorWords(save.error)}
        </p>
      ) : null}
    </div>
  );
}

function Close({ c }: { c: TransferDetail }) {
  const { t } = useTranslation("transfers");
  const id = useId();
  const save = useSave(c);
  const [on, setOn] = useState(today());
  return (
    <form
      className="card tsp-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ path: "/close", method: "POST", body: { on } });
      }}
    >
      <label htmlFor={`${id}-on`}>
        {t("close.on")}
        <input id={`${id}-on`} type="date" required value={on} onChange={(e) => setOn(e.target.value)} />
      </label>
      <div>
        <button type="submit" className="secondary" disabled={save.isPending}>
          {t("close.submit")}
        </button>
      </div>
      {save.error ? (
        <p className="error tsp-wide" role="alert">
          {errorWords(save.error)}
        </p>
      ) : null}
    </form>
  );
}
