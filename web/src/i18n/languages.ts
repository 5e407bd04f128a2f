/**
 * The workbench's languages: the six official languages of the United Nations, in which the conventions
 * the workbench applies were adopted. Each is named in itself, so an officer finds their own language in
 * the menu whatever the screen shows now.
 */
import { UN_LANGUAGES, type UnLanguage } from "../../../src/law/un-languages.js";

export const UI_LANGUAGES = UN_LANGUAGES;
export type UiLanguage = UnLanguage;

export const LANGUAGE_NAMES: Record<UiLanguage, string> = {
  en: "English",
  fr: "Français",
  es: "Español",
  ru: "Русский",
  zh: "中文",
  ar: "العربية",
};

/** Arabic is written right to left; the whole layout mirrors with it. */
export function directionOf(language: string): "ltr" | "rtl" {
  return language === "ar" ? "rtl" : "ltr";
}

export function isUiLanguage(value: unknown): value is UiLanguage {
  return typeof value === "string" && (UI_LANGUAGES as readonly string[]).includes(value);
}

/**
 * The first of the browser's preferred languages the workbench speaks ("fr-CA" → French, "zh-Hant" →
 * Chinese), or English.
 */
export function fromBrowser(preferred: readonly string[]): UiLanguage {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split("-")[0];
    if (isUiLanguage(base)) return base;
  }
  return "en";
}
