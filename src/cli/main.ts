/** The `rogatory` command line. Input errors exit with code 2 and name the bad value. */
import { Command, Option } from "commander";
import { coverageOf, formatCoverage } from "../knowledge/coverage.js";
import { readKnowledgeFiles } from "../knowledge/load.js";
import { parseBasisQuery, resolveBasis } from "../law/basis.js";
import { MEASURES, OFFENCE_FAMILIES } from "../law/codes.js";
import { LawInputError } from "../law/errors.js";
import { KnowledgeError, buildKnowledgeBase } from "../law/knowledge.js";
import { safeConductEnds } from "../law/safe-conduct.js";
import { formatBasis, formatSafeConduct } from "./format.js";

const collect = (value: string, previous: string[]) => [...previous, value];

function knowledge() {
  return buildKnowledgeBase(readKnowledgeFiles());
}

/** Builds the command tree; exported so tests run it in-process. */
export function buildProgram(print: (s: string) => void = (s) => process.stdout.write(`${s}\n`)): Command {
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
    .requiredOption("--on <date>", "date of the request, YYYY-MM-DD")
    .option("--measure <code>", `a measure sought, repeatable: ${MEASURES.join(", ")}`, collect, [])
    .option("--offence <family>", `offence family: ${OFFENCE_FAMILIES.join(", ")}`)
    .option("--json", "print the JSON contract")
    .action((o: { from: string; to: string; on: string; measure: string[]; offence?: string; json?: boolean }) => {
      const answer = resolveBasis(
        knowledge(),
        parseBasisQuery({ from: o.from, to: o.to, on: o.on, measures: o.measure, offence: o.offence }),
      );
      print(o.json ? JSON.stringify(answer, null, 2) : formatBasis(answer));
    });

  program
    .command("safe-conduct")
    .description("when a witness's safe conduct ends under a basis")
    .requiredOption("--basis <instrument>", "instrument id, e.g. us-ru-mlat-1999")
    .requiredOption("--released <date>", "date the person's presence was no longer required, YYYY-MM-DD")
    .option("--extended", "the requesting party extended the period")
    .option("--json", "print JSON")
    .action((o: { basis: string; released: string; extended?: boolean; json?: boolean }) => {
      const answer = safeConductEnds(knowledge(), { basis: o.basis, released: o.released, extended: o.extended === true });
      print(o.json ? JSON.stringify(answer, null, 2) : formatSafeConduct(answer));
    });

  const k = program.command("knowledge").description("the knowledge base of instruments, parties and provisions");
  k.command("check")
    .description("validate the knowledge files and print coverage")
    .addOption(new Option("--json", "print coverage as JSON"))
    .action((o: { json?: boolean }) => {
      const kb = knowledge();
      const c = coverageOf(kb);
      print(
        o.json
          ? JSON.stringify(c, null, 2)
          : `Knowledge base is valid: ${kb.instruments.size} instruments, ${kb.provisions.size} provisions.\n\n${formatCoverage(c)}`,
      );
    });
  k.command("instruments")
    .description("list the instruments")
    .action(() => {
      for (const i of knowledge().instrumentList)
        print(`${i.id.padEnd(22)} ${i.kind.padEnd(12)} ${(i.entryIntoForce ?? "not in force").padEnd(12)} ${i.title}`);
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
    await buildProgram(print).parseAsync(argv, { from: "user" });
    return 0;
  } catch (err) {
    if (err instanceof LawInputError) {
      printError(`error: ${err.message}`);
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
