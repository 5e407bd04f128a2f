/**
 * Whose words the law's texts are, on a page that shows them translated: Rogatory's translations, not
 * the instruments' authentic texts, and (until a legal translator has reviewed them) unreviewed.
 */
import { useTranslation } from "react-i18next";
import { useLawText } from "../lawText";

export function TranslatedLawNote() {
  const { t } = useTranslation("law");
  const { status } = useLawText();
  if (status !== "unreviewed") return null;
  return (
    <p className="meta translated-note" data-testid="translated-law-note">
      {t("translatedNote")}
    </p>
  );
}
