import { describe, expect, it } from "vitest";
import { createOrganisations, createReadyUser } from "../../test/support/accounts.js";
import { runCli, seedCliDataDir } from "../../test/support/cli.js";
import { DEFAULT_SECURITY } from "../accounts/context.js";
import { readKnowledgeFiles } from "../knowledge/load.js";
import { loadReferenceData } from "../knowledge/reference-data.js";
import { buildKnowledgeBase } from "../law/knowledge.js";
import { ManualClock } from "../security/clock.js";
import { type TransferDetail, openTransfer, recordTransferFacts } from "./transfers.js";

let reference = "";
let secret = "";

seedCliDataDir("rogatory-tsp-cli-", async (database) => {
  const files = readKnowledgeFiles();
  const kb = buildKnowledgeBase(files);
  await loadReferenceData({ db: database.db, kb, files });
  const ctx = { db: database.db, clock: new ManualClock(new Date("2026-02-02T10:00:00Z")), settings: DEFAULT_SECURITY, kb, files };
  const orgs = await createOrganisations(ctx);
  const u = await createReadyUser(ctx, { email: "officer@cli-tsp.test", role: "officer", organisationId: orgs.central });
  await createReadyUser(ctx, { email: "other@cli-tsp.test", role: "officer", organisationId: orgs.central });
  const actor = { userId: u.id, organisationId: u.organisationId, role: u.role, label: u.email };
  const client = { ip: null, userAgent: "test" };
  const open = async (confidentiality: "confidential" | "strictly_confidential") =>
    (await openTransfer(
      ctx,
      actor,
      {
        direction: "outgoing",
        sentencingState: "FR",
        administeringState: "DE",
        requestedBy: "sentencing",
        requestDate: "2026-01-12",
        personName: "Jean Exemple",
        confidentiality,
      },
      client,
    )) as TransferDetail;
  const c = await open("confidential");
  reference = c.reference;
  await recordTransferFacts(
    ctx,
    actor,
    c.id,
    { version: c.version, sentence: { years: 1, months: 0, days: 0 }, sentenceStart: "2025-03-01" },
    client,
  );
  secret = (await open("strictly_confidential")).reference;
});

describe("rogatory tsp", () => {
  it("basis: Russia to Hong Kong has no basis (the 2021 agreement is signed, not in force), in words and in JSON", async () => {
    const r = await runCli(["tsp", "basis", "--from", "RU", "--to", "HK", "--on", "2024-01-01"]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("No instrument on the transfer of sentenced persons binds both states on this date.");
    expect(r.out).toContain("hk-ru-tsp-2021: RU signed on 2021-09-21");
    const json = await runCli(["tsp", "basis", "--from", "RU", "--to", "HK", "--on", "2024-01-01", "--json"]);
    expect(JSON.parse(json.out).outcome).toBe("no_basis");
    const bad = await runCli(["tsp", "basis", "--from", "RU", "--to", "HK", "--on", "2024-02-30"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--on");
  });

  it("show: ETS 112 art. 3(1)(c) not met — the sentence ends on 2026-03-01, less than six months after the request", async () => {
    const r = await runCli(["tsp", "show", reference, "--as", "officer@cli-tsp.test"]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("Sentence ends: 2026-03-01");
    expect(r.out).toContain("[NOT MET] Transfer Convention (1983), Art. 3(1)(c)");
    expect(r.out).not.toContain("Jean");
    const list = await runCli(["tsp", "list", "--as", "officer@cli-tsp.test"]);
    expect(list.out).toContain(reference);
  });

  it("answers a case the user may not see as no case (exit 2)", async () => {
    const r = await runCli(["tsp", "show", secret, "--as", "other@cli-tsp.test"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`no transfer case ${secret}`);
  });
});
