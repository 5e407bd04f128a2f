/**
 * The addressee of a drafted request (issue 16 §1, "send to the right authority, in the language it
 * accepts"): the requested state's central authority for the basis the request is made under, read from
 * the directory the day the draft is saved and kept in the draft (src/drafting/draft.ts addresseeSchema),
 * so a document generated again later says what it said then.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.js";
import type { DraftAddressee } from "../drafting/draft.js";
import { citeOf } from "../law/basis.js";
import type { KnowledgeBase } from "../law/knowledge.js";
import { type DirectoryEntry, readDirectory } from "./entries.js";

type Db = Kysely<Database> | Transaction<Database>;

/**
 * An administrator's or an imported entry first: it is the one somebody checked and gave an address to;
 * then the knowledge base's designation. Within each, the directory's own order (stable).
 */
const PREFERENCE = { administrator: 0, import: 0, knowledge: 1, identity: 2 } as const;

/** The central authority a request to `jurisdiction` under `instrument` goes to, as the directory has it on `on`. */
export async function addresseeFor(
  db: Db,
  kb: KnowledgeBase,
  jurisdiction: string,
  instrument: string,
  on: string,
): Promise<DraftAddressee> {
  const entries = await readDirectory(db, kb, { jurisdiction, instrument }, on);
  const central = entries.filter((e) => e.role === "central").sort((a, b) => PREFERENCE[a.origin] - PREFERENCE[b.origin]);
  const e = central[0];
  if (!e) return { jurisdiction, instrument, readOn: on, languages: [] };
  return { jurisdiction, instrument, readOn: on, entry: entryOf(e), languages: languagesOf(kb, e, instrument) };
}

function entryOf(e: DirectoryEntry): NonNullable<DraftAddressee["entry"]> {
  const email = e.channels.find((c) => c.kind === "email" && c.value);
  return {
    id: e.id,
    authority: e.authority,
    source: e.source,
    ...(e.address ? { address: e.address } : {}),
    ...(email?.value ? { email: { value: email.value, source: email.source } } : {}),
  };
}

/** The languages the entry accepts under the instrument (or under any), each group cited as the checker words it. */
function languagesOf(kb: KnowledgeBase, e: DirectoryEntry, instrument: string): DraftAddressee["languages"] {
  const inst = kb.instruments.get(instrument);
  return e.languages
    .filter((l) => !l.instrument || l.instrument === instrument)
    .map((l) => ({
      languages: [...l.languages],
      // Cited as the law's answers cite ("UNTOC, Art. 18(14)") where the declaration names its article;
      // by the document that says so otherwise.
      cite: inst && l.source.article ? citeOf(inst, l.source.article) : l.source.document,
      provision: l.recordedIn ?? e.id,
    }));
}
