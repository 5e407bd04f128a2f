/**
 * Two nodes in one process, for tests of what the receiving side does with deliveries: RU is an
 * exchange context on the test database (embedded PGlite, or PostgreSQL in CI's second pass); US is
 * only a keyring on a database of its own in memory (its server never runs), which signs and seals
 * as its sender does. The two are paired as administrators pair them, by the fingerprint.
 */
import { randomUUID } from "node:crypto";
import { type OpenDatabase, openDatabase } from "../../src/db/database.js";
import type { Envelope } from "../../src/exchange/envelope.js";
import type { ExchangeContext } from "../../src/exchange/context.js";
import { identityDocument } from "../../src/exchange/identity.js";
import { type Keyring, openKeyring } from "../../src/exchange/keyring.js";
import { exchangeContext } from "../../src/exchange/node.js";
import { addPartner } from "../../src/exchange/partnerRegistrar.js";
import { type PartnerDirectory, type TrustedPartner, partnerDirectory } from "../../src/exchange/partners.js";
import { readKnowledgeFiles } from "../../src/knowledge/load.js";
import { loadReferenceData } from "../../src/knowledge/reference-data.js";
import { buildKnowledgeBase } from "../../src/law/knowledge.js";
import type { ManualClock } from "../../src/security/clock.js";
import { openTestDatabase } from "./app.js";

const PASSPHRASE = "in-process exchange test passphrase";

export interface InProcessPair {
  ruDb: OpenDatabase;
  usDb: OpenDatabase;
  ruKeys: Keyring;
  usKeys: Keyring;
  /** RU's exchange: what receives the deliveries. */
  ru: ExchangeContext;
  /** RU as the US node knows it (to seal to). */
  ruAtUs: TrustedPartner;
  /** US's partner directory (to check RU's receipts). */
  usDirectory: PartnerDirectory;
  close(): Promise<void>;
}

async function pair(self: { db: OpenDatabase; keys: Keyring }, other: Keyring, clock: ManualClock) {
  const identity = JSON.parse(JSON.stringify(await identityDocument(other)));
  await addPartner(
    {
      db: self.db.db,
      clock,
      keyring: self.keys,
      fetchIdentity: async () => {
        throw new Error("no network in this test");
      },
    },
    { userId: null, label: "test administrator" },
    { identity, fingerprint: identity.fingerprintGrouped },
    { ip: null },
  );
}

/** RU (receiving, on the test database) and US (sealing), paired, on the clock given. */
export async function inProcessPair(clock: ManualClock): Promise<InProcessPair> {
  const files = readKnowledgeFiles();
  const kb = buildKnowledgeBase(files);
  const ruDb = await openTestDatabase();
  const usDb = await openDatabase({ dataDir: "memory://" });
  await loadReferenceData({ db: ruDb.db, kb, files });
  const org = await ruDb.db
    .insertInto("organisation")
    .values({ name: "Генеральная прокуратура", kind: "central_authority", jurisdiction: "RU" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const ruKeys = await openKeyring({
    db: ruDb.db,
    clock,
    node: { jurisdiction: "RU", authority: "Генеральная прокуратура", endpoint: "https://rogatory.ru.test" },
    passphrase: PASSPHRASE,
  });
  const usKeys = await openKeyring({
    db: usDb.db,
    clock,
    node: { jurisdiction: "US", authority: "U.S. Department of Justice", endpoint: "https://rogatory.us.test" },
    passphrase: PASSPHRASE,
  });
  await pair({ db: ruDb, keys: ruKeys }, usKeys, clock);
  await pair({ db: usDb, keys: usKeys }, ruKeys, clock);
  const directory = partnerDirectory(ruDb.db, { keyring: ruKeys, clock });
  const ru = await exchangeContext({ db: ruDb.db, clock, kb, files, keyring: ruKeys, directory, organisationId: org.id });
  const ruAtUs = (await usDb.db
    .selectFrom("exchange_partner")
    .selectAll()
    .where("jurisdiction", "=", "RU")
    .executeTakeFirstOrThrow()) as never;
  return {
    ruDb,
    usDb,
    ruKeys,
    usKeys,
    ru,
    ruAtUs,
    usDirectory: partnerDirectory(usDb.db, { keyring: usKeys, clock }),
    async close() {
      await ruDb.close();
      await usDb.close();
    },
  };
}

/** The body of a request from US (the seed-000 date) asking for one measure, as its sender would send it. */
export function requestBody(reference: string, measure: { ref: string; measure: string; description: string }) {
  return {
    title: `Request ${reference}`,
    requestDate: "2018-07-13",
    requestingAuthority: "U.S. Department of Justice, Office of International Affairs",
    basis: null,
    measures: [measure],
    offences: [],
    persons: [],
    facts: null,
    confidentiality: "confidential",
    respondBy: null,
    confirmsOralRequestOf: null,
    documents: [],
  };
}

/** A message of US's conversation `reference` with RU, as US's sender writes it (not yet sealed). */
export function fromUs(reference: string, m: { kind: string; seq: number; prev: string; body: unknown }, sentAt: Date): Envelope {
  return {
    v: 1,
    id: randomUUID(),
    kind: m.kind,
    from: { jurisdiction: "US" },
    to: { jurisdiction: "RU" },
    case: { requesting: { jurisdiction: "US", reference }, requested: { jurisdiction: "RU", reference: null } },
    seq: m.seq,
    prev: m.prev,
    sentAt: sentAt.toISOString(),
    urgent: false,
    body: m.body,
  } as Envelope;
}
