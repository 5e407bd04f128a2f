import { formatDateTime } from "../../format";

export type SaveState =
  | { kind: "saved"; at: string }
  | { kind: "saving" }
  | { kind: "dirty" }
  | { kind: "conflict"; message: string }
  | { kind: "error"; message: string };

/** Whether the draft is saved, being saved, or could not be (and what to do then). */
export function SaveIndicator({ state }: { state: SaveState }) {
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
