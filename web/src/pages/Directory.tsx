/**
 * The directory of central authorities (issue 16 §1): who receives requests for each state and
 * instrument, the channels and languages it accepts, its urgent contact and office hours (open now or
 * closed, in its own time zone), every field group with its source; "not recorded" where nothing is
 * sourced. Public unless the installation turns it off; administrators add, edit and delete entries.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import type { DirectoryEntry } from "../../../src/directory/entries";
import { openAt } from "../../../src/directory/hours";
import type { DirectorySource } from "../../../src/directory/schema";
import { JURISDICTIONS } from "../../../src/law/jurisdictions";
import { api, errorText, isVersionConflict } from "../api";
import { ENGLISH_SLOT, En, withParts } from "../components/English";
import { formatDate, locale, regionName } from "../format";
import { currentLanguage } from "../i18n";
import { useLawText } from "../lawText";
import { navigate } from "../router";

export type ShownEntry = DirectoryEntry & { openNow: boolean | null };
export interface DirectoryAnswer {
  asOf: string;
  states: string[];
  instruments: { id: string; shortTitle: string; title: string }[];
  entries: ShownEntry[];
}

/** The instruments as options of a select, by their short titles in the reader's language where there is one. */
function InstrumentOptions({ instruments }: { instruments: DirectoryAnswer["instruments"] }) {
  const shortTitle = useShortTitleText();
  return (
    <>
      {instruments.map((i) => {
        const title = shortTitle(i.shortTitle);
        return (
          <option key={i.id} value={i.id} lang={title.lang}>
            {title.text}
          </option>
        );
      })}
    </>
  );
}

/** The directory, filtered by state and instrument (the API's own filters). */
export function useDirectory(jurisdiction?: string, instrument?: string, enabled = true) {
  const q = new URLSearchParams();
  if (jurisdiction) q.set("jurisdiction", jurisdiction);
  if (instrument) q.set("instrument", instrument);
  return useQuery({
    queryKey: ["directory", jurisdiction ?? "", instrument ?? ""],
    queryFn: () => api<DirectoryAnswer>(`/directory${q.size ? `?${q}` : ""}`),
    enabled,
  });
}

/** A language's name in the reader's language ("russe", "Russian"). */
export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames([locale()], { type: "language", fallback: "code" }).of(code) ?? code;
  } catch {
    return code;
  }
}

function weekdayName(isoWeekday: number): string {
  // 2024-01-01 was a Monday.
  const d = new Date(Date.UTC(2024, 0, isoWeekday));
  return new Intl.DateTimeFormat(locale(), { weekday: "short", timeZone: "UTC" }).format(d);
}

function SourceLine({ source }: { source: DirectorySource }) {
  const { t } = useTranslation("directory");
  return (
    <div className="meta source">
      {t("source")}: {source.document}
      {source.article ? `, ${source.article}` : ""}
      {source.url ? (
        <>
          {" "}
          (
          <a href={source.url} rel="noreferrer noopener" target="_blank">
            {t("link")}
          </a>
          )
        </>
      ) : null}
    </div>
  );
}

function NotRecorded() {
  const { t } = useTranslation("directory");
  return <span className="meta">{t("notRecorded")}</span>;
}

/** One field group of an entry: its heading, then what a source gives (null: "not recorded"). */
function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children ?? <NotRecorded />}</dd>
    </>
  );
}

/**
 * An instrument's short title ("UNTOC") in the reader's language where the knowledge base's translations
 * have it — fetched by lawText.tsx from /api/v1/knowledge/translations/<language>, which anonymous
 * visitors read when the public law is on — else the English, marked lang="en" (En).
 */
function ShortTitle({ titles, id }: { titles: Map<string, string>; id: string }) {
  return <En>{titles.get(id) ?? id}</En>;
}

/** The same as plain text with its language, for an <option>, which holds no markup. */
function useShortTitleText(): (english: string) => { text: string; lang: string } {
  const { translate } = useLawText();
  return (english) => {
    const translated = translate(english);
    return translated === null ? { text: english, lang: "en" } : { text: translated, lang: currentLanguage() };
  };
}

/** One authority with its field groups. */
export function EntryCard({
  entry,
  titles,
  onEdit,
  onDelete,
}: {
  entry: ShownEntry;
  titles: Map<string, string>;
  onEdit?: () => void;
  onDelete?: () => void;
}) {
  const { t } = useTranslation("directory");
  const hours = entry.hours;
  const now = hours ? openAt(hours, new Date()) : null;
  return (
    <article className="card directory-entry" data-testid="directory-entry" aria-label={entry.authority}>
      <h2>{entry.authority}</h2>
      <p className="meta">
        {regionName(entry.jurisdiction)} · {t(`roles.${entry.role}`)} · {t(`origins.${entry.origin}`)}
        {now ? (
          <>
            {" · "}
            <span className={now.open ? "badge open" : "badge closed"} data-testid="open-now">
              {now.open ? t("openNow", { time: now.localTime }) : t("closedNow", { time: now.localTime })}
            </span>
          </>
        ) : null}
      </p>
      <SourceLine source={entry.source} />
      <p className="meta">{entry.lastChecked ? t("lastChecked", { date: formatDate(entry.lastChecked) }) : t("lastCheckedUnknown")}</p>
      <dl className="directory-fields">
        <Field label={t("fields.instruments")}>
          {entry.instruments.length > 0 ? (
            <ul>
              {entry.instruments.map((i) => (
                <li key={i.instrument}>
                  <ShortTitle titles={titles} id={i.instrument} />
                  {i.declaration ? <div className="meta">{i.declaration}</div> : null}
                  {i.directAddress?.map((d) => (
                    <div key={d.provision} className="meta">
                      {withParts(
                        t("directAddress", { article: d.article, instrument: ENGLISH_SLOT[0] }),
                        <ShortTitle key="instrument" titles={titles} id={d.instrument} />,
                      )}
                    </div>
                  ))}
                  <SourceLine source={i.source} />
                </li>
              ))}
            </ul>
          ) : null}
        </Field>
        <Field label={t("fields.languages")}>
          {entry.languages.length > 0 ? (
            <ul>
              {entry.languages.map((l) => (
                <li key={`${l.instrument ?? "*"}:${l.languages.join(",")}`}>
                  {l.languages.map(languageName).join(", ")}
                  {" — "}
                  {l.instrument ? <ShortTitle titles={titles} id={l.instrument} /> : t("anyInstrument")}
                  <SourceLine source={l.source} />
                </li>
              ))}
            </ul>
          ) : null}
        </Field>
        <Field label={t("fields.address")}>
          {entry.address ? (
            <>
              <span className="pre">{entry.address.text}</span>
              <SourceLine source={entry.address.source} />
            </>
          ) : null}
        </Field>
        <Field label={t("fields.channels")}>
          {entry.channels.length > 0 ? (
            <ul>
              {entry.channels.map((c) => (
                <li key={`${c.kind}:${c.value ?? ""}`}>
                  {t(`channels.${c.kind}`)}
                  {c.value ? `: ${c.value}` : ""}
                  {c.fingerprint ? <div className="meta">{t("fingerprint", { fingerprint: c.fingerprint })}</div> : null}
                  <SourceLine source={c.source} />
                </li>
              ))}
            </ul>
          ) : null}
        </Field>
        <Field label={t("fields.urgent")}>
          {entry.urgent ? (
            <>
              {entry.urgent.contact}
              <SourceLine source={entry.urgent.source} />
            </>
          ) : null}
        </Field>
        <Field label={t("fields.hours")}>
          {hours ? (
            <>
              {hours.days.map(weekdayName).join(", ")} {hours.opens}–{hours.closes} ({hours.zone})
              <SourceLine source={hours.source} />
            </>
          ) : null}
        </Field>
      </dl>
      {onEdit || onDelete ? (
        <div className="actions">
          {onEdit ? (
            <button type="button" onClick={onEdit}>
              {t("edit")}
            </button>
          ) : null}
          {onDelete ? (
            <button type="button" className="danger" onClick={onDelete}>
              {t("delete")}
            </button>
          ) : null}
        </div>
      ) : null}
    </article>
  );
}

/** Links to the directory as a file (GET /api/v1/directory/export), with the filters shown. */
function ExportLinks({ state, instrument }: { state: string; instrument: string }) {
  const { t } = useTranslation("directory");
  const href = (format: "csv" | "json") => {
    const q = new URLSearchParams({ format });
    if (state) q.set("jurisdiction", state);
    if (instrument) q.set("instrument", instrument);
    return `/api/v1/directory/export?${q}`;
  };
  return (
    <p className="directory-export" data-testid="directory-export">
      <a href={href("csv")} download>
        {t("export.csv")}
      </a>
      {" · "}
      <a href={href("json")} download>
        {t("export.json")}
      </a>
      <span className="hint"> {t("export.note")}</span>
    </p>
  );
}

/** The page: filters, then the entries; the editing form for administrators. */
export function Directory({ search, canManage }: { search: string; canManage: boolean }) {
  const { t } = useTranslation("directory");
  const params = new URLSearchParams(search);
  const state = params.get("jurisdiction") ?? "";
  const instrument = params.get("instrument") ?? "";
  const { data, isLoading, error } = useDirectory(state || undefined, instrument || undefined);
  const [editing, setEditing] = useState<ShownEntry | "new" | null>(null);
  const qc = useQueryClient();
  const remove = useMutation({
    mutationFn: (e: ShownEntry) => api(`/directory/${e.id}?version=${e.version ?? 0}`, { method: "DELETE" }),
    onSettled: () => qc.invalidateQueries({ queryKey: ["directory"] }),
  });
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    navigate(`/directory${next.size ? `?${next}` : ""}`, true);
  };
  const titles = new Map((data?.instruments ?? []).map((i) => [i.id, i.shortTitle]));
  const states = [...(data?.states ?? [])].sort((a, b) => regionName(a).localeCompare(regionName(b), locale()));
  if (state && !states.includes(state)) states.push(state);
  return (
    <div className="page directory">
      <h1>{t("title")}</h1>
      <p>{t("intro")}</p>
      <form className="directory-filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t("filterState")}
          <select value={state} onChange={(e) => setFilter("jurisdiction", e.target.value)} data-testid="filter-state">
            <option value="">{t("allStates")}</option>
            {states.map((c) => (
              <option key={c} value={c}>
                {regionName(c)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("filterInstrument")}
          <select value={instrument} onChange={(e) => setFilter("instrument", e.target.value)} data-testid="filter-instrument">
            <option value="">{t("allInstruments")}</option>
            <InstrumentOptions instruments={data?.instruments ?? []} />
          </select>
        </label>
      </form>
      <ExportLinks state={state} instrument={instrument} />
      {canManage ? (
        <div className="actions">
          <button type="button" onClick={() => setEditing("new")}>
            {t("add")}
          </button>
          <ImportFile />
        </div>
      ) : null}
      {editing ? (
        <EntryForm
          entry={editing === "new" ? null : editing}
          instruments={data?.instruments ?? []}
          onDone={() => {
            setEditing(null);
            void qc.invalidateQueries({ queryKey: ["directory"] });
          }}
        />
      ) : null}
      {remove.error ? (
        <p className="error" role="alert">
          {errorText(remove.error)}
        </p>
      ) : null}
      {isLoading ? <p role="status">{t("common:shell.loading")}</p> : null}
      {error ? (
        <p className="error" role="alert">
          {errorText(error)}
        </p>
      ) : null}
      {data && data.entries.length === 0 ? <p data-testid="directory-empty">{t("empty")}</p> : null}
      {data?.entries.map((e) => {
        const stored = e.origin === "administrator" || e.origin === "import";
        return (
          <EntryCard
            key={e.id}
            entry={e}
            titles={titles}
            onEdit={canManage && stored ? () => setEditing(e) : undefined}
            onDelete={canManage && stored && e.version !== null ? () => remove.mutate(e) : undefined}
          />
        );
      })}
    </div>
  );
}

const WEEKDAYS = [1, 2, 3, 4, 5];

/** The administrator's form: one source for what is entered, applied to each field group given. */
function EntryForm({
  entry,
  instruments,
  onDone,
}: {
  entry: ShownEntry | null;
  instruments: DirectoryAnswer["instruments"];
  onDone: () => void;
}) {
  const { t } = useTranslation("directory");
  const qc = useQueryClient();
  const [jurisdiction, setJurisdiction] = useState(entry?.jurisdiction ?? "");
  const [authority, setAuthority] = useState(entry?.authority ?? "");
  const [role, setRole] = useState<"central" | "executing">(entry?.role ?? "central");
  const [instrument, setInstrument] = useState(entry?.instruments[0]?.instrument ?? "");
  const [languages, setLanguages] = useState(
    entry?.languages
      .filter((l) => !l.recordedIn)
      .flatMap((l) => l.languages)
      .join(", ") ?? "",
  );
  const [address, setAddress] = useState(entry?.address?.text ?? "");
  const [email, setEmail] = useState(entry?.channels.find((c) => c.kind === "email")?.value ?? "");
  const [urgent, setUrgent] = useState(entry?.urgent?.contact ?? "");
  const [zone, setZone] = useState(entry?.hours?.zone ?? "");
  const [opens, setOpens] = useState(entry?.hours?.opens ?? "09:00");
  const [closes, setCloses] = useState(entry?.hours?.closes ?? "17:00");
  const [document, setDocument] = useState(entry?.source.document ?? "");
  const [article, setArticle] = useState(entry?.source.article ?? "");
  const [url, setUrl] = useState(entry?.source.url ?? "");
  const [lastChecked, setLastChecked] = useState(entry?.lastChecked ?? new Date().toISOString().slice(0, 10));
  const save = useMutation({
    mutationFn: () => {
      const source = { document, ...(article ? { article } : {}), ...(url ? { url } : {}) };
      const langs = languages
        .split(/[\s,]+/)
        .map((l) => l.trim())
        .filter(Boolean);
      const body = {
        jurisdiction,
        authority,
        role,
        source,
        lastChecked,
        instruments: instrument ? [{ instrument, source }] : [],
        languages: langs.length ? [{ ...(instrument ? { instrument } : {}), languages: langs, source }] : [],
        channels: email ? [{ kind: "email", value: email, source }] : [],
        ...(address ? { address: { text: address, source } } : {}),
        ...(urgent ? { urgent: { contact: urgent, source } } : {}),
        ...(zone ? { hours: { zone, days: entry?.hours?.days ?? WEEKDAYS, opens, closes, source } } : {}),
      };
      return entry
        ? api(`/directory/${entry.id}`, { method: "PUT", body: { ...body, version: entry.version ?? 0 } })
        : api("/directory", { method: "POST", body });
    },
    onSuccess: onDone,
    onError: (err) => {
      if (isVersionConflict(err)) void qc.invalidateQueries({ queryKey: ["directory"] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const codes = [...JURISDICTIONS.keys()].sort((a, b) => regionName(a).localeCompare(regionName(b), locale()));
  return (
    <form className="card form-grid" onSubmit={submit} aria-label={entry ? t("editTitle") : t("addTitle")}>
      <h2 className="form-title">{entry ? t("editTitle") : t("addTitle")}</h2>
      <label>
        {t("form.state")}
        <select required value={jurisdiction} onChange={(e) => setJurisdiction(e.target.value)} name="jurisdiction">
          <option value="" />
          {codes.map((c) => (
            <option key={c} value={c}>
              {regionName(c)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("form.authority")}
        <input required value={authority} onChange={(e) => setAuthority(e.target.value)} name="authority" />
      </label>
      <label>
        {t("form.role")}
        <select value={role} onChange={(e) => setRole(e.target.value as "central" | "executing")}>
          <option value="central">{t("roles.central")}</option>
          <option value="executing">{t("roles.executing")}</option>
        </select>
      </label>
      <label>
        {t("form.instrument")}
        <select value={instrument} onChange={(e) => setInstrument(e.target.value)} name="instrument">
          <option value="" />
          <InstrumentOptions instruments={instruments} />
        </select>
      </label>
      <label>
        {t("form.languages")}
        <input value={languages} onChange={(e) => setLanguages(e.target.value)} placeholder="ru, en" name="languages" />
      </label>
      <label className="wide">
        {t("form.address")}
        <textarea value={address} onChange={(e) => setAddress(e.target.value)} name="address" />
      </label>
      <label>
        {t("form.email")}
        <input value={email} onChange={(e) => setEmail(e.target.value)} name="email" />
      </label>
      <label>
        {t("form.urgent")}
        <input value={urgent} onChange={(e) => setUrgent(e.target.value)} name="urgent" />
      </label>
      <label>
        {t("form.zone")}
        <input value={zone} onChange={(e) => setZone(e.target.value)} placeholder="Europe/Moscow" name="zone" />
      </label>
      <label>
        {t("form.opens")}
        <input type="time" value={opens} onChange={(e) => setOpens(e.target.value)} name="opens" />
      </label>
      <label>
        {t("form.closes")}
        <input type="time" value={closes} onChange={(e) => setCloses(e.target.value)} name="closes" />
      </label>
      <label className="wide">
        {t("form.sourceDocument")}
        <input required value={document} onChange={(e) => setDocument(e.target.value)} name="sourceDocument" />
      </label>
      <label>
        {t("form.sourceArticle")}
        <input value={article} onChange={(e) => setArticle(e.target.value)} name="sourceArticle" />
      </label>
      <label>
        {t("form.sourceUrl")}
        <input value={url} onChange={(e) => setUrl(e.target.value)} name="sourceUrl" />
      </label>
      <label>
        {t("form.lastChecked")}
        <input type="date" required value={lastChecked} onChange={(e) => setLastChecked(e.target.value)} name="lastChecked" />
      </label>
      <p className="meta wide">{t("form.sourceNote")}</p>
      {save.error ? (
        <p className="error wide" role="alert">
          {errorText(save.error)}
        </p>
      ) : null}
      <div className="actions wide">
        <button type="submit" disabled={save.isPending}>
          {t("save")}
        </button>
        <button type="button" onClick={onDone}>
          {t("cancel")}
        </button>
      </div>
    </form>
  );
}

interface ImportReport {
  signer: { jurisdiction: string; authority: string; fingerprint: string; self: boolean };
  added: { jurisdiction: string; authority: string }[];
  updated: { jurisdiction: string; authority: string; fields: string[] }[];
  unchanged: number;
  skipped: number;
}

/** The administrator's import of a signed directory file (`rogatory directory export` on this or a partner node). */
function ImportFile() {
  const { t } = useTranslation("directory");
  const qc = useQueryClient();
  const run = useMutation({
    mutationFn: async (file: File) => {
      let body: unknown;
      try {
        body = JSON.parse(await file.text());
      } catch {
        throw new Error(t("import.notJson"));
      }
      return api<ImportReport>("/directory/import", { method: "POST", body });
    },
    onSettled: () => qc.invalidateQueries({ queryKey: ["directory"] }),
  });
  const r = run.data;
  return (
    <div>
      <label>
        {t("import.label")}
        <input
          type="file"
          accept="application/json,.json"
          data-testid="directory-import"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) run.mutate(f);
            e.target.value = "";
          }}
        />
      </label>
      {r ? (
        <p role="status" data-testid="directory-import-report">
          {t("import.done", {
            signer: `${r.signer.authority} (${regionName(r.signer.jurisdiction)})`,
            added: r.added.length,
            updated: r.updated.length,
            unchanged: r.unchanged,
            skipped: r.skipped,
          })}
        </p>
      ) : null}
      {run.error ? (
        <p className="error" role="alert">
          {errorText(run.error)}
        </p>
      ) : null}
    </div>
  );
}
