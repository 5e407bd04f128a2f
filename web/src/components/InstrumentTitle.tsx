/**
 * An instrument's title in the reader's language where the instrument has an official text in it (the
 * knowledge base records those titles with their source: UN conventions in all six languages, Council
 * of Europe conventions in French); otherwise its English title, marked as English.
 */
import { useQuery } from "@tanstack/react-query";
import type { Instrument } from "../../../src/law/schema";
import { api } from "../api";
import { currentLanguage } from "../i18n";
import { En } from "./English";

type Titled = Pick<Instrument, "title" | "titles">;

/** The title in the reader's language and that language, or null when the English one must do. */
export function officialTitle(inst: Titled | undefined): { title: string; lang: string } | null {
  const language = currentLanguage();
  if (!inst || language === "en") return null;
  const local = inst.titles?.[language];
  return local ? { title: local.title, lang: language } : null;
}

/** The instrument's name: its official title in the reader's language, or `english` (its title or short title). */
export function InstrumentTitle({ inst, english }: { inst: Titled | undefined; english: string }) {
  const local = officialTitle(inst);
  if (!local) return currentLanguage() === "en" ? english : <En>{english}</En>;
  return <span lang={local.lang}>{local.title}</span>;
}

/**
 * The instrument's name as plain text (for an <option>): its official title in the reader's language,
 * else the knowledge base's translation of `english`, else `english` — with the language it is in.
 */
export function instrumentTitleText(
  inst: Titled | undefined,
  english: string,
  translate: (english: string) => string | null,
): { text: string; lang: string } {
  const official = officialTitle(inst);
  if (official) return { text: official.title, lang: official.lang };
  const translated = translate(english);
  return translated === null ? { text: english, lang: "en" } : { text: translated, lang: currentLanguage() };
}

/** Every instrument's titles, by id, for pages that have only an instrument's id and English title. */
export function useInstrumentTitles(): Map<string, Titled> {
  const q = useQuery({
    queryKey: ["instruments", "titles"],
    queryFn: () => api<(Titled & { id: string })[]>("/instruments"),
    staleTime: Number.POSITIVE_INFINITY,
  });
  return new Map((q.data ?? []).map((i) => [i.id, i]));
}
