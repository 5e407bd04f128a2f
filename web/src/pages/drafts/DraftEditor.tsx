import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { checkDraft } from "../../../../src/drafting/checker";
import { type DraftContent, STEPS, type StepId } from "../../../../src/drafting/draft";
import { type DraftLaw, lawForDraft } from "../../../../src/drafting/law";
import { ApiError, api, errorText } from "../../api";
import { useKnowledgeFiles } from "../../knowledge";
import { Link } from "../../Link";
import { Checklist } from "./Checklist";
import type { DraftView } from "./model";
import { type SaveState, SaveIndicator } from "./SaveIndicator";
import { StepForm } from "./steps";
import "./drafts.css";
import { errorWords } from "../../components/ErrorWords";

/** One draft in the interview. */
export function DraftEditor({ id }: { id: string }) {
  const { t } = useTranslation("drafts");
  const knowledge = useKnowledgeFiles();
  const loaded = useQuery({ queryKey: ["draft", id], queryFn: () => api<DraftView>(`/drafts/${id}`), refetchOnWindowFocus: false });
  const jurisdictions = useQuery({
    queryKey: ["jurisdictions"],
    queryFn: () => api<{ code: string; name: string }[]>("/jurisdictions"),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const [content, setContent] = useState<DraftContent | null>(null);
  const [step, setStep] = useState<StepId>("basis");
  // Fields whose errors may show: none on a fresh draft; a field once the user touched it; all of a step
  // once the user moves on from it (as a form shows its errors on submit).
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const touch = useCallback(
    (...fields: string[]) => setTouched((prev) => (fields.every((f) => prev.has(f)) ? prev : new Set([...prev, ...fields]))),
    [],
  );
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
        // The server reads the addressee from the directory (src/directory/addressee.ts): take only that
        // field from its answer, so the live checklist sees the languages it accepts without undoing typing.
        setContent((prev) =>
          prev && JSON.stringify(prev.addressee) !== JSON.stringify(saved.content.addressee)
            ? { ...prev, addressee: saved.content.addressee }
            : prev,
        );
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

  if (loaded.isLoading || knowledge.isLoading) return <p>{t("common:shell.loading")}</p>;
  if (loaded.error) return <p className="error">{errorWords(loaded.error)}</p>;
  if (!content || !check || !loaded.data) return <p>{t("common:shell.loading")}</p>;
  const draft = loaded.data;
  const stepIndex = STEPS.findIndex((s) => s.id === step);
  const goTo = (next: StepId) => {
    touch(...check.entries.filter((e) => e.step === step).map((e) => e.field));
    setStep(next);
  };
  const go = (i: number) => goTo(STEPS[Math.max(0, Math.min(STEPS.length - 1, i))]?.id ?? "basis");

  return (
    <section className="writer">
      <header className="writer-head">
        <h1>{draft.title}</h1>
        <SaveIndicator state={save} />
        {draft.caseId && (
          <p className="notice">
            <Trans
              t={t}
              i18nKey="editor.becameCase"
              values={{ reference: draft.caseReference }}
              components={{ a: <Link to={`/cases/${draft.caseId}`}>{null}</Link> }}
            />
          </p>
        )}
      </header>
      <div className="writer-grid">
        <nav className="steps" aria-label={t("editor.steps")}>
          <p className="hint">{t("editor.stepOf", { n: stepIndex + 1, total: STEPS.length })}</p>
          <progress max={STEPS.length} value={stepIndex + 1} />
          <ol className="step-list">
            {STEPS.map((s) => {
              const open = check.entries.filter((e) => e.step === s.id && !e.satisfied);
              const blocked = open.some((e) => e.level === "required");
              return (
                <li key={s.id} className={s.id === step ? "current" : ""}>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => goTo(s.id)}
                    aria-current={s.id === step ? "step" : undefined}
                  >
                    {t(`stepTitles.${s.id}`)}
                  </button>
                  {blocked ? (
                    <span className="mark no" title={t("editor.requiredMissing")}>
                      {" "}
                      ●<span className="visually-hidden">{t("editor.requiredMissingHidden")}</span>
                    </span>
                  ) : open.length > 0 ? (
                    <span className="mark warn" title={t("editor.advice")}>
                      {" "}
                      ●<span className="visually-hidden">{t("editor.adviceHidden")}</span>
                    </span>
                  ) : null}
                </li>
              );
            })}
          </ol>
        </nav>
        <div className="step-body">
          <h2>{t(`stepTitles.${step}`)}</h2>
          <StepForm
            step={step}
            content={content}
            update={update}
            law={law && "relied" in law && law.answer ? (law as DraftLaw) : null}
            check={check}
            jurisdictions={jurisdictions.data ?? []}
            draft={draft}
            savedVersion={() => version.current}
            touched={touched}
            touch={touch}
          />
          <div className="step-nav">
            <button type="button" disabled={stepIndex === 0} onClick={() => go(stepIndex - 1)}>
              {t("editor.previous")}
            </button>
            <button type="button" disabled={stepIndex === STEPS.length - 1} onClick={() => go(stepIndex + 1)}>
              {t("editor.next")}
            </button>
          </div>
        </div>
        <aside className="checklist" aria-label={t("checklist.title")}>
          <Checklist check={check} onGo={goTo} />
        </aside>
      </div>
    </section>
  );
}
