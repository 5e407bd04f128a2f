/**
 * `rogatory directory export|import`: the directory of central authorities as a file, at the server's
 * console. The JSON export is signed with this node's key when the exchange is on (a node key
 * passphrase is set); CSV is for reading (UTF-8 with a byte-order mark). An import verifies the
 * signature against a trusted partner's key or this node's own, then applies the file in one
 * transaction and says what changed.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { readConfig } from "../config.js";
import type { OpenDatabase } from "../db/database.js";
import type { DirectoryContext } from "../directory/directoryEditor.js";
import { directoryFile, type ImportReport, importDirectory, MAX_DIRECTORY_BYTES } from "../directory/transfer.js";
import { EXCHANGE_OFF_MESSAGE, startExchange } from "../exchange/runtime.js";
import { cachedKnowledgeFiles } from "../knowledge/cache.js";
import { DEFAULT_SECURITY } from "../accounts/context.js";
import { buildKnowledgeBase } from "../law/knowledge.js";
import { systemClock } from "../security/clock.js";

export interface DirectoryCliDeps {
  print: (s: string) => void;
  /** Progress and notes, on standard error, so standard output stays the file. */
  note: (s: string) => void;
  withDatabase: <T>(fn: (db: OpenDatabase) => Promise<T>) => Promise<T>;
  fail: (exitCode: number, message: string) => Error;
}

const CONSOLE = { userId: null, label: "server console (rogatory directory import)" };

async function contextOf(d: OpenDatabase): Promise<DirectoryContext> {
  const kb = buildKnowledgeBase(await cachedKnowledgeFiles());
  return { db: d.db, clock: systemClock, settings: DEFAULT_SECURITY, kb };
}

/** `rogatory directory export`. */
export async function exportCommand(
  deps: DirectoryCliDeps,
  o: { format: string; out?: string; jurisdiction?: string; instrument?: string },
): Promise<void> {
  if (o.format !== "json" && o.format !== "csv") throw deps.fail(2, `error: --format: "${o.format}" must be json or csv`);
  const config = readConfig();
  await deps.withDatabase(async (d) => {
    const ctx = await contextOf(d);
    if (o.instrument && !ctx.kb.instruments.has(o.instrument))
      throw deps.fail(2, `error: --instrument: "${o.instrument}" is not an instrument of the knowledge base`);
    const keyring = config.exchange
      ? (await startExchange(d.db, systemClock, { ...config.exchange, jurisdiction: config.jurisdiction })).keyring
      : undefined;
    const file = await directoryFile(ctx, keyring, o.format === "csv" ? "csv" : "json", {
      jurisdiction: o.jurisdiction,
      instrument: o.instrument,
    });
    const { text, signedBy } = file;
    const how =
      o.format === "csv"
        ? "CSV, UTF-8"
        : signedBy
          ? `JSON signed by ${signedBy.authority} (${signedBy.jurisdiction}), key ${signedBy.fingerprint}`
          : "JSON, unsigned (the exchange is off: no node key to sign with; another node cannot import it)";
    if (o.out) {
      writeFileSync(o.out, text);
      deps.print(`Exported ${file.entries} entries to ${o.out} (${how}).`);
    } else {
      deps.note(`${file.entries} entries (${how}).`);
      deps.print(text.trimEnd());
    }
  });
}

function reportLines(r: ImportReport): string[] {
  return [
    `Signed by ${r.signer.authority} (${r.signer.jurisdiction})${r.signer.self ? ", this node" : ""}, key ${r.signer.fingerprint}.`,
    ...r.added.map((a) => `  added    ${a.jurisdiction}  ${a.authority}`),
    ...r.updated.map((u) => `  updated  ${u.jurisdiction}  ${u.authority}  (${u.fields.join(", ")})`),
    `${r.added.length} added, ${r.updated.length} updated, ${r.unchanged} unchanged, ${r.skipped} from the signer's knowledge base or partners (not imported: this node reads its own).`,
  ];
}

/** `rogatory directory import <file>`. */
export async function importCommand(deps: DirectoryCliDeps, file: string): Promise<void> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw deps.fail(2, `error: cannot read ${file} (${err instanceof Error ? err.message : String(err)})`);
  }
  if (bytes.length > MAX_DIRECTORY_BYTES) throw deps.fail(2, `error: ${file} is larger than ${MAX_DIRECTORY_BYTES} bytes`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString("utf8"));
  } catch (err) {
    throw deps.fail(2, `error: ${file} is not readable JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const config = readConfig();
  if (!config.exchange) throw deps.fail(1, `error: a directory file is verified with the exchange's keys. ${EXCHANGE_OFF_MESSAGE}`);
  const settings = config.exchange;
  await deps.withDatabase(async (d) => {
    const ctx = await contextOf(d);
    const x = await startExchange(d.db, systemClock, { ...settings, jurisdiction: config.jurisdiction });
    const report = await importDirectory(ctx, { partners: x.directory }, CONSOLE, parsed, null, (done, total) => {
      if (done === total || done % 50 === 0) deps.note(`  checking and applying [${done}/${total}]`);
    });
    for (const line of reportLines(report)) deps.print(line);
  });
}
