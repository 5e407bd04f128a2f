/**
 * What the knowledge base cannot vouch for in an answer (issue 14 §2), shown at the top: on the Legal
 * basis page, at the top of the request writer's basis step, and as the internal notes beside a drafted
 * request (which never carries them in the text sent abroad).
 */
import { useTranslation } from "react-i18next";
import type { BasisWarning } from "../../../src/law/warnings";
import "./BasisWarnings.css";

export function BasisWarnings({
  warnings,
  title,
  id = "h-warnings",
  testId = "warnings",
}: {
  warnings: readonly (BasisWarning | string)[];
  title?: string;
  id?: string;
  testId?: string;
}) {
  const { t } = useTranslation("law");
  if (warnings.length === 0) return null;
  return (
    <section aria-labelledby={id} className="basis-warnings" data-testid={testId}>
      <h2 id={id}>{title ?? t("warnings.title")}</h2>
      <ul>
        {warnings.map((w) =>
          typeof w === "string" ? (
            <li key={w} lang="en">
              {w}
            </li>
          ) : (
            // The engine writes its warnings in English for now: marked so (see components/English.tsx).
            <li key={`${w.code}-${w.message}`} data-code={w.code} lang="en">
              {w.message}
            </li>
          ),
        )}
      </ul>
    </section>
  );
}
