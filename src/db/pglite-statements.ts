/**
 * Named prepared statements on PGlite's one session, kept by SQL text.
 *
 * Why: `PGlite.query` parses and plans every statement anew (an unnamed statement) and crosses into
 * WebAssembly six times for it (parse, describe, bind, describe, execute, sync). On PGlite the
 * application and the database share one thread, so that cost is paid by every request waiting
 * behind it: planning the case page's statement cost ~1.2 ms against ~0.25 ms for executing the same
 * statement prepared (bench:load, issue 12). Kysely produces the same SQL text for the same query
 * shape, so a small cache by text covers the hot paths.
 *
 * Only the extended protocol's public pieces are used (`protocol.serialize`, `parse.parseResults`,
 * `execProtocolStream`, the instance's serializers and parsers), the same way `PGlite.query` uses
 * them, so values are converted exactly as before. Plans follow PostgreSQL's own rules for prepared
 * statements (custom plans first, a generic plan when it costs no more, replanning after DDL).
 */
import { type PGlite, parse as pgParse, protocol } from "@electric-sql/pglite";

const { serialize } = protocol;
/** PostgreSQL's type id of bytea. */
const BYTEA_OID = 17;

/** Statements kept at most; the least recently used one is closed beyond it. */
const DEFAULT_CAPACITY = 500;

/** Statement names are unique across every cache on a PGlite session (several dialects may share one). */
let lastName = 0;

/** Only plain data statements are prepared; DDL, transaction control and the rest go through `query`. */
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;

/**
 * SQLSTATEs after which a cached statement is dropped so the next use prepares it again: the plan's
 * result type changed under it (DDL), or the session no longer has it (DEALLOCATE / DISCARD).
 */
const STALE = new Set(["0A000", "26000"]);

interface Prepared {
  name: string;
  /** Parameter types PostgreSQL inferred, for converting values as PGlite.query does. */
  paramTypes: number[];
}

export type StatementResult = Awaited<ReturnType<PGlite["query"]>>;

/** Joins protocol messages into one buffer, so the whole exchange is one call into WebAssembly. */
function join(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A cache of prepared statements on one PGlite instance; `run` is a drop-in for `pg.query(sql, params)`. */
export class PreparedStatements {
  private readonly byText = new Map<string, Prepared>();

  constructor(
    private readonly pg: PGlite,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  /** Whether `run` would prepare this statement (a plain data statement). */
  static preparable(sql: string): boolean {
    return PREPARABLE.test(sql);
  }

  /** Statements currently prepared (for tests and metrics). */
  get size(): number {
    return this.byText.size;
  }

  /** Runs a data statement through its prepared form, preparing it on first use. */
  async run(sql: string, params: readonly unknown[]): Promise<StatementResult> {
    return this.pg.runExclusive(async () => {
      const stmt = this.byText.get(sql) ?? (await this.prepare(sql));
      // Most recently used last: Map keeps insertion order, so the first key is the one to evict.
      this.byText.delete(sql);
      this.byText.set(sql, stmt);
      const values = params.map((v, i) => {
        if (v === null || v === undefined) return null;
        // Bytes go as a binary parameter: PGlite's bytea serializer would spell them out in hex, which
        // for a chunk of evidence (8 MiB) costs seconds on both sides of the WebAssembly boundary.
        if (v instanceof Uint8Array && stmt.paramTypes[i] === BYTEA_OID) return v;
        const convert = this.pg.serializers[stmt.paramTypes[i] ?? 0];
        return convert ? convert(v) : String(v);
      });
      let messages: Awaited<ReturnType<PGlite["execProtocolStream"]>>;
      try {
        messages = await this.pg.execProtocolStream(
          join([
            serialize.bind({ statement: stmt.name, values }),
            serialize.describe({ type: "P" }),
            serialize.execute({}),
            serialize.sync(),
          ]),
          { syncToFs: false },
        );
      } catch (err) {
        if (STALE.has((err as { code?: string }).code ?? "")) this.byText.delete(sql);
        throw err;
      }
      await this.pg.syncToFs();
      const [result] = pgParse.parseResults(messages, this.pg.parsers);
      if (!result) throw new Error("PGlite returned no result for a prepared statement");
      return result;
    });
  }

  /** Parses and describes a statement under a new name; closes the least recently used one beyond capacity. */
  private async prepare(sql: string): Promise<Prepared> {
    const name = `rogatory_${++lastName}`;
    const described = await this.pg.execProtocolStream(
      join([serialize.parse({ name, text: sql }), serialize.describe({ type: "S", name }), serialize.sync()]),
      { syncToFs: false },
    );
    const prepared = { name, paramTypes: pgParse.parseDescribeStatementResults(described) };
    if (this.byText.size >= this.capacity) {
      const [oldestText, oldest] = this.byText.entries().next().value ?? [];
      if (oldestText !== undefined && oldest) {
        this.byText.delete(oldestText);
        await this.pg.execProtocolStream(join([serialize.close({ type: "S", name: oldest.name }), serialize.sync()]), { syncToFs: false });
      }
    }
    return prepared;
  }
}
