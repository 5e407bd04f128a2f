/**
 * The directory of central authorities as it is read (issue 16 §1): one list merged, at read time, from
 * three sources, each entry and each field group carrying its own `source`:
 * - the knowledge base's designations (reservation effect `designated_authority` in
 *   knowledge/parties/*.yaml — the notifications UNTOC art. 18(13) and UNCAC art. 46(13) ask for), with the
 *   languages the same party declared for the instrument (effect `language`);
 * - the exchange's partners, as their signed identity endpoints describe them (signed-in users only:
 *   which nodes this one pairs with is not published);
 * - the entries an administrator wrote or imported from a signed file (table directory_entry).
 * Derived entries are never stored, so they cannot drift from the knowledge base or the partner table.
 */
import type { Kysely, Selectable, Transaction } from "kysely";
import type { Database, DirectoryEntryTable } from "../db/schema.js";
import type { KnowledgeBase } from "../law/knowledge.js";
import type { Reservation, Source } from "../law/schema.js";
import type { DirectorySource, EntryDetail } from "./schema.js";

/** Where an entry comes from. */
export type EntryOrigin = "knowledge" | "identity" | "administrator" | "import";

/** A provision that lets an executing authority be addressed directly under an instrument (e.g. CETS 182 art. 4). */
export interface DirectAddress {
  provision: string;
  instrument: string;
  article: string;
  summary: string;
}

/** One entry of the directory as the API answers it. */
export interface DirectoryEntry {
  /** A UUID for stored entries; `kb:<reservation id>` or `partner:<id>` for derived ones. */
  id: string;
  origin: EntryOrigin;
  jurisdiction: string;
  authority: string;
  role: "central" | "executing";
  source: DirectorySource;
  /** When the entry was last checked against its source (null where the source gives no date). */
  lastChecked: string | null;
  /** Stored entries only: the version a write must carry. */
  version: number | null;
  instruments: (EntryDetail["instruments"][number] & { directAddress?: DirectAddress[] })[];
  address?: EntryDetail["address"];
  channels: EntryDetail["channels"];
  /** Languages accepted, per instrument; `recordedIn` names the knowledge base's declaration when it comes from there. */
  languages: (EntryDetail["languages"][number] & { recordedIn?: string })[];
  urgent?: EntryDetail["urgent"];
  hours?: EntryDetail["hours"];
}

export interface DirectoryFilter {
  jurisdiction?: string;
  instrument?: string;
  /** Whether partner nodes' entries are included (signed-in users only). */
  partners?: boolean;
}

type Db = Kysely<Database> | Transaction<Database>;

/** A knowledge-base source as the directory cites it. */
export function sourceOf(s: Source, article?: string): DirectorySource {
  return {
    document: s.document ?? s.url ?? "knowledge base",
    ...(article || s.article ? { article: article ?? s.article } : {}),
    ...(s.url ? { url: s.url } : {}),
  };
}

const inEffect = (r: Reservation, on: string) => (!r.validFrom || r.validFrom <= on) && (!r.validTo || r.validTo > on);

/** The reservations a jurisdiction made to an instrument (its own, or those made for it as a territory). */
function reservationsOf(kb: KnowledgeBase, instrument: string, jurisdiction: string): Reservation[] {
  const entry = kb.parties.get(instrument)?.get(jurisdiction);
  if (!entry) return [];
  return entry.via ? (entry.via.reservations ?? []) : (entry.party.reservations ?? []);
}

/** The languages a jurisdiction declared it accepts requests in under an instrument, from the knowledge base. */
export function declaredLanguages(kb: KnowledgeBase, instrument: string, jurisdiction: string, on: string): DirectoryEntry["languages"] {
  return reservationsOf(kb, instrument, jurisdiction)
    .filter((r) => r.effect.type === "language" && inEffect(r, on))
    .map((r) => ({
      instrument,
      languages: r.effect.type === "language" ? [...r.effect.languages] : [],
      source: sourceOf(r.source, r.article),
      recordedIn: r.id,
    }));
}

/** Provisions of the instrument, or of a protocol supplementing it, that open direct addressing between judicial authorities. */
export function directAddressFor(kb: KnowledgeBase, instrument: string): DirectAddress[] {
  const out: DirectAddress[] = [];
  for (const inst of kb.instrumentList) {
    if (inst.id !== instrument && inst.supplements !== instrument) continue;
    for (const p of inst.provisions)
      if (p.kind === "channel" && p.channels.includes("direct_judicial"))
        out.push({ provision: p.id, instrument: inst.id, article: p.article, summary: p.summary });
  }
  return out;
}

/** The designations recorded in the knowledge base, one entry per designating declaration. */
export function knowledgeEntries(kb: KnowledgeBase, on: string): DirectoryEntry[] {
  const out: DirectoryEntry[] = [];
  for (const [instrument, file] of kb.partyFiles) {
    for (const party of file.parties) {
      const holders = [
        { jurisdiction: party.jurisdiction, reservations: party.reservations ?? [] },
        ...(party.territories ?? []).map((t) => ({ jurisdiction: t.jurisdiction, reservations: t.reservations ?? [] })),
      ];
      for (const h of holders)
        for (const r of h.reservations) {
          if (r.effect.type !== "designated_authority" || !inEffect(r, on)) continue;
          const source = sourceOf(r.source, r.article);
          out.push({
            id: `kb:${r.id}`,
            origin: "knowledge",
            jurisdiction: h.jurisdiction,
            authority: r.effect.authority,
            role: "central",
            source,
            // The date the source was read, where it says; the party table's status date is not a check of the declaration.
            lastChecked: r.source.asOf ?? null,
            version: null,
            instruments: [{ instrument, declaration: `${r.kind} (${r.article}): ${r.summary}`, source }],
            channels: [],
            languages: declaredLanguages(kb, instrument, h.jurisdiction, on),
          });
        }
    }
  }
  return out;
}

/** The exchange's active partners, as their signed identity endpoints describe them. */
export async function partnerEntries(db: Db): Promise<DirectoryEntry[]> {
  const rows = await db.selectFrom("exchange_partner").selectAll().where("status", "=", "active").execute();
  return rows.map((p) => {
    const fetched = new Date(p.refreshed_at).toISOString().slice(0, 10);
    const source: DirectorySource = { document: `identity endpoint ${p.endpoint}/api/v1/exchange/identity, fetched ${fetched}` };
    return {
      id: `partner:${p.id}`,
      origin: "identity" as const,
      jurisdiction: p.jurisdiction,
      authority: p.authority,
      role: "central" as const,
      source,
      lastChecked: fetched,
      version: null,
      instruments: [],
      channels: [{ kind: "exchange" as const, value: p.endpoint, fingerprint: p.fingerprint, source }],
      languages: [],
    };
  });
}

/** A stored row as an entry. */
export function storedEntry(row: Selectable<DirectoryEntryTable>): DirectoryEntry {
  const d = row.detail as EntryDetail;
  return {
    id: row.id,
    origin: row.origin,
    jurisdiction: row.jurisdiction,
    authority: row.authority,
    role: row.role,
    source: row.source as DirectorySource,
    lastChecked: row.last_checked,
    version: row.version,
    instruments: d.instruments ?? [],
    ...(d.address ? { address: d.address } : {}),
    channels: d.channels ?? [],
    languages: d.languages ?? [],
    ...(d.urgent ? { urgent: d.urgent } : {}),
    ...(d.hours ? { hours: d.hours } : {}),
  };
}

/** Adds what the knowledge base says of an entry's instruments: declared languages and direct addressing. */
function enrich(kb: KnowledgeBase, e: DirectoryEntry, on: string): DirectoryEntry {
  const languages = [...e.languages];
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
  if (e.origin !== "knowledge")
    for (const i of e.instruments)
      for (const l of declaredLanguages(kb, i.instrument, e.jurisdiction, on))
        if (!languages.some((x) => x.instrument === l.instrument && same(x.languages, l.languages))) languages.push(l);
  const instruments =
    e.role === "executing"
      ? e.instruments.map((i) => {
          const direct = directAddressFor(kb, i.instrument);
          return direct.length ? { ...i, directAddress: direct } : i;
        })
      : e.instruments;
  return { ...e, languages, instruments };
}

const ROLE_ORDER = { central: 0, executing: 1 } as const;

/** The directory, filtered by jurisdiction and instrument, in a stable order. */
export async function readDirectory(db: Db, kb: KnowledgeBase, filter: DirectoryFilter, on: string): Promise<DirectoryEntry[]> {
  let q = db.selectFrom("directory_entry").selectAll();
  if (filter.jurisdiction) q = q.where("jurisdiction", "=", filter.jurisdiction);
  const stored = (await q.execute()).map(storedEntry);
  const all = [...knowledgeEntries(kb, on), ...(filter.partners ? await partnerEntries(db) : []), ...stored]
    .filter((e) => !filter.jurisdiction || e.jurisdiction === filter.jurisdiction)
    .filter((e) => !filter.instrument || e.instruments.some((i) => i.instrument === filter.instrument))
    .map((e) => enrich(kb, e, on));
  return all.sort(
    (a, b) =>
      a.jurisdiction.localeCompare(b.jurisdiction) ||
      ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
      a.authority.localeCompare(b.authority) ||
      a.id.localeCompare(b.id),
  );
}
