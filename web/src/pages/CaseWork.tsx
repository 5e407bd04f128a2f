/**
 * Working a case: its legal basis with citations, the actions its state allows (and why the others are
 * not), decisions with grounds, consultations, offences, persons, correspondence and the timeline.
 * Every change sends the version the officer saw, so two people never overwrite each other silently.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { LIMITS } from "../../../src/validation/limits";
import { type ReactNode, useState } from "react";
import type { TFunction } from "i18next";
import { Trans, useTranslation } from "react-i18next";
import { ENGLISH_SLOT, En, withEnglish } from "../components/English";
import { InstrumentTitle, instrumentTitleText, useInstrumentTitles } from "../components/InstrumentTitle";
import { useLawText } from "../lawText";
import { iccsChoices, iccsLabel } from "../labels";
import type { AvailableAction } from "../../../src/cases/workflow";
import type { Words as LawWords } from "../../../src/law/words";
import { EngineWords } from "../engineWords";
import { ApiError, api, errorText } from "../api";
import { label as codeLabel, formatDate, formatDateTime, formatNumber } from "../format";
import { say, sayAll, type Words } from "../serverWords";
import { useMeasureWords } from "./case/Measures";
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
    consultationBeforeRefusal: Partial<Citation> & { required: boolean; reason?: string; reasonWords?: LawWords };
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
  actions: AvailableAction[];
}

/** An error from the API as the officer should read it: the rule in words (the provision is in the sentence), never its code. */
export function RuleError({ error }: { error: unknown }) {
  if (!error) return null;
  const e = error instanceof ApiError ? error : null;
  return (
    <p className="error" role="alert">
      {e
        ? e.code === "version_conflict"
          ? errorText(e)
          : // The rule in the reader's language where the server sends its words; its English, marked, otherwise.
            ((e.words && sayAll(e.words)) ?? <En>{e.message}</En>)
        : String(error)}
    </p>
  );
}

/** A refusal ground in words: "Essential interests" to start a line, "essential interests" inside one. */
function groundWords(t: TFunction, code: string, inline = false): string {
  return inline
    ? t(`case:groundsInline.${code}`, { defaultValue: codeLabel(code) })
    : t(`case:grounds.${code}`, { defaultValue: sentence(codeLabel(code)) });
}

/** A workflow state in words inside a sentence ("under review"). */
function stateWords(t: TFunction, code: string): string {
  return t(`case:stateInline.${code}`, { defaultValue: codeLabel(code) });
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
export function instrumentName(c: Pick<WorkDetail, "basis">, id: string | null, none: string): string {
  if (!id) return none;
  return c.basis?.bases.find((b) => b.instrument === id)?.title ?? id;
}

/** Why an action is not possible now: in the reader's language where the server sends its words, its English marked otherwise. */
function whyWords(t: TFunction, a: { why?: string; whyWords?: Words }): ReactNode {
  const said = a.whyWords ? say(a.whyWords, t) : null;
  if (said) return t("workflow.why", { why: said });
  return withEnglish(t("workflow.why", { why: ENGLISH_SLOT[0] }), a.why ?? "");
}

/** The workflow section: one button per action of the current state; decisions open a form, final steps ask for confirmation. */
export function Workflow({ c }: { c: WorkDetail }) {
  const { t } = useTranslation("case");
  // The server names each action in English; the screen names it by its code in the reader's language.
  const actionLabel = (a: { action: string; label: string }) => t(`actions.${a.action}`, { defaultValue: a.label });
  const [deciding, setDeciding] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<WorkDetail["actions"][number] | null>(null);
  const move = useCaseMutation(c.id, (body: { action: string; reasons?: string }) =>
    api(`/cases/${c.id}/transitions`, { method: "POST", body: { ...body, version: c.version } }),
  );
  const decisionActions = new Set(["refuse", "postpone", "accept"]);
  return (
    <div className="card stack" data-testid="workflow">
      <p>
        <Trans
          t={t}
          i18nKey="workflow.state"
          values={{ state: stateWords(t, c.state), version: formatNumber(c.version) }}
          components={{ strong: <strong />, muted: <span className="muted" /> }}
        />
      </p>
      {c.actions.length === 0 && <Empty>{t("workflow.noAction")}</Empty>}
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
              {actionLabel(a)}
            </button>
            {!a.allowed && a.why && (
              <span className="muted why" id={`why-${a.action}`}>
                {" "}
                {whyWords(t, a)}
              </span>
            )}
          </li>
        ))}
      </ul>
      {!confirming && <RuleError error={move.error} />}
      {confirming && (
        <ConfirmStep
          title={t("workflow.confirmTitle", { action: actionLabel(confirming) })}
          confirmLabel={actionLabel(confirming)}
          reason={confirming.final?.reason}
          reasonLabel={confirming.action === "withdrawn_by_requester" ? t("workflow.requesterReason") : t("confirm.reason")}
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
function problemsOf(
  t: TFunction,
  c: WorkDetail,
  action: string,
  d: { grounds: string[]; reasons: string; refused: string[] },
): string | null {
  const needsGrounds = action !== "accept" || d.refused.length > 0;
  if (action === "accept" && d.refused.length > 0 && d.refused.length >= c.measures.length) return t("decision.problems.allRefused");
  if (action === "refuse" && d.grounds.length === 0) return t("decision.problems.noGround");
  if (needsGrounds && action !== "postpone" && d.grounds.length === 0) return t("decision.problems.noGroundForMeasures");
  if (needsGrounds && d.reasons.trim().length < 10) return t("decision.problems.reasonsTooShort", { min: formatNumber(10) });
  return null;
}

function DecisionForm({ c, action, onDone }: { c: WorkDetail; action: string; onDone: () => void }) {
  const { t } = useTranslation("case");
  const measureWords = useMeasureWords();
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
    action === "accept" ? t("decision.acceptTitle") : action === "refuse" ? t("decision.refuseTitle") : t("decision.postponeTitle");
  const submitLabel = action === "accept" ? t("decision.accept") : action === "refuse" ? t("decision.refuse") : t("decision.postpone");
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
          const p = problemsOf(t, c, action, { grounds, reasons, refused });
          setProblem(p);
          if (p) return;
          // Refusing cannot be undone: one more, explicit confirmation.
          if (action === "refuse") setConfirming(true);
          else send();
        }}
      >
        <h3>{title}</h3>
        {action === "accept" && <p className="muted">{t("decision.acceptNote")}</p>}
        {action === "accept" && c.measures.length > 0 && (
          <fieldset>
            <legend>{t("decision.measuresRefused")}</legend>
            {c.measures.map((m) => (
              <label key={m.id} className="check">
                <input
                  type="checkbox"
                  checked={refused.includes(m.id)}
                  onChange={(e) => setRefused(e.target.checked ? [...refused, m.id] : refused.filter((x) => x !== m.id))}
                />
                {t("decision.measureLine", { measure: measureWords(m.measure), description: m.description })}
              </label>
            ))}
          </fieldset>
        )}
        {needsGrounds && (
          <fieldset data-testid="grounds-offered">
            <legend>{t("decision.groundsOffered")}</legend>
            {offered.length === 0 && <Empty>{t("decision.noGrounds")}</Empty>}
            {offered.map((g) => (
              <label key={g.ground} className="check">
                <input
                  type="checkbox"
                  checked={grounds.includes(g.ground)}
                  onChange={(e) => setGrounds(e.target.checked ? [...grounds, g.ground] : grounds.filter((x) => x !== g.ground))}
                />
                <span>
                  {groundWords(t, g.ground)}{" "}
                  <span className="muted">
                    (<En>{g.cite}</En>)
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
        )}
        {needsGrounds && excluded.length > 0 && (
          <div className="excluded-grounds" data-testid="grounds-excluded">
            <p>{t("decision.groundsExcluded")}</p>
            <ul>
              {excluded.map((g) => (
                <li key={g.ground}>
                  {groundWords(t, g.ground)}{" "}
                  <span className="muted">{withEnglish(t("decision.excludedBy", { cites: ENGLISH_SLOT[0] }), g.cites.join("; "))}</span>
                </li>
              ))}
            </ul>
          </div>
        )}
        {(needsGrounds || action === "accept") && (
          <label>
            {needsGrounds ? t("decision.reasons") : t("decision.remarks")}
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
            {t("decision.cancel")}
          </button>
        </div>
        {!confirming && <RuleError error={decide.error} />}
      </form>
      {confirming && (
        <ConfirmStep
          title={t("decision.confirmTitle")}
          confirmLabel={t("decision.refuse")}
          pending={decide.isPending}
          error={<RuleError error={decide.error} />}
          onCancel={() => setConfirming(false)}
          onConfirm={() => send()}
        >
          <p>{t("decision.confirmText", { grounds: grounds.map((g) => groundWords(t, g, true)).join("; ") })}</p>
        </ConfirmStep>
      )}
    </>
  );
}

const sentence = (words: string) => words.charAt(0).toUpperCase() + words.slice(1);

/** The legal basis stored with the case, with its citations; the officer may choose another applicable one before deciding. */
export function BasisSection({ c, canEdit }: { c: WorkDetail; canEdit?: boolean }) {
  const { t } = useTranslation("case");
  const choose = useCaseMutation(c.id, (instrument: string) =>
    api(`/cases/${c.id}`, { method: "PATCH", body: { version: c.version, basisInstrument: instrument } }),
  );
  const titles = useInstrumentTitles();
  const { translate } = useLawText();
  if (!c.basis) return <Empty>{t("basis.none")}</Empty>;
  const consult = c.basis.consultationBeforeRefusal;
  return (
    <div className="stack">
      <p data-testid="chosen-basis">
        <Trans
          t={t}
          i18nKey="basis.chosen"
          values={{
            basis: instrumentName(c, c.basisInstrument, t("basis.noneRecorded")),
            date: c.requestDate ? formatDate(c.requestDate) : "",
          }}
          components={{
            strong: <strong />,
            // The official title in the reader's language where there is one (the component ignores Trans's text).
            en: c.basisInstrument ? (
              <InstrumentTitle inst={titles.get(c.basisInstrument)} english={instrumentName(c, c.basisInstrument, "")} />
            ) : (
              <span />
            ),
          }}
        />
      </p>
      {canEdit && c.basis.bases.length > 1 && c.decisions.length === 0 && (
        <label>
          {t("basis.chooseAnother")}
          <select value={c.basisInstrument ?? ""} onChange={(e) => choose.mutate(e.target.value)}>
            {c.basis.bases.map((b) => (
              <option key={b.instrument} value={b.instrument} lang={instrumentTitleText(titles.get(b.instrument), b.title, translate).lang}>
                {instrumentTitleText(titles.get(b.instrument), b.title, translate).text}
              </option>
            ))}
          </select>
        </label>
      )}
      <RuleError error={choose.error} />
      <p>{t("basis.applicable")}</p>
      <ol>
        {c.basis.bases.map((b) => (
          <li key={b.instrument}>
            <InstrumentTitle inst={titles.get(b.instrument)} english={b.title} />{" "}
            <span className="muted">
              {t("basis.inForceSince", { date: b.inForceSince ? formatDate(b.inForceSince) : t("basis.dateNotRecorded") })}
            </span>
          </li>
        ))}
      </ol>
      <p>
        {consult.required ? (
          <Trans
            t={t}
            i18nKey="basis.consultRequired"
            values={{ cite: consult.cite ?? "" }}
            components={{ strong: <strong />, en: <En /> }}
          />
        ) : (
          <Trans
            t={t}
            i18nKey="basis.consultNotRequired"
            values={{ reason: consult.reason ?? "" }}
            // The engine's reason in the reader's language (engineWords.tsx) where <en> holds the English.
            components={{
              muted: <span className="muted" />,
              en: <EngineReason words={consult.reasonWords} english={consult.reason ?? ""} />,
            }}
          />
        )}
      </p>
      <details>
        <summary>
          {t("basis.groundsSummary", {
            provides: formatNumber(c.basis.refusalGrounds.length),
            excludes: formatNumber(c.basis.excludedGrounds.length),
          })}
        </summary>
        <ul>
          {c.basis.refusalGrounds.map((g) => (
            <li key={`${g.ground}-${g.provision}`}>
              {t("basis.groundLine", {
                ground: groundWords(t, g.ground),
                kind: t(`groundKinds.${g.kind}`, { defaultValue: g.kind }),
                cite: g.cite,
              })}
            </li>
          ))}
          {c.basis.excludedGrounds.map((g) => (
            <li key={`x-${g.ground}-${g.provision}`}>
              <Trans
                t={t}
                i18nKey="basis.excludedLine"
                values={{ ground: groundWords(t, g.ground, true), cite: g.cite }}
                components={{ em: <em /> }}
              />
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
  const { t } = useTranslation("case");
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
        {t("forms.record")}
      </button>
      <RuleError error={error} />
    </form>
  );
}

/** Consultations with the requesting state. */
export function Consultations({ c, canEdit }: { c: WorkDetail; canEdit: boolean }) {
  const { t } = useTranslation("case");
  const [f, setF] = useState({ heldOn: "", channel: "", outcome: "", conditionsConsidered: "" });
  const m = useCaseMutation(c.id, () => api(`/cases/${c.id}/consultations`, { method: "POST", body: { ...f, version: c.version } }));
  return (
    <div className="stack">
      {c.consultations.length === 0 && <Empty>{t("consultations.none")}</Empty>}
      <ul>
        {c.consultations.map((x) => (
          <li key={x.id}>
            {t("consultations.line", { date: formatDate(x.heldOn), channel: x.channel, outcome: x.outcome })}{" "}
            <span className="muted">{t("consultations.conditions", { conditions: x.conditionsConsidered })}</span>
          </li>
        ))}
      </ul>
      {canEdit && (
        <SmallForm title={t("consultations.form")} onSubmit={() => m.mutate(undefined)} error={m.error} pending={m.isPending}>
          <label>
            {t("consultations.heldOn")}
            <input type="date" value={f.heldOn} onChange={(e) => setF({ ...f, heldOn: e.target.value })} required />
          </label>
          <label>
            {t("consultations.channel")}
            <input
              value={f.channel}
              onChange={(e) => setF({ ...f, channel: e.target.value })}
              required
              maxLength={LIMITS.consultationChannel}
            />
          </label>
          <label>
            {t("consultations.outcome")}
            <input value={f.outcome} onChange={(e) => setF({ ...f, outcome: e.target.value })} required maxLength={LIMITS.longText} />
          </label>
          <label>
            {t("consultations.conditionsConsidered")}
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
  const { t } = useTranslation("case");
  const [f, setF] = useState({ description: "", legalProvision: "", penalty: "", iccs: "07" });
  const m = useCaseMutation(c.id, () => api(`/cases/${c.id}/offences`, { method: "POST", body: { ...f, version: c.version } }));
  return (
    <div className="stack">
      {c.offences.length === 0 && <Empty>{t("offences.none")}</Empty>}
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
                  {t("offences.iccs", { code: o.iccs })} <span className="muted">{iccsLabel(o.iccs)}</span>
                </td>
              </tr>
            ))}
        </tbody>
      </table>
      {canEdit && (
        <SmallForm title={t("offences.form")} onSubmit={() => m.mutate(undefined)} error={m.error} pending={m.isPending}>
          <label>
            {t("offences.offence")}
            <input
              value={f.description}
              onChange={(e) => setF({ ...f, description: e.target.value })}
              required
              maxLength={LIMITS.description}
            />
          </label>
          <label>
            {t("offences.provision")}
            <input
              value={f.legalProvision}
              onChange={(e) => setF({ ...f, legalProvision: e.target.value })}
              required
              maxLength={LIMITS.legalProvision}
            />
          </label>
          <label>
            {t("offences.penalty")}
            <input value={f.penalty} onChange={(e) => setF({ ...f, penalty: e.target.value })} maxLength={LIMITS.legalProvision} />
          </label>
          <label>
            {t("offences.section")}
            <select value={f.iccs} onChange={(e) => setF({ ...f, iccs: e.target.value })}>
              {iccsChoices().map((s) => (
                <option key={s.code} value={s.code}>
                  {s.label}
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
  const { t } = useTranslation("case");
  const [f, setF] = useState({ role: "witness", name: "", presenceEndedOn: "", safeConductExtended: false });
  const m = useCaseMutation(c.id, () =>
    api(`/cases/${c.id}/persons`, {
      method: "POST",
      body: { ...f, presenceEndedOn: f.presenceEndedOn || null, version: c.version },
    }),
  );
  return (
    <div className="stack">
      {c.persons.length === 0 && <Empty>{t("persons.none")}</Empty>}
      <ul>
        {c.persons.map((p) => (
          <li key={p.id}>
            {p.name} <span className="muted">({t(`personRoles.${p.role}`, { defaultValue: codeLabel(p.role) })})</span>
            {p.inCustody ? ` · ${t("persons.inCustody")}` : ""}
            {p.returnBy ? ` · ${t("persons.returnBy", { date: formatDate(p.returnBy) })}` : ""}
            {p.safeConductEnds ? (
              <strong data-testid="safe-conduct"> · {t("persons.safeConductEnds", { date: formatDate(p.safeConductEnds) })}</strong>
            ) : null}
          </li>
        ))}
      </ul>
      {canEdit && (
        <SmallForm title={t("persons.form")} onSubmit={() => m.mutate(undefined)} error={m.error} pending={m.isPending}>
          <label>
            {t("persons.role")}
            <select value={f.role} onChange={(e) => setF({ ...f, role: e.target.value })}>
              {["suspect", "accused", "witness", "expert", "victim", "person_in_custody", "other"].map((r) => (
                <option key={r} value={r}>
                  {t(`personRoles.${r}`, { defaultValue: codeLabel(r) })}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("persons.name")}
            <input value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} required maxLength={LIMITS.personName} />
          </label>
          <label>
            {t("persons.presenceEnded")}
            <input type="date" value={f.presenceEndedOn} onChange={(e) => setF({ ...f, presenceEndedOn: e.target.value })} />
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={f.safeConductExtended}
              onChange={(e) => setF({ ...f, safeConductExtended: e.target.checked })}
            />
            {t("persons.extended")}
          </label>
        </SmallForm>
      )}
    </div>
  );
}

/** Decisions with the notices sent to the requesting state. */
export function Decisions({ c }: { c: WorkDetail }) {
  const { t } = useTranslation("case");
  if (c.decisions.length === 0) return <Empty>{t("decisions.none")}</Empty>;
  return (
    <div className="stack">
      {c.decisions.map((d) => (
        <div key={d.id} className="card">
          <p>
            <Trans
              t={t}
              i18nKey={d.grounds.length > 0 ? "decisions.lineWithGrounds" : "decisions.line"}
              values={{
                kind: t(`decisionKinds.${d.kind}`, { defaultValue: sentence(codeLabel(d.kind)) }),
                by: d.decidedBy,
                at: formatDateTime(d.decidedAt),
                grounds: d.grounds
                  .map((g) =>
                    g.cite
                      ? t("decisions.groundCited", { ground: groundWords(t, g.ground, true), cite: g.cite })
                      : groundWords(t, g.ground, true),
                  )
                  .join("; "),
              }}
              components={{ strong: <strong /> }}
            />
          </p>
          <pre className="notice-text">{d.notice}</pre>
        </div>
      ))}
    </div>
  );
}

/** The timeline of transitions. */
export function Timeline({ c }: { c: WorkDetail }) {
  const { t } = useTranslation("case");
  if (c.timeline.length === 0) return <Empty>{t("timeline.none")}</Empty>;
  return (
    <ol className="timeline" data-testid="timeline">
      {c.timeline.map((step) => (
        <li key={`${step.at}-${step.action}`}>
          <Trans
            t={t}
            i18nKey={step.note ? "timeline.lineWithNote" : "timeline.line"}
            values={{
              at: formatDateTime(step.at),
              action: t(`timeline.actions.${step.action}`, { defaultValue: codeLabel(step.action) }),
              from: stateWords(t, step.from),
              to: stateWords(t, step.to),
              actor: step.actor,
              note: step.note ?? "",
            }}
            components={{ strong: <strong /> }}
          />
        </li>
      ))}
    </ol>
  );
}

/** Correspondence in and out. */
export function Correspondence({ c, canEdit }: { c: WorkDetail; canEdit: boolean }) {
  const { t } = useTranslation("case");
  const [f, setF] = useState({ direction: "in", channel: "", onDate: "", summary: "" });
  const m = useCaseMutation(c.id, () => api(`/cases/${c.id}/correspondence`, { method: "POST", body: { ...f, version: c.version } }));
  return (
    <div className="stack">
      {c.correspondence.length === 0 && <Empty>{t("correspondence.none")}</Empty>}
      <ul>
        {c.correspondence.map((x) => (
          <li key={x.id}>
            {x.direction === "in"
              ? t("correspondence.lineIn", { date: formatDate(x.onDate), channel: x.channel, summary: x.summary })
              : t("correspondence.lineOut", { date: formatDate(x.onDate), channel: x.channel, summary: x.summary })}
          </li>
        ))}
      </ul>
      {canEdit && (
        <SmallForm title={t("correspondence.form")} onSubmit={() => m.mutate(undefined)} error={m.error} pending={m.isPending}>
          <label>
            {t("correspondence.direction")}
            <select value={f.direction} onChange={(e) => setF({ ...f, direction: e.target.value })}>
              <option value="in">{t("correspondence.received")}</option>
              <option value="out">{t("correspondence.sent")}</option>
            </select>
          </label>
          <label>
            {t("correspondence.channel")}
            <input
              value={f.channel}
              onChange={(e) => setF({ ...f, channel: e.target.value })}
              required
              maxLength={LIMITS.correspondenceChannel}
            />
          </label>
          <label>
            {t("correspondence.dated")}
            <input type="date" value={f.onDate} onChange={(e) => setF({ ...f, onDate: e.target.value })} required />
          </label>
          <label>
            {t("correspondence.summary")}
            <input value={f.summary} onChange={(e) => setF({ ...f, summary: e.target.value })} required maxLength={LIMITS.longText} />
          </label>
        </SmallForm>
      )}
    </div>
  );
}

/** The engine's reason in Trans's <en> slot: the descriptor's words, the English (the slot's text) without one. */
function EngineReason({ words, english }: { words?: LawWords; english: string; children?: ReactNode }) {
  return <EngineWords words={words} english={english} />;
}
