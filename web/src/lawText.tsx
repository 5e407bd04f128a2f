/**
 * The law's texts in the reader's language (lawTextCore.ts), for every component under the provider:
 * one request per language, `/api/v1/knowledge/translations/<language>`, fetched when the reader's
 * language is not English and kept for the session.
 */
import { useQuery } from "@tanstack/react-query";
import { type ReactNode, createContext, useContext, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { api } from "./api";
import { isUiLanguage } from "./i18n";
import { lawTranslator } from "./lawTextCore";

interface TranslationsAnswer {
  language: string;
  status: "unreviewed" | "reviewed" | "none";
  translator: string | null;
  reviewer: string | null;
  texts: Record<string, string>;
}

export interface LawText {
  /** The English text in the reader's language, or null to show the English. */
  translate: (english: string) => string | null;
  /** Whether the translations shown are reviewed by a legal translator (null: none shown). */
  status: TranslationsAnswer["status"] | null;
}

const ENGLISH: LawText = { translate: () => null, status: null };
const LawTextContext = createContext<LawText>(ENGLISH);

export function LawTextProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const language = isUiLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : "en";
  const q = useQuery({
    queryKey: ["law-translations", language],
    queryFn: () => api<TranslationsAnswer>(`/knowledge/translations/${language}`),
    enabled: language !== "en",
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  const value = useMemo<LawText>(
    () => (language === "en" || !q.data ? ENGLISH : { translate: lawTranslator({ language, texts: q.data.texts }), status: q.data.status }),
    [language, q.data],
  );
  return <LawTextContext.Provider value={value}>{children}</LawTextContext.Provider>;
}

export function useLawText(): LawText {
  return useContext(LawTextContext);
}
