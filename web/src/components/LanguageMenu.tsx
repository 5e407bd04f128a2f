/**
 * The language of the screens (issue 14 §8), in the top bar on every page, signed in or not. Each
 * language is named in itself. A signed-in user's choice is remembered with their account (it follows
 * them to another browser); before signing in it is kept in this browser and saved to the account at
 * the next sign-in.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, errorText } from "../api";
import { LANGUAGE_NAMES, UI_LANGUAGES, type UiLanguage, isUiLanguage, switchLanguage } from "../i18n";

export function LanguageMenu({ signedIn }: { signedIn: boolean }) {
  const { t, i18n } = useTranslation();
  const [problem, setProblem] = useState<string | null>(null);
  const choose = async (language: UiLanguage) => {
    setProblem(null);
    await switchLanguage(language, true);
    if (!signedIn) return;
    try {
      await api("/account/language", { method: "PUT", body: { language } });
    } catch (e) {
      setProblem(t("language.saveFailed", { reason: errorText(e) }));
    }
  };
  return (
    <div className="language-menu" data-testid="language-menu">
      <label>
        <span className="language-label">{t("language.label")}</span>
        <select
          value={i18n.resolvedLanguage ?? "en"}
          onChange={(e) => {
            if (isUiLanguage(e.target.value)) void choose(e.target.value);
          }}
        >
          {UI_LANGUAGES.map((l) => (
            <option key={l} value={l} lang={l}>
              {LANGUAGE_NAMES[l]}
            </option>
          ))}
        </select>
      </label>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
