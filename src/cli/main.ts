/** The `rogatory` command line. Input errors exit with code 2 and name the bad value. */
// Only what every command needs is imported here; each command imports the rest when it runs
// (`await import(...)`), so `rogatory basis` does not load the database, the documents or the exchange.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { Command, Option } from "commander";
import type { z } from "zod";
import type { OpenDatabase } from "../db/database.js";
import { DOCUMENT_LANGUAGES, type DocumentLanguage } from "../drafting/draft.js";
import { DomainError } from "../errors.js";
import { cachedKnowledgeFiles } from "../knowledge/cache.js";
import { parseBasisQuery, resolveBasis } from "../law/basis.js";
import { MEASURES, OFFENCE_FAMILIES } from "../law/codes.js";
import { isDateInRange, notAcceptedDate } from "../law/dates.js";
import { LawInputError } from "../law/errors.js";
import { KnowledgeError, buildKnowledgeBase } from "../law/knowledge.js";
import { safeConductEnds } from "../law/safe-conduct.js";
import { withWarnings } from "../law/warnings.js";
import { isoDate } from "../law/schema.js";
import { email, jurisdictionCode, parseOption, text } from "../validation/schemas.js";
import { formatBasis, formatSafeConduct } from "./format.js";

/** Ends a command with an exit code and a message (printed on stderr). */
class CliExit extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** Opens the workbench's database as `npm start` would (DATABASE_URL, or PGlite under ROGATORY_DATA_DIR). */
async function withDatabase<T>(fn: (db: OpenDatabase) => Promise<T>): Promise<T> {
  const [{ readConfig }, { serverIsRunning }, { openDatabase }] = await Promise.all([
    import("../config.js"),
    import("../operations/controlSocket.js"),
    import("../db/database.js"),
  ]);
  const config = readConfig();
  // PGlite serves one process: opening a data directory a running server holds would corrupt it.
  if (!config.databaseUrl && (await serverIsRunning(config.dataDir)))
    throw new CliExit(
      1,
      `error: a Rogatory server is running on ${config.dataDir}; embedded PGlite serves one process, so stop the server first (or do this through the web app or the API). "rogatory backup" works while it runs.`,
    );
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** A commander parser checking an option with the shared schemas (as the API does): a bad value exits 2 naming the option and the rule. */
function checked<T>(schema: z.ZodType<T>, option: string): (value: string) => T {
  return (value) => {
    try {
      return parseOption(schema, option, value);
    } catch (err) {
      throw new CliExit(2, `error: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
}

/** A commander parser for a date option: a real date between the accepted bounds, or exit 2 naming it. */
function dateOption(option: string): (value: string) => string {
  return (value) => {
    if (!isDateInRange(value)) throw new CliExit(2, `error: ${option}: ${notAcceptedDate(value)}`);
    return value;
  };
}

const asEmail = checked(email(), "--as");

async function knowledge() {
  return buildKnowledgeBase(await cachedKnowledgeFiles());
}

/** What the case commands work with: the database, the clock and the law. */
async function caseContext(d: OpenDatabase) {
  const { systemClock } = await import("../security/clock.js");
  return { db: d.db, clock: systemClock, kb: await knowledge() };
}

/** The top-level commands defined in this file; any other first word may be `exchange` or a request for help. */
const OWN_COMMANDS = new Set([
  "basis",
  "safe-conduct",
  "knowledge",
  "audit",
  "digest",
  "case",
  "draft",
  "backup",
  "restore",
  "users",
  "tsp",
  "directory",
]);

/** Builds the command tree (with the exchange's commands when their module is given). */
function buildProgram(print: (s: string) => void, exchange?: typeof import("./exchange.js")): Command {
  const program = new Command()
    .name("rogatory")
    .description("Rogatory: mutual legal assistance in criminal matters, from the command line")
    .exitOverride()
    .configureOutput({ writeOut: (s) => print(s.trimEnd()) });

  program
    .command("basis")
    .description("the legal basis for a request from one jurisdiction to another on a date, and what it demands")
    .requiredOption("--from <code>", "requesting jurisdiction (ISO 3166-1 alpha-2)")
    .requiredOption("--to <code>", "requested jurisdiction (ISO 3166-1 alpha-2)")
    .requiredOption("--on <date>", "date of the request, YYYY-MM-DD", dateOption("--on"))
    .option("--measure <code>", `a measure sought, repeatable: ${MEASURES.join(", ")}`, collect, [])
    .option("--offence <family>", `offence family: ${OFFENCE_FAMILIES.join(", ")}`)
    .option("--json", "print the JSON contract")
    .action(async (o: { from: string; to: string; on: string; measure: string[]; offence?: string; json?: boolean }) => {
      const kb = await knowledge();
      const answer = resolveBasis(kb, parseBasisQuery({ from: o.from, to: o.to, on: o.on, measures: o.measure, offence: o.offence }));
      // The JSON carries what the data cannot vouch for (`warnings`), as GET /api/v1/basis does.
      print(o.json ? JSON.stringify(withWarnings(kb, answer), null, 2) : formatBasis(kb, answer));
    });

  program
    .command("safe-conduct")
    .description("when a witness's safe conduct ends under a basis")
    .requiredOption("--basis <instrument>", "instrument id, e.g. us-ru-mlat-1999")
    .requiredOption("--released <date>", "date the person's presence was no longer required, YYYY-MM-DD", dateOption("--released"))
    .option("--extended", "the requesting party extended the period")
    .option("--json", "print JSON")
    .action(async (o: { basis: string; released: string; extended?: boolean; json?: boolean }) => {
      const answer = safeConductEnds(await knowledge(), { basis: o.basis, released: o.released, extended: o.extended === true });
      print(o.json ? JSON.stringify(answer, null, 2) : formatSafeConduct(answer));
    });

  const k = program.command("knowledge").description("the knowledge base of instruments, parties and provisions");
  k.command("check")
    .description("validate the knowledge files and print coverage")
    .addOption(new Option("--json", "print coverage as JSON"))
    .action(async (o: { json?: boolean }) => {
      const { coverageOf, formatCoverage } = await import("../knowledge/coverage.js");
      const kb = await knowledge();
      const c = coverageOf(kb);
      print(
        o.json
          ? JSON.stringify(c, null, 2)
          : `Knowledge base is valid: ${kb.instruments.size} instruments, ${kb.provisions.size} provisions.\n\n${formatCoverage(c)}`,
      );
      // The import's validation: impossible dates or a computed date the rule does not give fail the check.
      if (c.problems.length > 0) throw new CliExit(1, `knowledge check: ${c.problems.length} problem(s) in the party data (listed above)`);
      // Every text in every language, and no translation of a text that changed (src/law/translations.ts).
      const { TRANSLATED_LANGUAGES, checkTranslations, parseTranslations } = await import("../law/translations.js");
      const translations = parseTranslations(await cachedKnowledgeFiles());
      const bad: string[] = [];
      for (const language of TRANSLATED_LANGUAGES) {
        const file = translations.get(language);
        if (!file) {
          bad.push(`${language}: no file knowledge/translations/${language}.yaml`);
          continue;
        }
        const p = checkTranslations(kb, file);
        for (const en of p.missing) bad.push(`${language}: not translated: "${en}"`);
        for (const en of p.orphans) bad.push(`${language}: translates a text the knowledge base no longer has: "${en}"`);
        for (const en of p.duplicates) bad.push(`${language}: translated twice: "${en}"`);
        if (!o.json) print(`Translations (${language}): ${file.texts.length} texts, ${file.status}.`);
      }
      if (bad.length > 0) {
        for (const line of bad.slice(0, 50)) print(`- ${line}`);
        throw new CliExit(1, `knowledge check: ${bad.length} problem(s) in the translations${bad.length > 50 ? " (first 50 listed)" : ""}`);
      }
    });
  k.command("import")
    .description("import a party status table (and its reservations as flags), or a bilateral list, into the knowledge files")
    .option("--instrument <id>", "instrument id, e.g. untoc-2000")
    .option("--bilateral <list>", "a bilateral list instead: knowledge/bilateral/<list>.yaml (needs --hub)")
    .option("--hub <code>", "the hub jurisdiction of the bilateral list, e.g. US")
    .requiredOption("--csv <file>", "the table: state_iso2,state_name,signed,consent_kind,consent_date,in_force,source,notes")
    .option("--reservations <file>", "a reservation table (state_iso2,kind,summary,source), recorded as flags")
    .option("--flag-caution <text>", "a warning stored on every flag of the reservation table")
    .option("--status-as-of <date>", "the date the table was current, YYYY-MM-DD")
    .option("--complete", "declare the table complete: a state absent from it is not a party as of the status date")
    .option("--missing <text>", "what the table lacks, recorded in the file")
    .option("--dry-run", "show the difference without writing")
    .option("--knowledge-dir <dir>", "the knowledge folder (default: the repository's knowledge/)")
    .action(
      async (o: {
        instrument?: string;
        bilateral?: string;
        hub?: string;
        csv: string;
        reservations?: string;
        flagCaution?: string;
        statusAsOf?: string;
        complete?: boolean;
        missing?: string;
        dryRun?: boolean;
        knowledgeDir?: string;
      }) => {
        if (o.statusAsOf !== undefined && !isoDate.safeParse(o.statusAsOf).success)
          throw new CliExit(2, `error: --status-as-of: "${o.statusAsOf}" is not a calendar date written YYYY-MM-DD`);
        if ((o.instrument === undefined) === (o.bilateral === undefined))
          throw new CliExit(2, "error: give exactly one of --instrument and --bilateral");
        const read = (file: string, option: string) => {
          try {
            return readFileSync(file, "utf8");
          } catch {
            throw new CliExit(2, `error: ${option}: cannot read ${file}`);
          }
        };
        const csv = read(o.csv, "--csv");
        const [{ ImportInputError, importBilateralTable, importPartyTable }, { formatChanges }, { TableError }] = await Promise.all([
          import("../knowledge/importTable.js"),
          import("../knowledge/partyImport.js"),
          import("../knowledge/partyTable.js"),
        ]);
        try {
          let result: ReturnType<typeof importPartyTable>;
          if (o.bilateral !== undefined) {
            if (!o.hub) throw new CliExit(2, "error: --bilateral needs --hub");
            result = importBilateralTable({
              list: o.bilateral,
              hub: o.hub,
              csv,
              csvName: o.csv,
              statusAsOf: o.statusAsOf,
              dryRun: o.dryRun === true,
              dir: o.knowledgeDir,
            });
          } else {
            let bar = false;
            result = importPartyTable({
              instrument: o.instrument as string,
              csv,
              csvName: o.csv,
              reservations: o.reservations
                ? { text: read(o.reservations, "--reservations"), name: o.reservations, caution: o.flagCaution }
                : undefined,
              statusAsOf: o.statusAsOf,
              complete: o.complete ? true : undefined,
              missing: o.missing,
              dryRun: o.dryRun === true,
              dir: o.knowledgeDir,
              // A plain progress bar on stderr for large tables, so the difference on stdout stays clean.
              progress: (done, total) => {
                if (total <= 50 || (done % 10 !== 0 && done !== total)) return;
                bar = true;
                const width = 30;
                const filled = Math.round((width * done) / total);
                process.stderr.write(`\r[${"#".repeat(filled)}${" ".repeat(width - filled)}] ${done}/${total} rows`);
              },
            });
            if (bar) process.stderr.write("\n");
          }
          print(formatChanges(result.changes));
          print(o.dryRun ? `Dry run: ${result.path} not written.` : result.written ? `Wrote ${result.path}.` : `${result.path} unchanged.`);
        } catch (err) {
          if (err instanceof TableError || err instanceof ImportInputError) throw new CliExit(2, `error: ${err.message}`);
          throw err;
        }
      },
    );
  k.command("instruments")
    .description("list the instruments")
    .action(async () => {
      for (const i of (await knowledge()).instrumentList)
        print(`${i.id.padEnd(22)} ${i.kind.padEnd(12)} ${(i.entryIntoForce ?? "not in force").padEnd(12)} ${i.title}`);
    });

  const audit = program.command("audit").description("the tamper-evident audit trail");
  audit
    .command("verify")
    .description(
      "recompute the hash chain of the audit trail and name the first broken link (exit 1 if broken); on embedded PGlite, stop the server first",
    )
    .option("--json", "print JSON")
    .action(async (o: { json?: boolean }) => {
      const { verifyChain } = await import("../audit/trail.js");
      const verdict = await withDatabase((d) => verifyChain(d.db));
      if (o.json) print(JSON.stringify(verdict, null, 2));
      if (!verdict.ok)
        throw new CliExit(
          1,
          `Audit trail BROKEN at event ${verdict.brokenAt}: ${verdict.reason} (${verdict.events} events before it verified).`,
        );
      if (!o.json) print(`Audit trail intact: ${verdict.events} events, chain head ${verdict.lastHash.slice(0, 16)}…`);
    });

  program
    .command("digest")
    .description("e-mail each officer their overdue and due-soon deadlines (ROGATORY_SMTP_URL); --dry-run prints instead")
    .option("--dry-run", "print the digests instead of sending them")
    .option("--within <days>", "days ahead", "7")
    .action(async (o: { dryRun?: boolean; within: string }) => {
      const [{ readConfig }, { sendDigests, smtpMailer }, { systemClock }] = await Promise.all([
        import("../config.js"),
        import("../cases/digest.js"),
        import("../security/clock.js"),
      ]);
      const config = readConfig();
      const within = Number(o.within);
      if (!Number.isInteger(within) || within < 0 || within > 365)
        throw new CliExit(2, `error: --within "${o.within}" must be 0 to 365 days`);
      if (!o.dryRun && !config.smtp) throw new CliExit(2, "error: ROGATORY_SMTP_URL is not set (use --dry-run to print the digests)");
      await withDatabase(async (d) => {
        const mailer: import("../cases/digest.js").Mailer =
          o.dryRun || !config.smtp
            ? { send: async (m) => print(`To: ${m.to}\nSubject: ${m.subject}\n\n${m.text}\n`) }
            : smtpMailer(config.smtp.url, config.smtp.from);
        const r = await sendDigests({ db: d.db, clock: systemClock, kb: await knowledge() }, mailer, {
          withinDays: within,
          workbenchUrl: config.publicUrl,
        });
        print(`${o.dryRun ? "Prepared" : "Sent"} ${r.sent} digest(s).`);
      });
    });

  const cases = program
    .command("case")
    .description(
      "cases, for an officer at the server's console (acting as the user given by --as; on embedded PGlite, stop the server first)",
    );
  const asUser = async (db: OpenDatabase["db"], email: string) => {
    const { actorOf, findByEmail } = await import("../accounts/users.js");
    const u = await findByEmail(db, email);
    if (!u || u.disabled_at) throw new CliExit(2, `error: --as: no active user with the email ${email}`);
    return actorOf(u);
  };
  const cli = { ip: null, userAgent: "cli" };
  cases
    .command("list")
    .description("the cases you may see")
    .requiredOption("--as <email>", "act as this user", asEmail)
    .option("--state <state>", "only cases in this state", checked(text({ max: 40 }), "--state"))
    .option("--json", "print JSON")
    .action(async (o: { as: string; state?: string; json?: boolean }) => {
      await withDatabase(async (d) => {
        const ctx = await caseContext(d);
        // Every case the user may see, read page by page (the API's pages are for screens).
        const list = [];
        const { allCases } = await import("../cases/queries.js");
        for await (const page of allCases(ctx, await asUser(d.db, o.as), { state: o.state })) list.push(...page);
        if (o.json) print(JSON.stringify(list, null, 2));
        else
          for (const c of list)
            print(
              `${c.reference.padEnd(16)} ${c.state.padEnd(22)} ${c.requesting}→${c.requested}  ${c.confidentiality.padEnd(21)} ${c.title}`,
            );
      });
    });
  cases
    .command("transition")
    .description("move a case through its workflow (same guards as the API)")
    .argument("<reference>", "the case's reference")
    .argument("<action>", "e.g. register, start_review, refuse, close")
    .requiredOption("--as <email>", "act as this user", asEmail)
    .option("--ground <code>", "a refusal or postponement ground, repeatable", collect, [])
    .option("--reasons <text>", "reasons for a refusal or postponement", checked(text({ max: 5000 }), "--reasons"))
    .action(async (reference: string, action: string, o: { as: string; ground: string[]; reasons?: string }) => {
      await withDatabase(async (d) => {
        const ctx = await caseContext(d);
        const actor = await asUser(d.db, o.as);
        const row = await d.db.selectFrom("case_file").select(["id", "version"]).where("reference", "=", reference).executeTakeFirst();
        if (!row) throw new CliExit(2, `error: no case ${reference}`);
        const [{ transition }, { readable }] = await Promise.all([import("../cases/casework.js"), import("../cases/presenter.js")]);
        const after = readable(
          await transition(ctx, actor, row.id, { action, version: row.version, grounds: o.ground, reasons: o.reasons }, cli),
        );
        print(`${reference}: now ${after.state} (version ${after.version}).`);
      });
    });
  cases
    .command("hearings")
    .description("a case's hearings by video link: status, each side's local time, the law that governs them")
    .argument("<reference>", "the case's reference")
    .requiredOption("--as <email>", "act as this user", asEmail)
    .option("--json", "print JSON")
    .action(async (reference: string, o: { as: string; json?: boolean }) => {
      await withDatabase(async (d) => {
        const ctx = await caseContext(d);
        const actor = await asUser(d.db, o.as);
        const row = await d.db.selectFrom("case_file").select(["id"]).where("reference", "=", reference).executeTakeFirst();
        if (!row) throw new CliExit(2, `error: no case ${reference}`);
        const [{ listHearings }, { localTime }] = await Promise.all([import("../hearings/hearings.js"), import("../hearings/zones.js")]);
        // A case the user may not see is "no case", exactly like an absent one.
        const found = await listHearings(ctx, actor, row.id, cli).catch((err: unknown) => {
          if (err instanceof Error && "status" in err && err.status === 404) throw new CliExit(2, `error: no case ${reference}`);
          throw err;
        });
        if (o.json) {
          print(JSON.stringify(found, null, 2));
          return;
        }
        const law = found.law;
        print(
          `Governing: ${law.governing.length > 0 ? law.governing.map((p) => p.cite).join("; ") : "no provision on hearings by video link recorded"}`,
        );
        print(
          `Perjury during the hearing punished under: ${law.perjury.law === "not_recorded" ? "not recorded" : `the law of the ${law.perjury.law.replace("_party", " state")} (${law.perjury.cite})`}`,
        );
        if (found.hearings.length === 0) print("No hearing by video link.");
        for (const h of found.hearings) {
          const side = (zone: string) => {
            const l = localTime(h.startsAt, zone);
            return `${l.date} ${l.time} ${zone} (UTC${l.offset})`;
          };
          print(
            `${h.status.padEnd(16)} ${h.startsAt.slice(0, 16).replace("T", " ")} UTC  ${found.requesting}: ${side(h.requestingZone)}  ${found.requested}: ${side(h.requestedZone)}  ${h.durationMinutes} min  ${h.measure}  seq ${h.sequence}`,
          );
        }
      });
    });
  const assets = program.command("assets").description("criminal assets: a case's register, the orders expiring");
  assets
    .command("list")
    .description(
      "a case's assets (status, value, orders, the disposal rule), or with --expiring the frozen assets whose orders expire soon",
    )
    .option("--case <reference>", "the case's reference")
    .option("--expiring [days]", "frozen assets of the cases you may see whose orders expire within this many days (default 30)")
    .requiredOption("--as <email>", "act as this user", asEmail)
    .option("--json", "print JSON")
    .action(async (o: { case?: string; expiring?: string | boolean; as: string; json?: boolean }) => {
      await withDatabase(async (d) => {
        const ctx = await caseContext(d);
        const actor = await asUser(d.db, o.as);
        const { assetRegister, listCaseAssets, citeLine } = await import("../assets/queries.js");
        if (o.expiring !== undefined) {
          const days = o.expiring === true ? 30 : Number(o.expiring);
          if (!Number.isInteger(days) || days < 1 || days > 366)
            throw new CliExit(2, "error: --expiring must be a whole number of days from 1 to 366");
          const reg = await assetRegister(ctx, actor, { withinDays: days });
          if (o.json) return print(JSON.stringify(reg.expiring, null, 2));
          if (reg.expiring.length === 0) print(`No freezing order expires within ${days} days.`);
          for (const r of reg.expiring)
            print(`${r.freezeExpiresOn}  ${r.reference.padEnd(16)} ${r.kind.padEnd(14)} ${r.location}  ${r.description}`);
          return;
        }
        if (!o.case) throw new CliExit(2, "error: give --case <reference> (or --expiring)");
        const row = await d.db.selectFrom("case_file").select(["id"]).where("reference", "=", o.case).executeTakeFirst();
        if (!row) throw new CliExit(2, `error: no case ${o.case}`);
        // A case the user may not see is "no case", exactly like an absent one.
        const found = await listCaseAssets(ctx, actor, row.id, cli).catch((err: unknown) => {
          if (err instanceof Error && "status" in err && err.status === 404) throw new CliExit(2, `error: no case ${o.case}`);
          throw err;
        });
        if (o.json) return print(JSON.stringify(found, null, 2));
        print(
          `Disposal rule: ${found.law.disposal.rule}${found.law.disposal.citations.length ? ` (${citeLine(found.law.disposal.citations)})` : ""}`,
        );
        if (found.assets.length === 0) print("No asset recorded.");
        for (const a of found.assets) {
          const money = a.proceeds
            ? `${a.proceeds.amount} ${a.proceeds.currency} realised`
            : a.value
              ? `${a.value.amount} ${a.value.currency} estimated`
              : "no value";
          const order =
            a.status === "frozen" && a.freeze ? `  frozen until ${a.freeze.expiresOn ?? "?"} (${a.freeze.order ?? "no order"})` : "";
          print(`${a.status.padEnd(12)} ${a.kind.padEnd(14)} ${a.location}  ${money}${order}  ${a.description}`);
        }
      });
    });
  program
    .command("statistics")
    .description(
      "the statistics of a year or a period (need-to-know as on the page: a small figure you may not see whole is <5, a figure that would give it away is hidden)",
    )
    .requiredOption("--as <email>", "act as this user", asEmail)
    .option("--year <year>", "a calendar year (default: this year)")
    .option("--from <date>", "first day of a period (YYYY-MM-DD), instead of --year", dateOption("--from"))
    .option("--to <date>", "last day of the period (default: today)", dateOption("--to"))
    .option("--direction <direction>", "incoming (received) or outgoing (sent); both if absent")
    .option("--json", "print the figures as JSON (as GET /api/v1/statistics)")
    .option("--csv", "print the figures as CSV (as the export)")
    .action(async (o: { as: string; year?: string; from?: string; to?: string; direction?: string; json?: boolean; csv?: boolean }) => {
      if (o.year !== undefined && !/^(19|20|21)\d{2}$/.test(o.year))
        throw new CliExit(2, `error: --year "${o.year}" must be a year such as 2025`);
      if (o.year && (o.from || o.to)) throw new CliExit(2, "error: give --year or --from/--to, not both");
      if (o.direction !== undefined && o.direction !== "incoming" && o.direction !== "outgoing")
        throw new CliExit(2, "error: --direction must be incoming or outgoing");
      await withDatabase(async (d) => {
        const ctx = await caseContext(d);
        const actor = await asUser(d.db, o.as);
        const [{ statisticsFor }, { PART_TITLES, exportRows, statisticsCsv }] = await Promise.all([
          import("../statistics/figures.js"),
          import("../statistics/export.js"),
        ]);
        const today = ctx.clock.now().toISOString().slice(0, 10);
        const year = o.year ?? (o.from || o.to ? undefined : today.slice(0, 4));
        const from = year ? `${year}-01-01` : (o.from ?? "1900-01-01");
        const to = year ? `${year}-12-31` : (o.to ?? today);
        if (from > to) throw new CliExit(2, "error: --to must not be before --from");
        const s = await statisticsFor(d.db, actor, { from, to, today, direction: o.direction as "incoming" | "outgoing" | undefined });
        if (o.json) return print(JSON.stringify(s, null, 2));
        if (o.csv)
          return print(
            statisticsCsv(s, ctx.kb)
              .replace(/^\uFEFF/, "")
              .replace(/\r\n/g, "\n")
              .trimEnd(),
          );
        print(
          `Statistics ${from} – ${to}${o.direction ? ` (${o.direction})` : ""}; a figure below 5 you may not see whole is <5, and a figure that would give it away beside a total is hidden.`,
        );
        let part = "";
        for (const r of exportRows(s, ctx.kb)) {
          if (r.part !== part) {
            part = r.part;
            print(`\n${PART_TITLES[r.part]}`);
          }
          const extra = [
            r.period.includes("/") ? "" : r.period,
            r.median && `median ${r.median}`,
            r.p90 && `p90 ${r.p90}`,
            r.amount && `${r.amount} ${r.currency}`,
          ]
            .filter(Boolean)
            .join(", ");
          print(`  ${r.item.padEnd(44)} ${r.direction.padEnd(9)} ${r.cases.padStart(6)}${extra ? `  ${extra}` : ""}`);
        }
      });
    });
  cases
    .command("export")
    .description("write one case, with its documents, as a JSON bundle checked by SHA-256")
    .argument("<reference>", "the case's reference")
    .requiredOption("--as <email>", "act as this user", asEmail)
    .option("--out <file>", "write to this file (default: standard output)")
    .action(async (reference: string, o: { as: string; out?: string }) => {
      await withDatabase(async (d) => {
        const ctx = await caseContext(d);
        const { exportCase } = await import("../cases/bundle.js");
        const bundle = await exportCase(ctx, await asUser(d.db, o.as), reference, cli);
        const text = JSON.stringify(bundle, null, 2);
        if (o.out) {
          writeFileSync(o.out, text);
          print(`Exported ${reference} to ${o.out} (${bundle.documents.length} documents, digest ${bundle.digest.slice(0, 16)}…).`);
        } else print(text);
      });
    });
  cases
    .command("import")
    .description("read a JSON bundle, check its digest and documents, and create the case (nothing is written if a check fails)")
    .argument("<file>", "the bundle")
    .requiredOption("--as <email>", "act as this user", asEmail)
    .action(async (file: string, o: { as: string }) => {
      let bundle: import("../cases/bundle.js").CaseBundle;
      try {
        bundle = JSON.parse(readFileSync(file, "utf8"));
      } catch (err) {
        throw new CliExit(2, `error: ${file} is not readable JSON (${err instanceof Error ? err.message : String(err)})`);
      }
      await withDatabase(async (d) => {
        const ctx = await caseContext(d);
        const { importCase } = await import("../cases/bundle.js");
        const r = await importCase(ctx, await asUser(d.db, o.as), bundle, cli);
        print(`Imported as ${r.reference}.`);
      });
    });

  const directory = program.command("directory").description("the directory of central authorities (see the README's Directory)");
  const directoryDeps = () => ({
    print,
    note: (s: string) => process.stderr.write(`${s}\n`),
    withDatabase,
    fail: (code: number, message: string) => new CliExit(code, message),
  });
  directory
    .command("export")
    .description("write the directory as JSON (signed with this node's key when the exchange is on) or CSV")
    .option("--format <format>", "json or csv", "json")
    .option("--out <file>", "write to this file (default: standard output)")
    .option("--jurisdiction <code>", "only this state (ISO 3166-1 alpha-2)", checked(jurisdictionCode(), "--jurisdiction"))
    .option("--instrument <id>", "only this instrument (e.g. untoc-2000)")
    .action(async (o: { format: string; out?: string; jurisdiction?: string; instrument?: string }) =>
      (await import("./directory.js")).exportCommand(directoryDeps(), o),
    );
  directory
    .command("import")
    .description("verify a signed directory file and apply it in one transaction; prints what changed")
    .argument("<file>", "the signed file (rogatory directory export)")
    .action(async (file: string) => (await import("./directory.js")).importCommand(directoryDeps(), file));

  const draft = program.command("draft").description("the request writer: drafts of outgoing requests");
  draft
    .command("render")
    .description("renders a draft (JSON, as saved by the request writer) to Word or PDF; prints the checklist")
    .requiredOption("--input <file>", "draft content as JSON")
    .requiredOption("--format <format>", "docx or pdf")
    .option("--lang <lang>", `language of the fixed text: ${DOCUMENT_LANGUAGES.join(", ")} (default: the draft's)`)
    .option("--second <lang>", "a second language for the fixed text, side by side")
    .option("--out <file>", "where to write the document (default: the file name it is given)")
    .action(async (o: { input: string; format: string; lang?: string; second?: string; out?: string }) => {
      if (o.format !== "docx" && o.format !== "pdf") throw new CliExit(2, `error: --format must be docx or pdf, not "${o.format}"`);
      for (const [flag, v] of [
        ["--lang", o.lang],
        ["--second", o.second],
      ] as const)
        if (v !== undefined && !(DOCUMENT_LANGUAGES as readonly string[]).includes(v))
          throw new CliExit(2, `error: ${flag} must be one of ${DOCUMENT_LANGUAGES.join(", ")}, not "${v}"`);
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(o.input, "utf8"));
      } catch (err) {
        throw new CliExit(2, `error: --input: cannot read ${o.input} as JSON (${(err as Error).message})`);
      }
      const { checkContent, parseContent, renderContent } = await import("../drafting/drafts.js");
      const content = parseContent(raw, "input");
      const files = await cachedKnowledgeFiles();
      const kb = buildKnowledgeBase(files);
      const { check } = checkContent({ kb, files } as import("../drafting/drafts.js").DraftsContext, content);
      for (const e of check.blocking)
        print(`missing (required): ${e.label}${e.citations.length ? ` — ${e.citations.map((c) => c.cite).join("; ")}` : ""}`);
      for (const e of check.warnings) print(`advised: ${e.label}`);
      for (const r of check.risks) print(`risk: ${r.message}`);
      const file = await renderContent({ kb, files }, content, {
        format: o.format,
        lang: o.lang as DocumentLanguage | undefined,
        second: (o.second as DocumentLanguage | undefined) ?? null,
      });
      const out = o.out ?? file.filename;
      writeFileSync(out, file.bytes);
      print(
        `${out}: ${file.bytes.length} bytes, sha256 ${createHash("sha256").update(file.bytes).digest("hex")}${check.ready ? "" : " (not ready for approval)"}`,
      );
    });

  // Transfer of sentenced persons (issue 15 §2): the engine's answer, and transfer cases.
  const tsp = program
    .command("tsp")
    .description("transfer of sentenced persons: the governing instrument and its conditions, transfer cases");
  tsp
    .command("basis")
    .description(
      "the instrument that would govern the transfer of a person sentenced in one state to another on a date, with its conditions",
    )
    .requiredOption("--from <code>", "sentencing state (ISO 3166-1 alpha-2)")
    .requiredOption("--to <code>", "administering state (ISO 3166-1 alpha-2)")
    .requiredOption("--on <date>", "date of the request, YYYY-MM-DD", dateOption("--on"))
    .option("--json", "print the JSON answer (as GET /api/v1/tsp/basis)")
    .action(async (o: { from: string; to: string; on: string; json?: boolean }) => {
      const [{ parseTransferQuery, resolveTransfer }, { formatTransfer }] = await Promise.all([
        import("../law/transfer.js"),
        import("./format.js"),
      ]);
      const answer = resolveTransfer(await knowledge(), parseTransferQuery(o));
      print(o.json ? JSON.stringify(answer, null, 2) : formatTransfer(answer));
    });
  tsp
    .command("list")
    .description("the transfer cases you may see (references, states and dates; never the person)")
    .requiredOption("--as <email>", "act as this user", asEmail)
    .option("--json", "print JSON")
    .action(async (o: { as: string; json?: boolean }) => {
      await withDatabase(async (d) => {
        const { listTransfers } = await import("../transfers/transfers.js");
        const list = await listTransfers(await caseContext(d), await asUser(d.db, o.as));
        if (o.json) return print(JSON.stringify(list, null, 2));
        if (list.length === 0) print("No transfer case.");
        for (const c of list)
          print(
            `${c.reference.padEnd(22)} ${c.state.replace(/^transfer_/, "").padEnd(12)} ${c.sentencingState} → ${c.administeringState}  request ${c.requestDate}`,
          );
      });
    });
  tsp
    .command("show")
    .description("one transfer case: the dates that follow from the sentence, and each condition with its article")
    .argument("<reference>", "the case's reference")
    .requiredOption("--as <email>", "act as this user", asEmail)
    .option("--json", "print JSON")
    .action(async (reference: string, o: { as: string; json?: boolean }) => {
      await withDatabase(async (d) => {
        const [{ readTransfer }, { formatTransfer }] = await Promise.all([import("../transfers/transfers.js"), import("./format.js")]);
        const row = await d.db.selectFrom("case_file").select(["id"]).where("reference", "=", reference).executeTakeFirst();
        if (!row) throw new CliExit(2, `error: no transfer case ${reference}`);
        // A case the user may not see, or one that is not a transfer, is "no transfer case", like an absent one.
        const c = await readTransfer(await caseContext(d), await asUser(d.db, o.as), row.id, cli).catch((err: unknown) => {
          if (err instanceof DomainError && (err.status === 404 || err.status === 400))
            throw new CliExit(2, `error: no transfer case ${reference}`);
          throw err;
        });
        if (o.json) return print(JSON.stringify(c, null, 2));
        print(
          `${c.reference}: ${c.state.replace(/^transfer_/, "").replace(/_/g, " ")} (version ${c.version}), request of ${c.requestDate}`,
        );
        print(`Sentence ends: ${c.dates.sentenceEnds ?? (c.judgment.indeterminate ? "indeterminate" : "not known")}`);
        print(formatTransfer(c.law));
      });
    });

  // The exchange's identity, keys and partners (src/cli/exchange.ts); see docs/exchange.md.
  // Loaded only for `rogatory exchange …` and for the help that lists every command (see run()).
  if (exchange) exchange.addExchangeCommands(program, { print, withDatabase, fail: (code, message) => new CliExit(code, message) });

  // Backups and restores (src/cli/operations.ts); see docs/operations.md.
  program
    .command("backup")
    .description("a consistent backup of the whole database, with the audit chain's head, while the server runs")
    .requiredOption("--out <file>", "the backup file to write (refused if it exists)")
    .action(async (o: { out: string }) => (await import("./operations.js")).backupCommand(o.out, print));
  program
    .command("restore")
    .description("restore a backup into an EMPTY database or data directory, then verify the audit chain and every document")
    .argument("<file>", "a file written by rogatory backup")
    .action(async (file: string) => (await import("./operations.js")).restoreCommand(file, print));

  const users = program.command("users").description("accounts, for an administrator at the server's console");
  users
    .command("reset")
    .description(
      "issue a new one-time password for a user (e.g. the only administrator, locked out); on embedded PGlite, stop the server first (it refuses while one runs)",
    )
    .requiredOption("--email <email>", "the user's email", checked(email(), "--email"))
    .option("--totp", "also remove their second factor (they enrol again at sign-in)")
    .action(async (o: { email: string; totp?: boolean }) => {
      const [{ DEFAULT_SECURITY }, { findByEmail }, { resetUser }, { systemClock }] = await Promise.all([
        import("../accounts/context.js"),
        import("../accounts/users.js"),
        import("../accounts/userAdministrator.js"),
        import("../security/clock.js"),
      ]);
      await withDatabase(async (d) => {
        const ctx = { db: d.db, clock: systemClock, settings: DEFAULT_SECURITY };
        const user = await findByEmail(d.db, o.email);
        if (!user) throw new CliExit(2, `error: no user with the email ${o.email}`);
        const console = {
          userId: user.id,
          organisationId: user.organisation_id,
          role: "administrator" as const,
          label: "console (rogatory users reset)",
        };
        const { oneTimePassword } = await resetUser(ctx, console, user.id, { resetTotp: o.totp === true }, { ip: null, userAgent: "cli" });
        print(`New one-time password for ${user.email}: ${oneTimePassword}`);
        print("They must choose a new password at sign-in; their sessions were ended.");
      });
    });
  return program;
}

/** Runs the CLI and returns the process exit code. */
export async function run(
  argv: string[],
  print?: (s: string) => void,
  printError: (s: string) => void = (s) => process.stderr.write(`${s}\n`),
): Promise<number> {
  try {
    const exchange = argv[0] !== undefined && OWN_COMMANDS.has(argv[0]) ? undefined : await import("./exchange.js");
    await buildProgram(print ?? ((s) => process.stdout.write(`${s}\n`)), exchange).parseAsync(argv, { from: "user" });
    return 0;
  } catch (err) {
    if (err instanceof LawInputError) {
      printError(`error: ${err.message}`);
      return 2;
    }
    if (err instanceof CliExit) {
      printError(err.message);
      return err.exitCode;
    }
    if (err instanceof DomainError) {
      // The same errors as the API: a rule or bad input is the user's to fix (exit 2).
      printError(`error: ${err.message}${err.field ? ` (${err.field})` : ""} [${err.code}]`);
      return 2;
    }
    if (err instanceof KnowledgeError) {
      printError(err.message);
      return 1;
    }
    const e = err as { code?: string; exitCode?: number; message?: string };
    if (typeof e.code === "string" && e.code.startsWith("commander.")) {
      // Help and version exit 0; usage errors (missing option, unknown command) exit 2.
      return e.exitCode === 0 ? 0 : 2;
    }
    printError(String(e.message ?? err));
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("src/cli/main.ts")) {
  run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
