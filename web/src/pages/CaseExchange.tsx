/**
 * The case's conversation with the partner node (issue 13 §4): each message as a thread entry — its
 * kind in words, which way it went, when, where its delivery stands and the signed receipts — and a
 * "Send to …" action offering the kinds the case's state allows, each with the form it needs.
 */
import { DirectoryAddressee } from "../components/DirectoryAddressee";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { ApiError, api, isVersionConflict } from "../api";
import { useTranslation } from "react-i18next";
import {
  type Kind,
  NOTICE_TOPICS,
  OUTCOMES,
  QUERY_PURPOSES,
  type Thread,
  type ThreadMessage,
  deliveryText,
  kindWords,
  measureOutcomeWords,
  measureWords,
  noticeTopicWords,
  outcomeWords,
  queryPurposeWords,
  reasonText,
  receiptWords,
  useJurisdictionNames,
  usePartners,
} from "../exchange";
import { label as codeLabel, formatDate, formatDateTime } from "../format";
import { useSession } from "../session";
import { PackageExport, PackageImport } from "./Packages";
import { errorWords } from "../components/ErrorWords";
import { LIMITS } from "../../../src/validation/limits";

/** What the section needs of the case. */
export interface ExchangeCase {
  id: string;
  direction: "incoming" | "outgoing";
  state: string;
  version: number;
  requesting: string;
  requested: string;
  measures: { id: string; measure: string; description: string; status: string }[];
  documents: { id: string; kind: string; filename: string }[];
  basis: { refusalGrounds: { ground: string; cite: string }[] } | null;
}

const OPEN_OUT = ["sent", "acknowledged", "under_execution"];
const OPEN_IN = [
  "registered",
  "under_review",
  "awaiting_information",
  "awaiting_confidentiality_choice",
  "accepted",
  "in_execution",
  "postponed",
];

/** Queries received on the case that no reply of ours answers yet. */
function unansweredQueries(thread: Thread): ThreadMessage[] {
  const answered = new Set(thread.messages.filter((m) => m.direction === "out" && m.kind === "reply").map((m) => m.body.inReplyTo));
  return thread.messages.filter((m) => m.direction === "in" && m.kind === "query" && m.status !== "rejected" && !answered.has(m.id));
}

/** The kinds this side may send in the case's present state (the server checks again and says why not). */
export function allowedKinds(c: ExchangeCase, thread: Thread): Kind[] {
  const linked = thread.requesting !== null;
  const s = c.state;
  if (c.direction === "outgoing") {
    if (!linked) return s === "translated" ? ["request"] : [];
    const kinds: Kind[] = [];
    if (unansweredQueries(thread).length > 0) kinds.push("reply");
    if (OPEN_OUT.includes(s)) kinds.push("notice", "withdrawal");
    if (["evidence_received", "refused_by_partner", "withdrawn"].includes(s)) kinds.push("closing");
    return kinds;
  }
  // An incoming case that did not come through the exchange has no partner node to answer.
  if (!linked) return [];
  if (s === "received") return ["acknowledgement"];
  const kinds: Kind[] = [];
  if (["under_review", "accepted", "in_execution"].includes(s)) kinds.push("query");
  if (["under_review", "awaiting_information"].includes(s)) kinds.push("decision");
  if (s === "in_execution") kinds.push("execution_report");
  if (["in_execution", "executed"].includes(s)) kinds.push("evidence");
  if (OPEN_IN.includes(s) || s === "executed") kinds.push("notice");
  if (["evidence_returned", "refused", "withdrawn"].includes(s)) kinds.push("closing");
  return kinds;
}

/** The exchange section of the case page. */
export function CaseExchange({ c, canSend }: { c: ExchangeCase; canSend: boolean }) {
  const { t: tr } = useTranslation("exchange");
  // Where the node does not exchange, nothing is asked of the exchange and the section is absent.
  const on = useSession().data?.exchange === true;
  const country = useJurisdictionNames();
  const partners = usePartners(on);
  const thread = useQuery({
    queryKey: ["exchange", "thread", c.id],
    queryFn: async () => {
      try {
        return await api<Thread>(`/cases/${c.id}/exchange`);
      } catch (err) {
        if (err instanceof ApiError && err.code === "exchange_off") return null;
        throw err;
      }
    },
    enabled: on,
    // While a message of ours is on its way, its delivery state changes without anyone here acting.
    refetchInterval: (q) => (q.state.data?.messages.some((m) => m.status === "queued" || m.status === "delivered") ? 5_000 : 30_000),
  });
  const t = thread.data;
  if (!on || t === null) return null;
  const heading = <h2>{tr("caseExchange.heading")}</h2>;
  if (thread.error)
    return (
      <>
        {heading}
        <p className="error" role="alert">
          {errorWords(thread.error)}
        </p>
      </>
    );
  if (!t) return heading;
  const other = c.direction === "outgoing" ? c.requested : c.requesting;
  const partner = t.partner ?? (partners.data ?? []).find((p) => p.jurisdiction === other && p.status === "active") ?? null;
  const kinds = allowedKinds(c, t);
  return (
    <>
      {heading}
      <div className="stack" data-testid="exchange">
        {t.messages.length === 0 ? (
          <p className="muted">
            {partner
              ? tr("caseExchange.nothingYet", { partner: partner.authority })
              : tr("caseExchange.noPartner", { country: country(other) })}
          </p>
        ) : (
          <>
            <p className="muted">{withText(tr, t.partner?.authority ?? country(other), t.requesting?.reference, t.requested?.reference)}</p>
            <ol className="thread" data-testid="thread">
              {t.messages.map((m) => (
                <ThreadEntry key={m.id} m={m} country={country} partnerName={t.partner?.authority ?? country(other)} />
              ))}
            </ol>
          </>
        )}
        {canSend && partner && <SendTo c={c} thread={t} kinds={kinds} partnerName={partner.authority} />}
        {canSend && partner && <DirectoryAddressee jurisdiction={partner.jurisdiction} authority={partner.authority} />}
        {canSend &&
          partner &&
          (t.messages.some((m) => m.direction === "out") || (c.direction === "outgoing" && c.state === "translated" && !t.requesting)) && (
            <details className="packages">
              <summary>{tr("caseExchange.packageSummary")}</summary>
              <PackageExport caseId={c.id} version={c.version} sendsRequest={t.messages.length === 0} />
              <PackageImport />
            </details>
          )}
      </div>
    </>
  );
}

/** "With …", and the references the two states gave the case, as far as they are known. */
function withText(
  tr: (key: string, values?: Record<string, string>) => string,
  partner: string,
  requesting?: string,
  requested?: string | null,
): string {
  if (requesting && requested) return tr("caseExchange.withBoth", { partner, requesting, requested });
  if (requesting) return tr("caseExchange.withRequesting", { partner, requesting });
  if (requested) return tr("caseExchange.withRequested", { partner, requested });
  return tr("caseExchange.with", { partner });
}

function ThreadEntry({ m, country, partnerName }: { m: ThreadMessage; country: (c: string) => string; partnerName: string }) {
  const { t } = useTranslation("exchange");
  const status = deliveryText(m);
  const bad = m.status === "rejected";
  return (
    <li className={`thread-entry ${m.direction === "out" ? "out" : "in"}`} data-testid="thread-message">
      <p className="thread-head">
        <strong>{kindWords(m.kind)}</strong> {m.urgent && <span className="badge mandatory">{t("thread.urgent")}</span>}
        <span className="muted">
          {m.direction === "out"
            ? t("thread.sentBy", { partner: partnerName, when: formatDateTime(m.sentAt), seq: m.seq })
            : t("thread.receivedFrom", { partner: partnerName, when: formatDateTime(m.sentAt), seq: m.seq })}
        </span>
      </p>
      <MessageBody m={m} />
      <p className={bad ? "error" : m.status === "queued" ? "waiting" : "ok"} data-testid="delivery">
        {status.charAt(0).toUpperCase() + status.slice(1)}
        {m.waiting && m.status === "queued" && m.waiting.attempts > 0 && (
          <span className="muted">
            {" "}
            {t("thread.attempts", { count: m.waiting.attempts })}
            {m.waiting.lastError ? t("thread.lastError", { error: m.waiting.lastError }) : ""}
            {m.waiting.nextAttemptAt ? t("thread.nextAttempt", { when: formatDateTime(m.waiting.nextAttemptAt) }) : ""}
          </span>
        )}
      </p>
      {m.receipts.length > 0 && (
        <ul className="receipts" aria-label={t("thread.receipts")}>
          {m.receipts.map((r) => (
            <li key={`${r.kind}-${r.at}`}>
              {r.reason
                ? t("thread.receiptReason", {
                    receipt: receiptWords(r.kind),
                    issuer: country(r.issuer),
                    when: formatDateTime(r.at),
                    reason: reasonText(r.reason),
                  })
                : t("thread.receipt", { receipt: receiptWords(r.kind), issuer: country(r.issuer), when: formatDateTime(r.at) })}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

const str = (v: unknown) => (typeof v === "string" && v ? v : null);
const day = (v: unknown) => (typeof v === "string" && v ? formatDate(v) : null);

/** What a message says, in a few lines (the full content stays with the case: documents, decisions, measures). */
function MessageBody({ m }: { m: ThreadMessage }) {
  const { t } = useTranslation("exchange");
  const b = m.body;
  const lines: ReactNode[] = [];
  const add = (label: string, value: string | null) => {
    if (value)
      lines.push(
        <span key={label}>
          {label ? t("body.label", { label }) : ""}
          {value}
        </span>,
      );
  };
  switch (m.kind) {
    case "request": {
      const measures = Array.isArray(b.measures) ? (b.measures as { measure: string; description: string }[]) : [];
      add("", str(b.title));
      add(t("body.measures"), measures.map((x) => x.description).join("; "));
      add(t("body.facts"), str(b.facts));
      add(t("body.confirmsOral"), day(b.confirmsOralRequestOf));
      break;
    }
    case "acknowledgement":
      add(t("body.registeredUnder"), str(b.reference));
      add(t("body.on"), day(b.registeredOn));
      add(t("body.executingAuthority"), str(b.executingAuthority));
      break;
    case "query":
      add("", queryPurposeWords(String(b.purpose)));
      add("", str(b.text));
      add(t("body.conditionsOffered"), str(b.conditionsOffered));
      add(t("body.answerBy"), day(b.answerBy));
      break;
    case "reply":
      add("", str(b.text));
      if (b.conditionsAccepted === true) add("", t("body.conditionsAccepted"));
      if (b.conditionsAccepted === false) add("", t("body.conditionsNotAccepted"));
      if (Array.isArray(b.documents) && b.documents.length)
        add(t("body.documents"), (b.documents as { filename: string }[]).map((d) => d.filename).join(", "));
      break;
    case "decision": {
      const grounds = Array.isArray(b.grounds) ? (b.grounds as { ground: string; cite?: string }[]) : [];
      add("", outcomeWords(String(b.outcome)));
      add(t("body.grounds"), grounds.map((g) => `${codeLabel(g.ground)}${g.cite ? ` (${g.cite})` : ""}`).join("; "));
      add(t("body.reasons"), str(b.reasons));
      break;
    }
    case "execution_report": {
      const ms = Array.isArray(b.measures) ? (b.measures as { outcome: string; reasons: string | null }[]) : [];
      add("", b.final ? t("body.executionOver") : t("body.executionGoesOn"));
      add(t("body.measures"), ms.map((x) => `${measureOutcomeWords(x.outcome)}${x.reasons ? ` (${x.reasons})` : ""}`).join("; "));
      break;
    }
    case "evidence": {
      const items = Array.isArray(b.items) ? (b.items as { description: string }[]) : [];
      add(t("body.items"), items.map((x) => x.description).join("; "));
      add("", b.final ? t("body.allEvidence") : null);
      break;
    }
    case "notice":
      add("", noticeTopicWords(String(b.topic)));
      add("", str(b.text));
      break;
    case "withdrawal":
      add(t("body.reasons"), str(b.reasons));
      break;
    case "closing":
      add("", str(b.text));
      break;
  }
  if (lines.length === 0) return null;
  return (
    <p className="thread-body">
      {lines.map((l, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: fixed order of lines
        <span key={i} className="thread-line">
          {l}
        </span>
      ))}
    </p>
  );
}

/** The "Send to …" action: a kind among those allowed, then its form. */
function SendTo({ c, thread, kinds, partnerName }: { c: ExchangeCase; thread: Thread; kinds: Kind[]; partnerName: string }) {
  const { t } = useTranslation("exchange");
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<Kind | "">("");
  const chosen = kind && kinds.includes(kind) ? kind : (kinds[0] ?? "");
  if (!open)
    return (
      <p>
        <button type="button" onClick={() => setOpen(true)} disabled={kinds.length === 0}>
          {t("send.open", { partner: partnerName })}
        </button>
        {kinds.length === 0 && <span className="muted"> {t("send.nothingAllowed")}</span>}
      </p>
    );
  return (
    <div className="card stack send-to" data-testid="send-to">
      <h3>{t("send.heading", { partner: partnerName })}</h3>
      <label>
        {t("send.what")}
        <select value={chosen} onChange={(e) => setKind(e.target.value as Kind)}>
          {kinds.map((k) => (
            <option key={k} value={k}>
              {kindWords(k)}
            </option>
          ))}
        </select>
      </label>
      {chosen && <SendForm key={chosen} c={c} thread={thread} kind={chosen} onDone={() => setOpen(false)} />}
    </div>
  );
}

function SendForm({ c, thread, kind, onDone }: { c: ExchangeCase; thread: Thread; kind: Kind; onDone: () => void }) {
  const { t } = useTranslation("exchange");
  const qc = useQueryClient();
  const [f, setF] = useState<Record<string, string>>({});
  const [picked, setPicked] = useState<string[]>([]);
  const [flag, setFlag] = useState(false);
  const set = (k: string) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const v = (k: string) => f[k] ?? "";
  const opt = (k: string) => (v(k).trim() ? v(k).trim() : null);
  const toggle = (id: string, on: boolean) => setPicked(on ? [...picked, id] : picked.filter((x) => x !== id));
  const queries = unansweredQueries(thread);
  const inReplyTo = v("inReplyTo") || queries[0]?.id || "";
  const send = useMutation({
    mutationFn: () => {
      const body: Record<string, unknown> = { kind, version: c.version };
      switch (kind) {
        case "request":
          Object.assign(body, { facts: opt("facts"), confirmsOralRequestOf: opt("oralOn") });
          break;
        case "acknowledgement":
          Object.assign(body, { executingAuthority: opt("executingAuthority") });
          break;
        case "query":
          Object.assign(body, {
            purpose: v("purpose") || "more_information",
            text: v("text"),
            conditionsOffered: opt("conditionsOffered"),
            answerBy: opt("answerBy"),
          });
          break;
        case "reply":
          Object.assign(body, {
            inReplyTo,
            text: v("text"),
            conditionsAccepted: v("conditionsAccepted") === "" ? null : v("conditionsAccepted") === "yes",
            documentIds: picked,
          });
          break;
        case "decision": {
          const outcome = v("outcome") || "accepted";
          Object.assign(body, {
            outcome,
            grounds: f.grounds ? f.grounds.split(",").filter(Boolean) : [],
            reasons: opt("reasons") ?? undefined,
            refusedMeasures: outcome === "partially_refused" ? picked : undefined,
          });
          break;
        }
        case "execution_report": {
          const reasons = Object.fromEntries(c.measures.map((m) => [m.id, v(`reason-${m.id}`).trim()]).filter(([, r]) => r));
          Object.assign(body, { final: flag, partlyDone: picked, reasons });
          break;
        }
        case "evidence":
          Object.assign(body, {
            documents: picked.map((id) => ({
              documentId: id,
              description: v(`desc-${id}`).trim() || (c.documents.find((d) => d.id === id)?.filename ?? t("form.defaultDocument")),
            })),
            permittedPurposes: v("purposes")
              .split(";")
              .map((x) => x.trim())
              .filter(Boolean),
            final: flag,
          });
          break;
        case "notice":
          Object.assign(body, {
            topic: v("topic") || "other",
            text: v("text"),
            dates: opt("dateOn") ? [{ label: v("dateLabel").trim() || t("form.defaultDate"), on: v("dateOn") }] : [],
          });
          break;
        case "withdrawal":
          Object.assign(body, { reasons: opt("reasons") });
          break;
        case "closing":
          Object.assign(body, { text: opt("text") });
          break;
      }
      return api(`/cases/${c.id}/exchange/send`, { method: "POST", body });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ["cases"] });
      void qc.invalidateQueries({ queryKey: ["exchange"] });
      onDone();
    },
    onError: (err) => {
      if (isVersionConflict(err)) void qc.invalidateQueries({ queryKey: ["cases", "one", c.id] });
    },
  });
  const groundsChosen = f.grounds ? f.grounds.split(",").filter(Boolean) : [];
  const offeredGrounds = [...new Map((c.basis?.refusalGrounds ?? []).map((g) => [g.ground, g])).values()];
  const outcome = v("outcome") || "accepted";
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        send.mutate();
      }}
    >
      {kind === "request" && (
        <>
          <p className="muted">{t("form.requestNote")}</p>
          <label>
            {t("form.facts")}
            <textarea rows={4} value={v("facts")} onChange={set("facts")} maxLength={LIMITS.messageText} />
          </label>
          <label>
            {t("form.oralOn")}
            <input type="date" value={v("oralOn")} onChange={set("oralOn")} />
          </label>
        </>
      )}
      {kind === "acknowledgement" && (
        <label>
          {t("form.executingAuthority")}
          <input value={v("executingAuthority")} onChange={set("executingAuthority")} maxLength={LIMITS.authority} />
        </label>
      )}
      {kind === "query" && (
        <>
          <label>
            {t("form.purpose")}
            <select value={v("purpose") || "more_information"} onChange={set("purpose")}>
              {QUERY_PURPOSES.map((k) => (
                <option key={k} value={k}>
                  {queryPurposeWords(k)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("form.question")}
            <textarea rows={4} value={v("text")} onChange={set("text")} required minLength={3} maxLength={LIMITS.messageText} />
          </label>
          {(v("purpose") || "more_information") !== "more_information" && (
            <label>
              {t("form.conditionsOffered")}
              <textarea rows={3} value={v("conditionsOffered")} onChange={set("conditionsOffered")} maxLength={LIMITS.messageText} />
            </label>
          )}
          <label>
            {t("form.answerBy")}
            <input type="date" value={v("answerBy")} onChange={set("answerBy")} />
          </label>
        </>
      )}
      {kind === "reply" && (
        <>
          <label>
            {t("form.inReplyTo")}
            <select value={inReplyTo} onChange={set("inReplyTo")}>
              {queries.map((q) => (
                <option key={q.id} value={q.id}>
                  {formatDateTime(q.sentAt)}: {String(q.body.text ?? "").slice(0, 80)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("form.reply")}
            <textarea rows={4} value={v("text")} onChange={set("text")} required minLength={3} maxLength={LIMITS.messageText} />
          </label>
          {queries.find((q) => q.id === inReplyTo)?.body.conditionsOffered ? (
            <label>
              {t("form.theConditions")}
              <select value={v("conditionsAccepted")} onChange={set("conditionsAccepted")}>
                <option value="">{t("form.notAnswered")}</option>
                <option value="yes">{t("form.areAccepted")}</option>
                <option value="no">{t("form.areNotAccepted")}</option>
              </select>
            </label>
          ) : null}
          <DocumentPicker c={c} picked={picked} toggle={toggle} legend={t("form.replyDocuments")} />
        </>
      )}
      {kind === "decision" && (
        <>
          <label>
            {t("form.decision")}
            <select value={outcome} onChange={set("outcome")}>
              {OUTCOMES.map((k) => (
                <option key={k} value={k}>
                  {outcomeWords(k)}
                </option>
              ))}
            </select>
          </label>
          {outcome === "partially_refused" && (
            <fieldset>
              <legend>{t("form.measuresRefused")}</legend>
              {c.measures.map((m) => (
                <label key={m.id} className="check">
                  <input type="checkbox" checked={picked.includes(m.id)} onChange={(e) => toggle(m.id, e.target.checked)} />
                  {measureWords(m.measure)}: {m.description}
                </label>
              ))}
            </fieldset>
          )}
          {outcome !== "accepted" && (
            <fieldset>
              <legend>{t("form.grounds")}</legend>
              {offeredGrounds.length === 0 && <span className="muted">{t("form.noGround")}</span>}
              {offeredGrounds.map((g) => (
                <label key={g.ground} className="check">
                  <input
                    type="checkbox"
                    checked={groundsChosen.includes(g.ground)}
                    onChange={(e) =>
                      setF({
                        ...f,
                        grounds: (e.target.checked ? [...groundsChosen, g.ground] : groundsChosen.filter((x) => x !== g.ground)).join(","),
                      })
                    }
                  />
                  {codeLabel(g.ground)} <span className="muted">({g.cite})</span>
                </label>
              ))}
            </fieldset>
          )}
          {outcome !== "accepted" && (
            <label>
              {t("form.decisionReasons")}
              <textarea rows={3} value={v("reasons")} onChange={set("reasons")} maxLength={LIMITS.messageText} />
            </label>
          )}
        </>
      )}
      {kind === "execution_report" && (
        <>
          <fieldset>
            <legend>{t("form.measures")}</legend>
            {c.measures.map((m) => (
              <div key={m.id} className="stack measure-report">
                <span>
                  {measureWords(m.measure)}: {m.description} <span className="badge">{codeLabel(m.status)}</span>
                </span>
                <label className="check">
                  <input type="checkbox" checked={picked.includes(m.id)} onChange={(e) => toggle(m.id, e.target.checked)} />
                  {t("form.partlyDone")}
                </label>
                <label>
                  {t("form.measureReasons")}
                  <input value={v(`reason-${m.id}`)} onChange={set(`reason-${m.id}`)} maxLength={LIMITS.messageText} />
                </label>
              </div>
            ))}
          </fieldset>
          <label className="check">
            <input type="checkbox" checked={flag} onChange={(e) => setFlag(e.target.checked)} />
            {t("form.executionOver")}
          </label>
        </>
      )}
      {kind === "evidence" && (
        <>
          <fieldset>
            <legend>{t("form.documentsHandedOver")}</legend>
            {c.documents.length === 0 && <span className="muted">{t("form.addDocumentsFirst")}</span>}
            {c.documents.map((d) => (
              <div key={d.id} className="stack">
                <label className="check">
                  <input type="checkbox" checked={picked.includes(d.id)} onChange={(e) => toggle(d.id, e.target.checked)} />
                  {d.filename} <span className="muted">({codeLabel(d.kind)})</span>
                </label>
                {picked.includes(d.id) && (
                  <label>
                    {t("form.descriptionOf", { filename: d.filename })}
                    <input value={v(`desc-${d.id}`)} onChange={set(`desc-${d.id}`)} required minLength={3} maxLength={LIMITS.description} />
                  </label>
                )}
              </div>
            ))}
          </fieldset>
          <label>
            {t("form.purposes")}
            <input value={v("purposes")} onChange={set("purposes")} maxLength={(LIMITS.permittedPurpose + 2) * LIMITS.permittedPurposes} />
          </label>
          <label className="check">
            <input type="checkbox" checked={flag} onChange={(e) => setFlag(e.target.checked)} />
            {t("form.allEvidence")}
          </label>
        </>
      )}
      {kind === "notice" && (
        <>
          <label>
            {t("form.about")}
            <select value={v("topic") || "other"} onChange={set("topic")}>
              {NOTICE_TOPICS.map((k) => (
                <option key={k} value={k}>
                  {noticeTopicWords(k)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("form.notice")}
            <textarea rows={4} value={v("text")} onChange={set("text")} required minLength={3} maxLength={LIMITS.messageText} />
          </label>
          <div className="form-grid">
            <label>
              {t("form.dateWhat")}
              <input
                value={v("dateLabel")}
                onChange={set("dateLabel")}
                placeholder={t("form.datePlaceholder")}
                maxLength={LIMITS.noticeDateLabel}
              />
            </label>
            <label>
              {t("form.on")}
              <input type="date" value={v("dateOn")} onChange={set("dateOn")} />
            </label>
          </div>
        </>
      )}
      {kind === "withdrawal" && (
        <label>
          {t("form.withdrawalReasons")}
          <textarea rows={3} value={v("reasons")} onChange={set("reasons")} maxLength={LIMITS.messageText} />
        </label>
      )}
      {kind === "closing" && (
        <label>
          {t("form.closingNote")}
          <textarea rows={3} value={v("text")} onChange={set("text")} maxLength={LIMITS.messageText} />
        </label>
      )}
      <div>
        <button type="submit" disabled={send.isPending}>
          {send.isPending ? t("form.sending") : t(`form.sendKind.${kind}`)}
        </button>{" "}
        <button type="button" className="link-button" onClick={onDone}>
          {t("form.cancel")}
        </button>
      </div>
      {send.error && (
        <p className="error" role="alert">
          {errorWords(send.error)}
        </p>
      )}
    </form>
  );
}

function DocumentPicker({
  c,
  picked,
  toggle,
  legend,
}: {
  c: ExchangeCase;
  picked: string[];
  toggle: (id: string, on: boolean) => void;
  legend: string;
}) {
  if (c.documents.length === 0) return null;
  return (
    <fieldset>
      <legend>{legend}</legend>
      {c.documents.map((d) => (
        <label key={d.id} className="check">
          <input type="checkbox" checked={picked.includes(d.id)} onChange={(e) => toggle(d.id, e.target.checked)} />
          {d.filename} <span className="muted">({codeLabel(d.kind)})</span>
        </label>
      ))}
    </fieldset>
  );
}
