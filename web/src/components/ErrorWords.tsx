/**
 * An error as the page shows it (issue 14 §8): the server's sentence in the reader's language where it
 * sends its words (serverWords.ts); otherwise its English, marked lang="en"; the browser's own words
 * (no connection, a status without a message) in the reader's language.
 */
import type { ReactNode } from "react";
import { ApiError, errorText, isVersionConflict } from "../api";
import { i18next } from "../i18n";
import { sayAll } from "../serverWords";
import { ENGLISH_SLOT, En, withEnglish } from "./English";

export function errorWords(err: unknown): ReactNode {
  if (!(err instanceof ApiError) || !err.english) return errorText(err);
  const said = err.words ? sayAll(err.words) : null;
  if (isVersionConflict(err))
    return said
      ? i18next.t("errors:reloaded", { message: said })
      : withEnglish(i18next.t("errors:reloaded", { message: ENGLISH_SLOT[0] }), err.message);
  return said ?? <En>{err.message}</En>;
}
