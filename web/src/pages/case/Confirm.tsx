/**
 * Confirmation of a step that cannot be undone (withdrawn, refused, closed, approved…): a modal dialog
 * that says so, and asks for the reason where the law or practice expects one. The reason goes on the
 * timeline and, for a decision, into the notice to the other state.
 */
import { type ReactNode, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatNumber } from "../../format";

export const MIN_REASON = 10;

export function ConfirmStep({
  title,
  confirmLabel,
  reason,
  reasonLabel,
  pending,
  error,
  children,
  onConfirm,
  onCancel,
}: {
  title: string;
  confirmLabel: string;
  /** Whether the step asks for a reason: required, optional, or not at all. */
  reason?: "required" | "optional";
  reasonLabel?: string;
  pending: boolean;
  error?: ReactNode;
  children?: ReactNode;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation("case");
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog ref={ref} className="confirm-step" aria-labelledby={titleId} onCancel={onCancel} data-testid="confirm-step">
      <form
        className="stack"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (reason === "required" && text.trim().length < MIN_REASON) {
            setProblem(t("confirm.reasonTooShort", { min: formatNumber(MIN_REASON) }));
            return;
          }
          setProblem(null);
          onConfirm(text.trim());
        }}
      >
        <h2 id={titleId}>{title}</h2>
        <p>
          <strong>{t("confirm.final")}</strong>
        </p>
        {children}
        {reason && (
          <label>
            {reason === "optional"
              ? t("confirm.optional", { label: reasonLabel ?? t("confirm.reason") })
              : (reasonLabel ?? t("confirm.reason"))}
            <textarea
              value={text}
              onChange={(e) => setText(e.target.value)}
              rows={3}
              maxLength={5000}
              required={reason === "required"}
              aria-invalid={problem ? true : undefined}
            />
          </label>
        )}
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        {error}
        <div className="confirm-buttons">
          <button type="submit" disabled={pending}>
            {confirmLabel}
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            {t("confirm.cancel")}
          </button>
        </div>
      </form>
    </dialog>
  );
}
