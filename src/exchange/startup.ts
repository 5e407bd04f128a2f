/**
 * Starts the exchange's messages on a node whose keys are open (runtime.ts): builds the message
 * context over the keyring and the partner directory, and starts the sender worker.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import type { KnowledgeBase, KnowledgeFiles } from "../law/knowledge.js";
import type { Clock } from "../security/clock.js";
import type { ExchangeContext } from "./context.js";
import { KeyringError } from "./keyring.js";
import { exchangeContext } from "./node.js";
import type { ExchangeRuntime } from "./runtime.js";
import { type Backoff, type SenderWorker, releaseOwnLeases, startSender } from "./sender.js";
import type { Transport } from "./transport.js";

export interface RunningMessages {
  ctx: ExchangeContext;
  worker: SenderWorker;
  stop(): Promise<void>;
}

/** Builds the message context of an open exchange and starts its sender worker. */
export async function startMessages(o: {
  runtime: ExchangeRuntime;
  db: Kysely<Database>;
  clock: Clock;
  kb: KnowledgeBase;
  files?: KnowledgeFiles;
  transport?: Transport;
  intervalMs?: number;
  /** The sender's back-off (DEFAULT_BACKOFF when absent). */
  backoff?: Backoff;
  onError?: (err: unknown) => void;
  /** The only instance on its database (embedded PGlite): leases left by an earlier run are released (sender.ts's releaseOwnLeases). */
  soleInstance?: boolean;
}): Promise<RunningMessages> {
  // runtime.ts resolved the node from its central authority; the same organisation owns the exchange's account.
  const org = await o.db
    .selectFrom("organisation")
    .select("id")
    .where("kind", "=", "central_authority")
    .where("name", "=", o.runtime.keyring.node.authority)
    .orderBy("created_at")
    .executeTakeFirst();
  if (!org) throw new KeyringError(`No central authority organisation is named "${o.runtime.keyring.node.authority}".`);
  const ctx = await exchangeContext({
    db: o.db,
    clock: o.clock,
    kb: o.kb,
    files: o.files,
    keyring: o.runtime.keyring,
    directory: o.runtime.directory,
    organisationId: org.id,
    transport: o.transport,
  });
  if (o.soleInstance) await releaseOwnLeases(ctx);
  const worker = startSender(ctx, { intervalMs: o.intervalMs, backoff: o.backoff, onError: o.onError });
  ctx.wake = () => worker.wake();
  return { ctx, worker, stop: () => worker.stop() };
}
