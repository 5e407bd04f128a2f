import type { CheckResult, ChecklistEntry } from "../../../../src/drafting/checker";
import type { StepId } from "../../../../src/drafting/draft";
import { useTranslation } from "react-i18next";
import { ENGLISH_SLOT, En, withParts } from "../../components/English";
import { InstrumentTitle, useInstrumentTitles } from "../../components/InstrumentTitle";
import { useMeasureWords } from "../case/Measures";
import { languageName } from "../Directory";

/** Setup problems the checklist words itself (src/drafting/law.ts names them by field). */
const SETUP_FIELDS = ["requesting", "requested", "requestDate", "measures"];

/** The live checklist: what blocks approval (with the provision), what is advised, and the risks. */
export function Checklist({ check, onGo }: { check: CheckResult; onGo: (s: StepId) => void }) {
  const { t } = useTranslation("drafts");
  const measureWords = useMeasureWords();
  const titles = useInstrumentTitles();
  /** The entry in the reader's words: by its item (the checker's English label is for the CLI and the API). */
  const labelOf = (e: ChecklistEntry): string | null => {
    if (e.item === "setup") return SETUP_FIELDS.includes(e.field) ? t(`checklist.setup.${e.field}`) : null;
    const label = t(`checklist.items.${e.item}`);
    return e.measure !== undefined && e.measureIndex !== undefined
      ? t("checklist.forMeasure", { label, n: e.measureIndex + 1, measure: measureWords(e.measure) })
      : label;
  };
  const item = (e: ChecklistEntry) => (
    <li key={e.id}>
      <button type="button" className="link-button" onClick={() => onGo(e.step)}>
        {/* A setup problem the screen has no words for (a basis the law no longer offers) is the server's English. */}
        {labelOf(e) ?? <En>{e.label}</En>}
      </button>
      {e.citations.length > 0 && (
        <span className="cite-list">
          {" "}
          — <En>{[...new Set(e.citations.map((c) => c.cite))].join("; ")}</En>
        </span>
      )}
      {e.source === "practice" && <span className="hint"> {t("checklist.practice")}</span>}
    </li>
  );
  return (
    <div className="checklist-body">
      <h2>{t("checklist.title")}</h2>
      {check.ready ? (
        <p className="ok" data-testid="checklist-status">
          {t("checklist.complete")}
        </p>
      ) : (
        // What is still to do, not an error: a fresh draft has everything still to do.
        <p className="checklist-pending" data-testid="checklist-status">
          {t("checklist.missing", { count: check.blocking.length })}
        </p>
      )}
      {check.blocking.length > 0 && (
        <>
          <h3>{t("checklist.required")}</h3>
          <ul className="blocking" data-testid="blocking">
            {check.blocking.map(item)}
          </ul>
        </>
      )}
      {check.warnings.length > 0 && (
        <>
          <h3>{t("checklist.advised")}</h3>
          <ul className="warnings" data-testid="warnings">
            {check.warnings.map(item)}
          </ul>
        </>
      )}
      {check.risks.length > 0 && (
        <>
          <h3>{t("checklist.risks")}</h3>
          <ul className="risks" data-testid="risks">
            {check.risks.map((r) => (
              <li key={`${r.citation.provision}-${r.offenceIndex ?? ""}`}>
                {r.kind === "language" && r.languages
                  ? // Language names in the reader's language (Intl), the basis and the declaration as the law has them.
                    withParts(
                      t("checklist.riskWords.language", {
                        language: languageName(r.languages.written),
                        accepted: r.languages.accepted.map(languageName).join(", "),
                        basis: ENGLISH_SLOT[1],
                        cite: ENGLISH_SLOT[2],
                      }),
                      null,
                      <InstrumentTitle key="basis" inst={titles.get(r.basis.instrument)} english={r.basis.title} />,
                      <En key="cite">{r.citation.cite}</En>,
                    )
                  : withParts(
                      t(`checklist.riskWords.${r.kind}`, { offence: ENGLISH_SLOT[0], basis: ENGLISH_SLOT[1], cite: ENGLISH_SLOT[2] }),
                      // The offence as the drafter wrote it, in whatever language.
                      r.offence ?? t("checklist.offenceN", { n: (r.offenceIndex ?? 0) + 1 }),
                      <InstrumentTitle key="basis" inst={titles.get(r.basis.instrument)} english={r.basis.title} />,
                      <En key="cite">{r.citation.cite}</En>,
                    )}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
