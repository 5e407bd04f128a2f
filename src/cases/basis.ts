/** The legal basis stored with a case: the engine's answer on the request's date, over the chosen instrument. */
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { invalid, worded } from "../errors.js";
import { type BasisAnswer, parseBasisQuery, resolveBasis } from "../law/basis.js";
import { knowledgeOfInstrument } from "../law/alone.js";
import type { KnowledgeBase } from "../law/knowledge.js";
import type { CasesContext } from "./access.js";

/** The legal basis for the case on its date, from the engine; the chosen instrument must be one of its bases. */
type BasisInput = { requesting: string; requested: string; requestDate: string; measures: string[]; basisInstrument?: string | null };

/** A computed basis with its stored form: the JSON kept in basis_answer and its SHA-256. */
export interface ComputedBasis {
  basis: BasisAnswer;
  instrument: string;
  json: string;
  digest: string;
}

const basisMemo = new WeakMap<KnowledgeBase, Map<string, ComputedBasis>>();
const BASIS_MEMO_SIZE = 5_000;

/**
 * The legal basis of a case, as stored with it. The engine is pure and the knowledge base immutable,
 * so answers are remembered per knowledge base: intake of many requests between the same states on
 * the same day computes and serialises the answer once. Callers must treat the answer as read-only.
 */
export function computeBasis(ctx: CasesContext, input: BasisInput): ComputedBasis {
  const key = [
    input.requesting,
    input.requested,
    input.requestDate,
    [...new Set(input.measures)].sort().join(","),
    input.basisInstrument ?? "",
  ].join("|");
  let memo = basisMemo.get(ctx.kb);
  if (!memo) {
    memo = new Map();
    basisMemo.set(ctx.kb, memo);
  }
  const known = memo.get(key);
  if (known) return known;
  const { basis, instrument } = answerBasis(ctx, input);
  const json = JSON.stringify(basis);
  const computed = { basis, instrument, json, digest: createHash("sha256").update(json).digest("hex") };
  if (memo.size >= BASIS_MEMO_SIZE) memo.clear();
  memo.set(key, computed);
  return computed;
}

/** Stores basis answers not yet stored (one statement); a case then refers to its answer by digest. */
export async function storeBasisAnswers(trx: Kysely<Database>, answers: { json: string; digest: string }[]): Promise<void> {
  const unique = [...new Map(answers.map((a) => [a.digest, a])).values()];
  if (unique.length === 0) return;
  await trx
    .insertInto("basis_answer")
    .values(unique.map((a) => ({ digest: a.digest, answer: a.json })))
    .onConflict((oc) => oc.column("digest").doNothing())
    .execute();
}

function answerBasis(ctx: CasesContext, input: BasisInput): { basis: BasisAnswer; instrument: string } {
  const answer = resolveBasis(
    ctx.kb,
    parseBasisQuery({ from: input.requesting, to: input.requested, on: input.requestDate, measures: input.measures }),
  );
  // The explanation tree and the list of instruments that do not apply are most of the answer's size
  // and are recomputed from the law on demand (GET /api/v1/basis with the case's date); the case keeps
  // what its guards and page need.
  answer.explanation = { label: "stored without the explanation tree", applies: true };
  answer.notApplicable = [];
  const chosen = input.basisInstrument ?? answer.bases[0]?.instrument;
  if (chosen && chosen !== answer.bases[0]?.instrument && answer.bases.some((b) => b.instrument === chosen) && ctx.files) {
    // The chosen basis alone decides grounds, exclusions, consultation and duties; the list of
    // applicable bases stays the full one, so the page still shows what else was possible.
    const alone = resolveBasis(
      knowledgeOfInstrument(ctx.files, chosen),
      parseBasisQuery({ from: input.requesting, to: input.requested, on: input.requestDate, measures: input.measures }),
    );
    alone.bases = answer.bases;
    alone.explanation = answer.explanation;
    alone.notApplicable = [];
    return { basis: alone, instrument: chosen };
  }
  if (!chosen || !answer.bases.some((b) => b.instrument === chosen))
    throw worded(
      invalid(
        "basisInstrument",
        `"${input.basisInstrument}" is not an applicable basis between ${input.requesting} and ${input.requested} on ${input.requestDate}; applicable: ${answer.bases.map((b) => b.instrument).join(", ")}.`,
      ),
      "basisNotApplicable",
      {
        instrument: String(input.basisInstrument),
        requesting: input.requesting,
        requested: input.requested,
        date: input.requestDate,
        bases: answer.bases.map((b) => b.instrument).join(", "),
      },
    );
  return { basis: answer, instrument: chosen };
}
