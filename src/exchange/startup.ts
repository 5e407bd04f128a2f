/**
 * Starts the exchange on a node: finds the central authority it speaks for, opens the keyring
 * (creating the keys on first start), and builds the message context and the sender worker.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import type { KnowledgeBase, KnowledgeFiles } from "../law/knowledge.js";
import type { Clock } from "../security/clock.js";
import type { ExchangeContext } from "./context.js";
import { openKeyring } from "./keyring.js";
import { exchangeContext } from "./node.js";
import { refreshForDirectory } from "./partnerRegistrar.js";
import { partnerDirectory } from "./partners.js";
import { type SenderWorker, startSender } from "./sender.js";
import type { Transport } from "./transport.js";

export class ExchangeStartError extends Error {}

/** The central authority the node speaks for: the one named, or the only one. */
async function nodeOrganisation(db: Kysely<Database>, name: string | null) {
  let q = db.selectFrom("organisation").select(["id", "name", "jurisdiction"]).where("kind", "=", "central_authority");
  if (name) q = q.where("name", "=", name);
  const rows = await q.execute();
  if (rows.length !== 1)
    throw new ExchangeStartError(
      rows.length === 0
        ? `The exchange needs this node's central authority${name ? ` "${name}"` : ""}; none was found.`
        : "Several central authorities are recorded: name the node's one with ROGATORY_NODE_ORGANISATION.",
    );
  const org = rows[0] as { id: string; name: string; jurisdiction: string | null };
  if (!org.jurisdiction) throw new ExchangeStartError(`The central authority "${org.name}" has no jurisdiction; the exchange needs one.`);
  return { id: org.id, name: org.name, jurisdiction: org.jurisdiction };
}

export interface RunningExchange {
  ctx: ExchangeContext;
  worker: SenderWorker;
  stop(): Promise<void>;
}

/** Opens the exchange and starts its sender worker. */
export async function startExchange(o: {
  db: Kysely<Database>;
  clock: Clock;
  kb: KnowledgeBase;
  files?: KnowledgeFiles;
  passphrase: string;
  endpoint: string;
  organisation: string | null;
  transport?: Transport;
  intervalMs?: number;
  onError?: (err: unknown) => void;
}): Promise<RunningExchange> {
  const org = await nodeOrganisation(o.db, o.organisation);
  const keyring = await openKeyring({
    db: o.db,
    clock: o.clock,
    node: { jurisdiction: org.jurisdiction, authority: org.name, endpoint: o.endpoint },
    passphrase: o.passphrase,
  });
  const directory = partnerDirectory(o.db, { keyring, clock: o.clock, refresh: refreshForDirectory({ db: o.db, clock: o.clock, keyring }) });
  const ctx = await exchangeContext({ db: o.db, clock: o.clock, kb: o.kb, files: o.files, keyring, directory, organisationId: org.id, transport: o.transport });
  const worker = startSender(ctx, { intervalMs: o.intervalMs, onError: o.onError });
  ctx.wake = () => worker.wake();
  return { ctx, worker, stop: () => worker.stop() };
}
