import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../format";

export type SaveState =
  | { kind: "saved"; at: string }
  | { kind: "saving" }
  | { kind: "dirty" }
  | { kind: "conflict"; message: string }
  | { kind: "error"; message: string };

/** Whether the draft is saved, being saved, or could not be (and what to do then). */
export function SaveIndicator({ state }: { state: SaveState }) {
  const { t } = useTranslation("drafts");
  switch (state.kind) {
    case "saved":
      return <p className="hint save-state">{state.at ? t("save.savedAt", { when: formatDateTime(state.at) }) : t("save.saved")}</p>;
    case "saving":
      return <p className="hint save-state">{t("save.saving")}</p>;
    case "dirty":
      return <p className="hint save-state">{t("save.dirty")}</p>;
    case "conflict":
      return (
        <p className="error save-state" role="alert">
          {state.message}{" "}
          <button type="button" onClick={() => window.location.reload()}>
            {t("save.reload")}
          </button>
        </p>
      );
    case "error":
      return (
        <p className="error save-state" role="alert">
          {t("save.error", { reason: state.message })}
        </p>
      );
  }
}
