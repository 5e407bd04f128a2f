/**
 * The six official languages of the United Nations, in which UNTOC, UNCAC and the other UN conventions
 * were adopted (each text equally authentic). The request documents' fixed text and the screens are
 * written in each of them.
 */
export const UN_LANGUAGES = ["en", "fr", "es", "ru", "zh", "ar"] as const;
export type UnLanguage = (typeof UN_LANGUAGES)[number];
