/**
 * What the knowledge base cannot vouch for in an answer (issue 14 §2), shown at the top: on the Legal
 * basis page, at the top of the request writer's basis step, and as the internal notes beside a drafted
 * request (which never carries them in the text sent abroad).
 */
import { useTranslation } from "react-i18next";
import type { KnowledgeBase } from "../../../src/law/knowledge";
import type { BasisWarning } from "../../../src/law/warnings";
import { EngineWords } from "../engineWords";
import "./BasisWarnings.css";

export function BasisWarnings({
  warnings,
  title,
  id = "h-warnings",
  testId = "warnings",
  kb,
}: {
  warnings: readonly (BasisWarning | string)[];
  title?: string;
  id?: string;
  testId?: string;
  /** The knowledge base the warnings' descriptors name instruments from; without it they show in English. */
  kb?: KnowledgeBase;
}) {
  const { t } = useTranslation("law");
  if (warnings.length === 0) return null;
  return (
    <section aria-labelledby={id} className="basis-warnings" data-testid={testId}>
      <h2 id={id}>{title ?? t("warnings.title")}</h2>
      <ul>
        {warnings.map((w) =>
          typeof w === "string" ? (
            // A note the server wrote in English: marked so (see components/English.tsx).
            <li key={w} lang="en">
              {w}
            </li>
          ) : (
            // The engine's warning in the reader's language (engineWords.tsx), its English when there is no
            // knowledge base to name the instruments from (then marked English).
            <li key={`${w.code}-${w.message}`} data-code={w.code}>
              <EngineWords words={w.words} english={w.message} kb={kb} />
            </li>
          ),
        )}
      </ul>
    </section>
  );
}
