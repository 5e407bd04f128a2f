/**
 * The request writer: a guided interview, one topic per step, that drafts an outgoing request. The law
 * the draft relies on and its checklist are computed here as the user types, with the same code the
 * server runs before approval; the draft is saved as the user goes; the document is previewed live and
 * downloaded in Word or PDF; approval opens the outgoing case.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { type CheckResult, type ChecklistEntry, checkDraft } from "../../../src/drafting/checker";
import { type Block, buildRequestDocument } from "../../../src/drafting/document";
import {
  DOCUMENT_LANGUAGES,
  type DocumentLanguage,
  type DraftContent,
  MEASURE_FIELDS,
  type MeasureField,
  type MeasureRequest,
  STEPS,
  type StepId,
  measureRequestSchema,
  measureValue,
  offenceSchema,
  personSchema,
} from "../../../src/drafting/draft";
import { FIXED_TEXT } from "../../../src/drafting/fixed-text";
import { type DraftLaw, lawForDraft } from "../../../src/drafting/law";
import { MEASURES, type Measure, OFFENCE_FAMILIES } from "../../../src/law/codes";
import { ICCS_SECTIONS } from "../../../src/law/iccs";
import { ApiError, CONFIDENTIALITY_LABELS, type Confidentiality, api, errorText, isVersionConflict } from "../api";
import { label, formatDateTime } from "../format";
import { useKnowledgeFiles } from "../knowledge";
import { Link } from "../Link";
import { navigate } from "../router";
import { JurisdictionPicker } from "../components/JurisdictionPicker";
import { measureLabel } from "../labels";

interface DraftView {
  id: string;
  title: string;
  version: number;
  content: DraftContent;
  caseId: string | null;
  caseReference: string | null;
  updatedAt: string;
}
interface DraftSummary {
  id: string;
  title: string;
  requesting: string;
  requested: string;
  caseReference: string | null;
  updatedAt: string;
  version: number;
}

const LANGUAGE_NAMES: Record<DocumentLanguage, string> = {
  en: "English",
  fr: "French",
  es: "Spanish",
  ru: "Russian",
  zh: "Chinese",
  ar: "Arabic",
};

/** The list of the user's drafts, with a form to start one. */
export function Drafts() {
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ["drafts"], queryFn: () => api<DraftSummary[]>("/drafts") });
  const [title, setTitle] = useState("");
  const create = useMutation({
    mutationFn: () => api<DraftView>("/drafts", { method: "POST", body: { title } }),
    onSuccess: (d) => {
      qc.invalidateQueries({ queryKey: ["drafts"] });
      navigate(`/drafts/${d.id}`);
    },
  });
  const duplicate = useMutation({
    mutationFn: (id: string) => api<DraftView>(`/drafts/${id}/duplicate`, { method: "POST" }),
    onSuccess: (d) => {
      qc.invalidateQueries({ queryKey: ["drafts"] });
      navigate(`/drafts/${d.id}`);
    },
  });
  const remove = useMutation({
    mutationFn: (d: { id: string; version: number }) => api<void>(`/drafts/${d.id}?version=${d.version}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["drafts"] }),
    // Saved in another tab since this list was shown: reload the list so the newer draft is seen before deleting it.
    onError: (err) => {
      if (isVersionConflict(err)) void qc.invalidateQueries({ queryKey: ["drafts"] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <section>
      <h1>Request writer</h1>
      <p className="lead">
        Drafts of outgoing requests. The interview asks what the legal basis requires, checks it as you type, and produces the request in
        Word and PDF. Drafts are yours alone until approved; they are saved as you go.
      </p>
      <form className="inline-form card" onSubmit={submit}>
        <label>
          Title of the new request
          <input value={title} onChange={(e) => setTitle(e.target.value)} minLength={3} maxLength={300} required size={50} />
        </label>
        <button type="submit" disabled={create.isPending}>
          New request
        </button>
        {create.error && <p className="error">{errorText(create.error)}</p>}
      </form>
      {list.isLoading && <p>Loading…</p>}
      {list.error && <p className="error">{errorText(list.error)}</p>}
      {remove.error && (
        <p className="error" role="alert">
          {errorText(remove.error)}
        </p>
      )}
      {list.data && list.data.length === 0 && <p className="hint">No drafts yet.</p>}
      {list.data && list.data.length > 0 && (
        <table className="data">
          <thead>
            <tr>
              <th>Title</th>
              <th>From → to</th>
              <th>Case</th>
              <th>Saved</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.map((d) => (
              <tr key={d.id}>
                <td>
                  <Link to={`/drafts/${d.id}`}>{d.title}</Link>
                </td>
                <td>
                  {d.requesting || "?"} → {d.requested || "?"}
                </td>
                <td>{d.caseReference ?? "—"}</td>
                <td>{formatDateTime(d.updatedAt)}</td>
                <td className="actions">
                  <button type="button" className="link-button" onClick={() => duplicate.mutate(d.id)}>
                    Duplicate as template
                  </button>
                  {!d.caseReference && (
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => window.confirm(`Delete the draft "${d.title}"?`) && remove.mutate({ id: d.id, version: d.version })}
                    >
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

type SaveState =
  | { kind: "saved"; at: string }
  | { kind: "saving" }
  | { kind: "dirty" }
  | { kind: "conflict"; message: string }
  | { kind: "error"; message: string };

/** One draft in the interview. */
export function DraftEditor({ id }: { id: string }) {
  const knowledge = useKnowledgeFiles();
  const loaded = useQuery({ queryKey: ["draft", id], queryFn: () => api<DraftView>(`/drafts/${id}`), refetchOnWindowFocus: false });
  const jurisdictions = useQuery({
    queryKey: ["jurisdictions"],
    queryFn: () => api<{ code: string; name: string }[]>("/jurisdictions"),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const [content, setContent] = useState<DraftContent | null>(null);
  const [step, setStep] = useState<StepId>("basis");
  const [save, setSave] = useState<SaveState>({ kind: "saved", at: "" });
  const version = useRef(0);
  const pending = useRef<DraftContent | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    if (loaded.data && content === null) {
      setContent(loaded.data.content);
      version.current = loaded.data.version;
      setSave({ kind: "saved", at: loaded.data.updatedAt });
    }
  }, [loaded.data, content]);

  const flush = useCallback(
    async (keepalive = false) => {
      const next = pending.current;
      if (!next) return;
      pending.current = null;
      setSave({ kind: "saving" });
      try {
        const saved = await api<DraftView>(`/drafts/${id}`, {
          method: "PUT",
          body: { version: version.current, content: next },
          keepalive,
        });
        version.current = saved.version;
        setSave({ kind: "saved", at: saved.updatedAt });
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) setSave({ kind: "conflict", message: err.message });
        else {
          // A dropped connection or a server error: keep the changes and try again shortly, typing or not.
          pending.current = pending.current ?? next;
          setSave({ kind: "error", message: errorText(err) });
          if (timer.current) clearTimeout(timer.current);
          timer.current = setTimeout(() => void flushRef.current(), 5000);
        }
      }
    },
    [id],
  );

  const flushRef = useRef(flush);
  flushRef.current = flush;

  // Saved as the user goes: shortly after each change, and at once when the tab is hidden or closed.
  const update = useCallback(
    (patch: (d: DraftContent) => DraftContent) => {
      setContent((prev) => {
        if (!prev) return prev;
        const next = patch(prev);
        pending.current = next;
        return next;
      });
      setSave({ kind: "dirty" });
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), 700);
    },
    [flush],
  );
  useEffect(() => {
    const hide = () => {
      if (document.visibilityState === "hidden") void flush(true);
    };
    const leave = () => void flush(true);
    document.addEventListener("visibilitychange", hide);
    window.addEventListener("pagehide", leave);
    return () => {
      document.removeEventListener("visibilitychange", hide);
      window.removeEventListener("pagehide", leave);
      void flush(true);
    };
  }, [flush]);

  const law = useMemo(
    () => (knowledge.data && content ? lawForDraft(knowledge.data.kb, knowledge.data.files, content) : null),
    [knowledge.data, content],
  );
  const check = useMemo(() => (content && law ? checkDraft(content, law) : null), [content, law]);

  if (loaded.isLoading || knowledge.isLoading) return <p>Loading…</p>;
  if (loaded.error) return <p className="error">{errorText(loaded.error)}</p>;
  if (!content || !check || !loaded.data) return <p>Loading…</p>;
  const draft = loaded.data;
  const stepIndex = STEPS.findIndex((s) => s.id === step);
  const go = (i: number) => setStep(STEPS[Math.max(0, Math.min(STEPS.length - 1, i))]?.id ?? "basis");

  return (
    <section className="writer">
      <header className="writer-head">
        <h1>{draft.title}</h1>
        <SaveIndicator state={save} />
        {draft.caseId && (
          <p className="notice">
            This draft became case <Link to={`/cases/${draft.caseId}`}>{draft.caseReference}</Link>. Edits here can be regenerated as a new
            version of its documents.
          </p>
        )}
      </header>
      <div className="writer-grid">
        <nav className="steps" aria-label="Steps">
          <p className="hint">
            Step {stepIndex + 1} of {STEPS.length}
          </p>
          <progress max={STEPS.length} value={stepIndex + 1} />
          <ol>
            {STEPS.map((s) => {
              const open = check.entries.filter((e) => e.step === s.id && !e.satisfied);
              const blocked = open.some((e) => e.level === "required");
              return (
                <li key={s.id} className={s.id === step ? "current" : ""}>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => setStep(s.id)}
                    aria-current={s.id === step ? "step" : undefined}
                  >
                    {s.title}
                  </button>
                  {blocked ? <span className="mark no"> ●</span> : open.length > 0 ? <span className="mark warn"> ●</span> : null}
                </li>
              );
            })}
          </ol>
        </nav>
        <div className="step-body">
          <h2>{STEPS[stepIndex]?.title}</h2>
          <StepForm
            step={step}
            content={content}
            update={update}
            law={law && "relied" in law && law.answer ? (law as DraftLaw) : null}
            check={check}
            jurisdictions={jurisdictions.data ?? []}
            draft={draft}
            savedVersion={() => version.current}
          />
          <div className="step-nav">
            <button type="button" disabled={stepIndex === 0} onClick={() => go(stepIndex - 1)}>
              ← Previous
            </button>
            <button type="button" disabled={stepIndex === STEPS.length - 1} onClick={() => go(stepIndex + 1)}>
              Next →
            </button>
          </div>
        </div>
        <aside className="checklist" aria-label="Checklist">
          <Checklist check={check} onGo={setStep} />
        </aside>
      </div>
    </section>
  );
}

function SaveIndicator({ state }: { state: SaveState }) {
  switch (state.kind) {
    case "saved":
      return <p className="hint save-state">All changes saved{state.at ? ` (${formatDateTime(state.at)})` : ""}.</p>;
    case "saving":
      return <p className="hint save-state">Saving…</p>;
    case "dirty":
      return <p className="hint save-state">Unsaved changes…</p>;
    case "conflict":
      return (
        <p className="error save-state" role="alert">
          {state.message}{" "}
          <button type="button" onClick={() => window.location.reload()}>
            Reload
          </button>
        </p>
      );
    case "error":
      return (
        <p className="error save-state" role="alert">
          Not saved: {state.message}. Your changes are kept on this page; saving is retried every few seconds.
        </p>
      );
  }
}

/** The live checklist: what blocks approval (with the provision), what is advised, and the risks. */
function Checklist({ check, onGo }: { check: CheckResult; onGo: (s: StepId) => void }) {
  const item = (e: ChecklistEntry) => (
    <li key={e.id}>
      <button type="button" className="link-button" onClick={() => onGo(e.step)}>
        {e.label}
      </button>
      {e.citations.length > 0 && <span className="cite-list"> — {[...new Set(e.citations.map((c) => c.cite))].join("; ")}</span>}
      {e.source === "practice" && <span className="hint"> (practice)</span>}
    </li>
  );
  return (
    <div>
      <h2>Checklist</h2>
      {check.ready ? (
        <p className="ok" data-testid="checklist-status">
          Complete: nothing the basis requires is missing.
        </p>
      ) : (
        <p className="error" data-testid="checklist-status">
          {check.blocking.length} required item{check.blocking.length === 1 ? "" : "s"} missing: approval is blocked.
        </p>
      )}
      {check.blocking.length > 0 && (
        <ul className="blocking" data-testid="blocking">
          {check.blocking.map(item)}
        </ul>
      )}
      {check.warnings.length > 0 && (
        <>
          <h3>Advised</h3>
          <ul className="warnings" data-testid="warnings">
            {check.warnings.map(item)}
          </ul>
        </>
      )}
      {check.risks.length > 0 && (
        <>
          <h3>Risks of refusal</h3>
          <ul className="risks" data-testid="risks">
            {check.risks.map((r) => (
              <li key={`${r.citation.provision}-${r.offenceIndex ?? ""}`}>{r.message}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

interface StepProps {
  step: StepId;
  content: DraftContent;
  update: (patch: (d: DraftContent) => DraftContent) => void;
  law: DraftLaw | null;
  check: CheckResult;
  jurisdictions: { code: string; name: string }[];
  draft: DraftView;
  /** The version of the last save: approving sends it, so a save from another tab since is not approved unseen. */
  savedVersion: () => number;
}

/** Help under a field: which provision requires it (or that practice advises it), from the live checklist. */
function Why({ check, field }: { check: CheckResult; field: string }) {
  const entries = check.entries.filter((e) => e.field === field || (field.endsWith(".") && e.field.startsWith(field)));
  if (entries.length === 0) return null;
  const law = entries.filter((e) => e.source === "law");
  const cites = [...new Set(law.flatMap((e) => e.citations.map((c) => c.cite)))];
  const required = law.some((e) => e.level === "required");
  return (
    <span className={`why ${required ? "required" : ""}`}>
      {law.length > 0
        ? `${required ? "Required" : "Advised"} by ${cites.join("; ")}`
        : "Advised: requests without it are often returned for more information"}
    </span>
  );
}

function Text({
  label: text,
  value,
  onChange,
  long,
  field,
  check,
  type,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  long?: boolean;
  field?: string;
  check?: CheckResult;
  type?: string;
}) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the label wraps a textarea or an input, whichever the field needs.
    <label className={long ? "wide" : ""}>
      {text}
      {long ? (
        <textarea value={value} onChange={(e) => onChange(e.target.value)} rows={6} dir="auto" />
      ) : (
        <input value={value} onChange={(e) => onChange(e.target.value)} type={type ?? "text"} dir="auto" />
      )}
      {field && check && <Why check={check} field={field} />}
    </label>
  );
}

function StepForm(p: StepProps): ReactNode {
  const { content: d, update, check } = p;
  const set = <K extends keyof DraftContent>(key: K, value: DraftContent[K]) => update((x) => ({ ...x, [key]: value }));
  switch (p.step) {
    case "basis":
      return <BasisStep {...p} />;
    case "authority":
      return (
        <div className="form-grid">
          <Text
            label="Central authority sending the request (letterhead)"
            value={d.authority.centralAuthority}
            onChange={(v) => set("authority", { ...d.authority, centralAuthority: v })}
          />
          <Text
            label="Its address"
            long
            value={d.authority.centralAuthorityAddress}
            onChange={(v) => set("authority", { ...d.authority, centralAuthorityAddress: v })}
          />
          <Text
            label="Authority conducting the investigation or proceedings"
            value={d.authority.conductedBy}
            onChange={(v) => set("authority", { ...d.authority, conductedBy: v })}
            field="authority.conductedBy"
            check={check}
          />
          <Text
            label="Its functions"
            value={d.authority.conductedByFunctions}
            onChange={(v) => set("authority", { ...d.authority, conductedByFunctions: v })}
            field="authority.conductedByFunctions"
            check={check}
          />
          <Text label="Our reference" value={d.ourReference} onChange={(v) => set("ourReference", v)} />
          <Text label="The requested state's reference (if any)" value={d.theirReference} onChange={(v) => set("theirReference", v)} />
        </div>
      );
    case "subject":
      return (
        <div className="form-grid">
          <label>
            Nature of the case
            <select
              value={d.subject.nature}
              onChange={(e) => set("subject", { ...d.subject, nature: e.target.value as DraftContent["subject"]["nature"] })}
            >
              {Object.entries(FIXED_TEXT.en.natures).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </select>
          </label>
          <Text
            label="Subject of the investigation or proceedings"
            long
            value={d.subject.description}
            onChange={(v) => set("subject", { ...d.subject, description: v })}
            field="subject.description"
            check={check}
          />
          <Text
            label="Stage of the proceedings"
            long
            value={d.subject.stage}
            onChange={(v) => set("subject", { ...d.subject, stage: v })}
            field="subject.stage"
            check={check}
          />
        </div>
      );
    case "facts":
      return (
        <div className="form-grid">
          <Text label="Summary of the facts" long value={d.facts} onChange={(v) => set("facts", v)} field="facts" check={check} />
          <p className="hint wide">
            Who did what, when and where; enough for the requested state to see the link between the facts and the assistance sought.
          </p>
        </div>
      );
    case "offences":
      return <OffencesStep {...p} />;
    case "purpose":
      return (
        <div className="form-grid">
          <Text label="Purpose of the request" long value={d.purpose} onChange={(v) => set("purpose", v)} field="purpose" check={check} />
          <Text
            label="How the evidence sought relates to the case"
            long
            value={d.relevance}
            onChange={(v) => set("relevance", v)}
            field="relevance"
            check={check}
          />
        </div>
      );
    case "measures":
      return <MeasuresStep {...p} />;
    case "procedures":
      return (
        <div className="form-grid">
          <label className="check wide">
            <input
              type="checkbox"
              checked={d.procedures.none}
              onChange={(e) => set("procedures", { ...d.procedures, none: e.target.checked })}
            />
            No particular procedure is needed
          </label>
          {!d.procedures.none && (
            <Text
              label="Procedures to be followed (formalities, certification, presence of officials, oath)"
              long
              value={d.procedures.text}
              onChange={(v) => set("procedures", { ...d.procedures, text: v })}
              field="procedures.text"
              check={check}
            />
          )}
        </div>
      );
    case "confidentiality":
      return (
        <div className="form-grid">
          <label>
            Confidentiality level of the case
            <select value={d.confidentiality} onChange={(e) => set("confidentiality", e.target.value as Confidentiality)}>
              {(Object.keys(CONFIDENTIALITY_LABELS) as Confidentiality[]).map((l) => (
                <option key={l} value={l}>
                  {CONFIDENTIALITY_LABELS[l]}
                </option>
              ))}
            </select>
          </label>
          <YesNo
            question="Must the requested state keep the request confidential?"
            answer={d.confidentialityRequest.answered ? d.confidentialityRequest.required : null}
            onAnswer={(required) => set("confidentialityRequest", { ...d.confidentialityRequest, answered: true, required })}
            check={check}
            field="confidentialityRequest"
          />
          {d.confidentialityRequest.required && (
            <Text
              label="Why (e.g. a suspect could be warned)"
              long
              value={d.confidentialityRequest.reasons}
              onChange={(v) => set("confidentialityRequest", { ...d.confidentialityRequest, reasons: v })}
            />
          )}
        </div>
      );
    case "urgency":
      return (
        <div className="form-grid">
          <YesNo
            question="Is the request urgent or bound by a time limit?"
            answer={d.urgency.answered ? d.urgency.urgent : null}
            onAnswer={(urgent) => set("urgency", { ...d.urgency, answered: true, urgent })}
            check={check}
            field="urgency"
          />
          {d.urgency.urgent && (
            <>
              <Text
                label="Execute by"
                type="date"
                value={d.urgency.respondBy}
                onChange={(v) => set("urgency", { ...d.urgency, respondBy: v })}
              />
              <Text
                label="Reason for urgency (trial date, custody time limit …)"
                long
                value={d.urgency.reason}
                onChange={(v) => set("urgency", { ...d.urgency, reason: v })}
              />
            </>
          )}
        </div>
      );
    case "contacts":
      return (
        <ListEditor
          items={d.contacts}
          empty={{ name: "", role: "", phone: "", email: "" }}
          onChange={(v) => set("contacts", v)}
          addLabel="Add a contact"
          render={(c, change) => (
            <div className="form-grid">
              <Text label="Name" value={c.name} onChange={(v) => change({ ...c, name: v })} />
              <Text label="Role" value={c.role} onChange={(v) => change({ ...c, role: v })} />
              <Text label="Telephone" value={c.phone} onChange={(v) => change({ ...c, phone: v })} />
              <Text label="E-mail" value={c.email} onChange={(v) => change({ ...c, email: v })} />
            </div>
          )}
        />
      );
    case "annexes":
      return (
        <>
          <ListEditor
            items={d.annexes}
            empty={{ title: "" }}
            onChange={(v) => set("annexes", v)}
            addLabel="Add an annex"
            render={(a, change) => <Text label="Annex" value={a.title} onChange={(v) => change({ title: v })} />}
          />
          <h3>Signature</h3>
          <div className="form-grid">
            <Text
              label="Name of the signatory"
              value={d.signatory.name}
              onChange={(v) => set("signatory", { ...d.signatory, name: v })}
              field="signatory.name"
              check={check}
            />
            <Text label="Title" value={d.signatory.title} onChange={(v) => set("signatory", { ...d.signatory, title: v })} />
            <Text label="Place of signature" value={d.signatory.place} onChange={(v) => set("signatory", { ...d.signatory, place: v })} />
          </div>
        </>
      );
    case "review":
      return <ReviewStep {...p} />;
  }
}

/** A yes/no question whose "not answered yet" matters (the checklist asks for an answer either way). */
function YesNo({
  question,
  answer,
  onAnswer,
  check,
  field,
}: {
  question: string;
  answer: boolean | null;
  onAnswer: (v: boolean) => void;
  check: CheckResult;
  field: string;
}) {
  return (
    <fieldset className="wide">
      <legend>{question}</legend>
      {[true, false].map((v) => (
        <label key={String(v)} className="check">
          <input type="radio" name={field} checked={answer === v} onChange={() => onAnswer(v)} />
          {v ? "Yes" : "No"}
        </label>
      ))}
      <Why check={check} field={field} />
    </fieldset>
  );
}

/** A state chosen from the jurisdictions list. */
function StateSelect({
  label: text,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (code: string) => void;
  jurisdictions: { code: string; name: string }[];
}) {
  return <JurisdictionPicker label={text} value={value} onChange={onChange} />;
}

function BasisStep({ content: d, update, law, jurisdictions, check }: StepProps) {
  const set = (patch: Partial<DraftContent>) => update((x) => ({ ...x, ...patch }));
  const toggleMeasure = (m: Measure, on: boolean) =>
    update((x) => ({
      ...x,
      measures: on ? [...x.measures, measureRequestSchema.parse({ measure: m })] : x.measures.filter((r) => r.measure !== m),
    }));
  const chosen = new Set(d.measures.map((m) => m.measure));
  const bases = law?.answer.bases ?? [];
  const main = law?.relied.find((r) => r.main);
  const requirements = law?.relied.flatMap((r) => r.answer.requirements.map((q) => ({ ...q, basis: r.title }))) ?? [];
  return (
    <>
      <div className="form-grid">
        <StateSelect
          label="Requesting state"
          value={d.requesting}
          onChange={(v) => set({ requesting: v, basisInstrument: "", alsoRelyOn: [] })}
          jurisdictions={jurisdictions}
        />
        <StateSelect
          label="Requested state"
          value={d.requested}
          onChange={(v) => set({ requested: v, basisInstrument: "", alsoRelyOn: [] })}
          jurisdictions={jurisdictions}
        />
        <Text
          label="Date of the request"
          type="date"
          value={d.requestDate}
          onChange={(v) => set({ requestDate: v, basisInstrument: "", alsoRelyOn: [] })}
        />
        <label>
          Language of the document
          <select value={d.language} onChange={(e) => set({ language: e.target.value as DocumentLanguage })}>
            {DOCUMENT_LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="measures">
        <legend>Measures sought</legend>
        {MEASURES.map((m) => (
          <label key={m} className="check">
            <input type="checkbox" checked={chosen.has(m)} onChange={(e) => toggleMeasure(m, e.target.checked)} />
            {measureLabel(m)}
          </label>
        ))}
      </fieldset>
      {check.entries
        .filter((e) => e.source === "setup")
        .map((e) => (
          <p key={e.id} className="error">
            {e.label}
          </p>
        ))}
      {law && (
        <div className="card">
          <h3>Legal basis</h3>
          <p className="hint">
            Applicable on {d.requestDate}, in order of precedence. The request is made under one; it may rely on others in the alternative.
          </p>
          <ul className="bases">
            {bases.map((b) => (
              <li key={b.instrument}>
                <label className="check">
                  <input
                    type="radio"
                    name="main-basis"
                    checked={main?.instrument === b.instrument}
                    onChange={() => set({ basisInstrument: b.instrument, alsoRelyOn: d.alsoRelyOn.filter((x) => x !== b.instrument) })}
                  />
                  {b.title}
                </label>
                {main?.instrument !== b.instrument && (
                  <label className="check alternative">
                    <input
                      type="checkbox"
                      checked={d.alsoRelyOn.includes(b.instrument)}
                      onChange={(e) =>
                        set({
                          alsoRelyOn: e.target.checked ? [...d.alsoRelyOn, b.instrument] : d.alsoRelyOn.filter((x) => x !== b.instrument),
                        })
                      }
                    />
                    also rely on it
                  </label>
                )}
                {b.condition && <span className="condition"> {b.condition}</span>}
              </li>
            ))}
          </ul>
          <h3>What the bases relied on demand of the request</h3>
          {requirements.length === 0 ? (
            <p className="hint">
              No rule on the contents of requests is recorded for {main?.title}. The checklist shows what practice expects; rely on another
              basis in the alternative to apply its rules too.
            </p>
          ) : (
            <ul>
              {requirements.map((r) => (
                <li key={`${r.basis}-${r.item}-${r.level}`}>
                  {label(r.item)} — {r.level}
                  {r.measures ? ` (for ${r.measures.map(label).join(", ")})` : ""}: {r.citations.map((c) => c.cite).join("; ")}
                </li>
              ))}
            </ul>
          )}
          {main && main.answer.languages.length > 0 && (
            <p>
              Language: {main.answer.languages.map((l) => l.language).join(", ")} (
              {[...new Set(main.answer.languages.map((l) => l.cite))].join("; ")})
            </p>
          )}
        </div>
      )}
    </>
  );
}

function OffencesStep({ content: d, update, check }: StepProps) {
  return (
    <>
      <Why check={check} field="offences" />
      <ListEditor
        items={d.offences}
        empty={offenceSchema.parse({})}
        onChange={(v) => update((x) => ({ ...x, offences: v }))}
        addLabel="Add an offence"
        render={(o, change) => (
          <div className="form-grid">
            <Text label="Offence" value={o.name} onChange={(v) => change({ ...o, name: v })} />
            <Text
              label="Provision of the law (e.g. 18 U.S.C. § 371)"
              value={o.provision}
              onChange={(v) => change({ ...o, provision: v })}
            />
            <Text label="Text of the provision" long value={o.text} onChange={(v) => change({ ...o, text: v })} />
            <Text label="Penalty" value={o.penalty} onChange={(v) => change({ ...o, penalty: v })} />
            <label>
              ICCS category (for dual criminality)
              <select value={o.iccs ?? ""} onChange={(e) => change({ ...o, iccs: e.target.value || null })}>
                <option value="">none / not known</option>
                {Object.entries(ICCS_SECTIONS).map(([k, v]) => (
                  <option key={k} value={k}>
                    {k} {v}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Kind of offence (for the risk check)
              <select value={o.family ?? ""} onChange={(e) => change({ ...o, family: (e.target.value || null) as typeof o.family })}>
                <option value="">—</option>
                {OFFENCE_FAMILIES.map((f) => (
                  <option key={f} value={f}>
                    {label(f)}
                  </option>
                ))}
              </select>
            </label>
          </div>
        )}
      />
    </>
  );
}

function MeasuresStep({ content: d, update, check }: StepProps) {
  if (d.measures.length === 0) return <p className="hint">Choose the measures in the first step.</p>;
  const change = (i: number, m: MeasureRequest) => update((x) => ({ ...x, measures: x.measures.map((y, j) => (j === i ? m : y)) }));
  return (
    <>
      {d.measures.map((m, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a measure may be sought twice; its position is its identity.
        <fieldset key={`${m.measure}-${i}`} className="card">
          <legend>
            {i + 1}. {measureLabel(m.measure)}
          </legend>
          <div className="form-grid">
            <Text
              label="What is sought"
              long
              value={m.description}
              onChange={(v) => change(i, { ...m, description: v })}
              field={`measures.${i}.description`}
              check={check}
            />
            {MEASURE_FIELDS[m.measure].map((f) => (
              <MeasureInput
                key={f.key}
                field={f}
                m={m}
                onChange={(next) => change(i, next)}
                path={`measures.${i}.${f.key}`}
                check={check}
              />
            ))}
          </div>
        </fieldset>
      ))}
    </>
  );
}

function MeasureInput({
  field,
  m,
  onChange,
  path,
  check,
}: {
  field: MeasureField;
  m: MeasureRequest;
  onChange: (m: MeasureRequest) => void;
  path: string;
  check: CheckResult;
}) {
  const value = measureValue(m, field.key);
  const write = (v: string | boolean) => {
    if (field.key.startsWith("person.")) {
      const k = field.key.slice(7);
      const person = m.person ?? personSchema.parse({});
      onChange({ ...m, person: { ...person, [k]: v } });
    } else onChange({ ...m, [field.key]: v });
  };
  if (field.key === "person.role")
    return (
      <label>
        {field.label}
        <select value={String(value ?? "witness")} onChange={(e) => write(e.target.value)}>
          {Object.entries(FIXED_TEXT.en.roles).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </select>
      </label>
    );
  if (field.kind === "bool")
    return (
      <label className="check">
        <input type="checkbox" checked={value === true} onChange={(e) => write(e.target.checked)} />
        {field.label}
      </label>
    );
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the label wraps a textarea or an input, whichever the field needs.
    <label className={field.kind === "long" ? "wide" : ""}>
      {field.label}
      {field.kind === "long" ? (
        <textarea value={String(value ?? "")} onChange={(e) => write(e.target.value)} rows={4} dir="auto" />
      ) : (
        <input
          value={String(value ?? "")}
          onChange={(e) => write(e.target.value)}
          type={field.kind === "date" ? "date" : "text"}
          dir="auto"
        />
      )}
      <span className="hint">{field.help}</span>
      <Why check={check} field={path} />
    </label>
  );
}

function ListEditor<T>({
  items,
  empty,
  onChange,
  render,
  addLabel,
}: {
  items: T[];
  empty: T;
  onChange: (v: T[]) => void;
  render: (item: T, change: (v: T) => void) => ReactNode;
  addLabel: string;
}) {
  return (
    <div>
      {items.map((it, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: items have no identity of their own; order is the identity.
        <div key={i} className="card">
          {render(it, (v) => onChange(items.map((x, j) => (j === i ? v : x))))}
          <button type="button" className="link-button" onClick={() => onChange(items.filter((_, j) => j !== i))}>
            Remove
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...items, empty])}>
        {addLabel}
      </button>
    </div>
  );
}

function ReviewStep({ content: d, law, check, draft, savedVersion }: StepProps) {
  const qc = useQueryClient();
  const [lang, setLang] = useState<DocumentLanguage>(d.language);
  const [second, setSecond] = useState<DocumentLanguage | "">("");
  const approve = useMutation({
    mutationFn: () =>
      api<{ caseId: string; reference: string }>(`/drafts/${draft.id}/approve`, { method: "POST", body: { version: savedVersion() } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["draft", draft.id] }),
  });
  const regenerate = useMutation({
    mutationFn: () => api<{ version: number; filenames: string[] }>(`/drafts/${draft.id}/documents`, { method: "POST" }),
  });
  const doc = useMemo(() => (law ? buildRequestDocument(d, law, lang, second || undefined) : null), [d, law, lang, second]);
  const href = (format: "docx" | "pdf") =>
    `/api/v1/drafts/${draft.id}/document?format=${format}&lang=${lang}${second ? `&second=${second}` : ""}`;
  return (
    <>
      <div className="form-grid">
        <label>
          Language of the fixed text
          <select value={lang} onChange={(e) => setLang(e.target.value as DocumentLanguage)}>
            {DOCUMENT_LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Second language, side by side
          <select value={second} onChange={(e) => setSecond(e.target.value as DocumentLanguage | "")}>
            <option value="">none</option>
            {DOCUMENT_LANGUAGES.filter((l) => l !== lang).map((l) => (
              <option key={l} value={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
        <div className="downloads">
          <a className="button" href={href("docx")} download data-testid="download-docx">
            Download Word
          </a>{" "}
          <a className="button" href={href("pdf")} download data-testid="download-pdf">
            Download PDF
          </a>
        </div>
      </div>
      <p className="hint">Downloads use the last saved version of the draft.</p>
      {!draft.caseId ? (
        <div className="card">
          <button type="button" disabled={!check.ready || approve.isPending} onClick={() => approve.mutate()} data-testid="approve">
            Approve and open the outgoing case
          </button>
          {!check.ready && <p className="error">Approval is blocked until the required items of the checklist are given.</p>}
          {approve.error && <p className="error">{errorText(approve.error)}</p>}
          {approve.data && (
            <p className="ok">
              Case <Link to={`/cases/${approve.data.caseId}`}>{approve.data.reference}</Link> opened with the request in Word and PDF.
            </p>
          )}
        </div>
      ) : (
        <div className="card">
          <button type="button" onClick={() => regenerate.mutate()} disabled={regenerate.isPending}>
            Store a new version of the documents on case {draft.caseReference}
          </button>
          {regenerate.data && (
            <p className="ok">
              Version {regenerate.data.version} stored: {regenerate.data.filenames.join(", ")}. Earlier versions are kept.
            </p>
          )}
          {regenerate.error && <p className="error">{errorText(regenerate.error)}</p>}
        </div>
      )}
      {doc && <Preview doc={doc} />}
    </>
  );
}

/** The document as it will read, rendered from the same content model as the Word and PDF files. */
function Preview({ doc }: { doc: ReturnType<typeof buildRequestDocument> }) {
  const two = (f: { text: string; second?: string }) =>
    f.second ? (
      <div className="bilingual">
        <span dir={doc.dir}>{f.text}</span>
        <span dir={doc.second?.dir}>{f.second}</span>
      </div>
    ) : (
      f.text
    );
  const block = (b: Block, i: number) => {
    switch (b.kind) {
      case "heading":
        return (
          <h3 key={i}>
            {b.text.second
              ? two({ text: `${b.number} ${b.text.text}`, second: `${b.number} ${b.text.second}` })
              : `${b.number} ${b.text.text}`}
          </h3>
        );
      case "subheading":
        return <h4 key={i}>{two(b.text)}</h4>;
      case "fixed":
        return <p key={i}>{two(b.text)}</p>;
      case "free":
        return (
          <p key={i} dir="auto" className="free">
            {b.text}
          </p>
        );
      case "field":
        return (
          <p key={i}>
            <strong>
              {b.label.second ? `${b.label.text} / ${b.label.second}` : b.label.text}
              {doc.colon}
            </strong>
            <span dir="auto" className="value">
              {b.value}
            </span>
          </p>
        );
    }
  };
  return (
    <article className="preview" dir={doc.dir} lang={doc.lang} aria-label="Preview of the request" data-testid="preview">
      {doc.letterhead.map((l) => (
        <p key={l} className="letterhead" dir="auto">
          {l}
        </p>
      ))}
      {doc.marking && <p className="marking">{two(doc.marking)}</p>}
      {doc.meta.map((m) => (
        <p key={m.label.text} className="meta">
          {m.label.second ? `${m.label.text} / ${m.label.second}` : m.label.text}
          {doc.colon}
          <span dir="auto">{m.value}</span>
        </p>
      ))}
      <h2>{two(doc.title)}</h2>
      {doc.blocks.map(block)}
      <div className="signature">
        {doc.signature.map((l, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: signature lines are positional.
          <p key={i} dir="auto">
            {l || "\u00a0"}
          </p>
        ))}
      </div>
    </article>
  );
}
