/**
 * Builds the exchange's message context over Part A's keyring and partner directory: seal.ts's
 * functions with this node's keys bound in, partners looked up in the directory.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import type { KnowledgeBase, KnowledgeFiles } from "../law/knowledge.js";
import type { Clock } from "../security/clock.js";
import { ensureExchangeUser } from "./actor.js";
import { DEFAULT_WINDOW_MS, type ExchangeContext, isActive } from "./context.js";
import type { Keyring } from "./keyring.js";
import type { PartnerDirectory } from "./partners.js";
import { MAX_SEALED_BYTES, openSealed, seal, sealBatch, signDetached, signMany, unseal, verifyMessage, verifySigned } from "./seal.js";
import { type Transport, httpTransport } from "./transport.js";

export interface ExchangeNodeOptions {
  db: Kysely<Database>;
  clock: Clock;
  kb: KnowledgeBase;
  files?: KnowledgeFiles;
  keyring: Keyring;
  directory: PartnerDirectory;
  /** The central authority's organisation (the node's). */
  organisationId: string;
  transport?: Transport;
  windowMs?: number;
}

/** The context of the exchange's messages for one node. */
export async function exchangeContext(o: ExchangeNodeOptions): Promise<ExchangeContext> {
  const exchangeUserId = await ensureExchangeUser(o.db, o.organisationId, o.clock.now());
  return {
    db: o.db,
    clock: o.clock,
    kb: o.kb,
    files: o.files,
    node: { jurisdiction: o.keyring.node.jurisdiction, authority: o.keyring.node.authority, organisationId: o.organisationId },
    sealing: {
      seal: (partner, payload) => seal(o.keyring, { ...partner, status: partner.status === "active" ? "active" : "suspended" }, payload),
      sealBatch: (partner, payloads) =>
        sealBatch(o.keyring, { ...partner, status: partner.status === "active" ? "active" : "suspended" }, payloads),
      unseal: (jwe, at) => unseal(o.keyring, o.directory, jwe, at),
      open: (jwe, at) => openSealed(o.keyring, o.directory, jwe, at),
      verifyMessage: (jws, at, keys) => verifyMessage(o.directory, jws, at, keys),
      signDetached: (payload, db) => signDetached(o.keyring, payload, db),
      signMany: (payloads, db) => signMany(o.keyring, payloads, db),
      verifySigned: (jws, at, keys) => verifySigned(o.directory, jws, at, keys),
      maxSealedBytes: MAX_SEALED_BYTES,
    },
    partners: {
      async byJurisdiction(jurisdiction, db) {
        const all = await o.directory.byJurisdiction(jurisdiction, db);
        return all.find(isActive) ?? all[0] ?? null;
      },
      byId: async (id, db) => (await o.directory.get(id, db)) ?? null,
    },
    transport: o.transport ?? httpTransport(),
    exchangeUserId,
    windowMs: o.windowMs ?? DEFAULT_WINDOW_MS,
  };
}
