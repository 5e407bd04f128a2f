/**
 * The one way to choose a jurisdiction (issue 14 §4): a combobox (WAI-ARIA 1.2, list autocomplete)
 * over every jurisdiction the server knows, sorted by the common short name in the page's language
 * (Unicode CLDR's, through Intl.DisplayNames) and searchable by that name, the official name and the
 * code — "China", "Iran", "Gambia" and "CN" each find theirs. Keyboard: type to filter, ↓/↑ to move,
 * Enter to choose, Escape to close; leaving the field keeps the choice (or the single match typed).
 */
import { useQuery } from "@tanstack/react-query";
import { type KeyboardEvent, type ReactNode, useId, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Jurisdiction, UnLanguage } from "../../../src/law/jurisdictions";
import { api } from "../api";

/** A jurisdiction as the picker shows and searches it. */
export interface PickerEntry {
  code: string;
  /** The common short name in the page's language ("China"). */
  name: string;
  /** The official name in the page's language ("People's Republic of China"), when it differs. */
  official: string | null;
  /** Everything the search matches, lower-cased and without accents. */
  keys: string[];
}

const UN = ["en", "fr", "es", "ru", "zh", "ar"] as const;

/** The page's language (the i18n layer sets <html lang>), else the browser's. */
export function pageLanguage(): string {
  return document.documentElement.lang || navigator.language || "en";
}

/** Lower case without accents, so "cote" finds "Côte d'Ivoire" and "ÅLAND" finds "Åland". */
export function fold(s: string): string {
  return s.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase();
}

/** The entries for a language, sorted by short name with that language's collation. */
export function pickerEntries(list: readonly Jurisdiction[], language: string): PickerEntry[] {
  const un = (UN.find((l) => language.toLowerCase().startsWith(l)) ?? "en") as UnLanguage;
  let display: Intl.DisplayNames | null = null;
  let displayEn: Intl.DisplayNames | null = null;
  try {
    display = new Intl.DisplayNames([language, "en"], { type: "region" });
    displayEn = new Intl.DisplayNames(["en"], { type: "region" });
  } catch {
    // An engine without region names: the official names below still work.
  }
  const short = (names: Intl.DisplayNames | null, code: string) => {
    const n = names?.of(code);
    return n && n !== code ? n : null;
  };
  const collator = new Intl.Collator(language);
  return list
    .map((j) => {
      const official = j.names?.[un] ?? j.name;
      const name = short(display, j.code) ?? official;
      const keys = [name, official, j.name, short(displayEn, j.code) ?? "", j.names?.en ?? ""].filter(Boolean).map(fold);
      return { code: j.code, name, official: fold(official) === fold(name) ? null : official, keys: [...new Set(keys)] };
    })
    .sort((a, b) => collator.compare(a.name, b.name));
}

/**
 * The entries matching what was typed, best first: the code itself, then names that begin with it,
 * then names with a word that begins with it, then names that contain it.
 */
export function matchEntries(entries: readonly PickerEntry[], typed: string): PickerEntry[] {
  const q = fold(typed.trim());
  if (!q) return [...entries];
  const rank = (e: PickerEntry): number => {
    if (e.code.toLowerCase() === q) return 0;
    if (e.keys.some((k) => k.startsWith(q))) return 1;
    if (e.keys.some((k) => k.split(/[\s,'’().-]+/).some((w) => w.startsWith(q)))) return 2;
    if (e.keys.some((k) => k.includes(q))) return 3;
    return 4;
  };
  return entries
    .map((e, i) => ({ e, i, r: rank(e) }))
    .filter((x) => x.r < 4)
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.e);
}

/** Every jurisdiction, from the server (cached for the session; the law's routes serve it). */
export function useJurisdictionList() {
  return useQuery({
    queryKey: ["jurisdictions"],
    queryFn: () => api<Jurisdiction[]>("/jurisdictions"),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export interface JurisdictionPickerProps {
  label: ReactNode;
  /** The chosen code, "" for none. */
  value: string;
  onChange: (code: string) => void;
  /** Form field name: a hidden input carries the code. */
  name?: string;
  required?: boolean;
  /** Where choosing none is allowed (filters), what none means: "any state". */
  emptyLabel?: string;
  /** A line of help under the field. */
  hint?: string;
  /** The field's error in words, shown under it (and the input marked invalid). */
  error?: string | undefined;
  /** Called when the field loses the focus (forms that show an error once a field was touched). */
  onBlur?: () => void;
}

/** A labelled, searchable choice of one jurisdiction. */
export function JurisdictionPicker({
  label,
  value,
  onChange,
  name,
  required,
  emptyLabel,
  hint,
  error,
  onBlur: blurred,
}: JurisdictionPickerProps) {
  const { t } = useTranslation("law");
  const list = useJurisdictionList();
  const language = pageLanguage();
  const entries = useMemo(() => pickerEntries(list.data ?? [], language), [list.data, language]);
  const chosen = entries.find((e) => e.code === value);
  const id = useId();
  const listId = `${id}-list`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  // null while the field shows the choice; the typed text while the user searches.
  const [typed, setTyped] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLDivElement>(null);
  const matches = useMemo(() => matchEntries(entries, typed ?? ""), [entries, typed]);
  const shown = chosen ? `${chosen.name}` : value;

  const choose = (code: string) => {
    setTyped(null);
    setOpen(false);
    if (code !== value) onChange(code);
  };
  const moveTo = (i: number) => {
    const next = Math.max(0, Math.min(matches.length - 1, i));
    setActive(next);
    listRef.current?.querySelector(`[data-index="${next}"]`)?.scrollIntoView({ block: "nearest" });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!open) {
        setOpen(true);
        const at = Math.max(
          0,
          matches.findIndex((m) => m.code === value),
        );
        moveTo(e.key === "ArrowDown" && typed === null ? at : 0);
        return;
      }
      moveTo(active + (e.key === "ArrowDown" ? 1 : -1));
    } else if (e.key === "Enter") {
      if (open && matches[active]) {
        e.preventDefault();
        choose(matches[active].code);
      }
    } else if (e.key === "Escape") {
      if (open || typed !== null) {
        e.preventDefault();
        setOpen(false);
        setTyped(null);
      }
    }
  };
  const onBlur = () => {
    blurred?.();
    setOpen(false);
    if (typed === null) return;
    const trimmed = typed.trim();
    if (!trimmed) {
      if (emptyLabel !== undefined || !required) choose("");
      else setTyped(null);
      return;
    }
    // Leaving the field with a name or code typed in full, or one single match, chooses it.
    const exact = matches.find((m) => m.code.toLowerCase() === fold(trimmed) || fold(m.name) === fold(trimmed));
    const only = matches.length === 1 ? matches[0] : undefined;
    const pick = exact ?? only;
    if (pick) choose(pick.code);
    else setTyped(null);
  };

  return (
    <div className="field picker">
      <label htmlFor={id}>{label}</label>
      <div className="picker-box">
        <input
          id={id}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={open && matches[active] ? `${id}-${matches[active].code}` : undefined}
          aria-describedby={[hint ? hintId : "", error ? errorId : ""].filter(Boolean).join(" ") || undefined}
          aria-invalid={error ? true : undefined}
          autoComplete="off"
          spellCheck={false}
          required={required}
          placeholder={emptyLabel ?? (list.isLoading ? t("common:shell.loading") : t("picker.placeholder"))}
          value={typed ?? shown}
          onChange={(e) => {
            setTyped(e.target.value);
            setOpen(true);
            setActive(0);
          }}
          onFocus={(e) => e.target.select()}
          onClick={() => setOpen(true)}
          onKeyDown={onKeyDown}
          onBlur={onBlur}
        />
        {value && chosen && typed === null && <span className="picker-code">{value}</span>}
        <div id={listId} role="listbox" ref={listRef} className="picker-list" hidden={!open} aria-roledescription="suggestions">
          {open && matches.length === 0 && (
            <div className="picker-none" role="presentation">
              {t("picker.noMatch", { typed })}
            </div>
          )}
          {open &&
            matches.map((m, i) => (
              <div
                key={m.code}
                id={`${id}-${m.code}`}
                data-index={i}
                role="option"
                aria-selected={i === active}
                className={m.code === value ? "chosen" : undefined}
                tabIndex={-1}
                onMouseMove={() => i !== active && setActive(i)}
                onMouseDown={(e) => {
                  // Choosing on press keeps the focus in the input (no blur first).
                  e.preventDefault();
                  choose(m.code);
                }}
              >
                <span>{m.name}</span>
                {m.official && <span className="muted"> — {m.official}</span>} <span className="picker-code">{m.code}</span>
              </div>
            ))}
        </div>
      </div>
      {name && <input type="hidden" name={name} value={value} />}
      {error && (
        <span className="field-error" id={errorId}>
          {error}
        </span>
      )}
      {hint && (
        <span id={hintId} className="hint">
          {hint}
        </span>
      )}
    </div>
  );
}

/** A jurisdiction's common short name in the page's language ("China"), for lists; the code until names load. */
export function useJurisdictionName(): (code: string) => string {
  const list = useJurisdictionList();
  const language = pageLanguage();
  const names = useMemo(() => new Map(pickerEntries(list.data ?? [], language).map((e) => [e.code, e.name])), [list.data, language]);
  return (code: string) => names.get(code) ?? code;
}
