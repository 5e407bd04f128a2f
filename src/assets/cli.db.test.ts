import { describe, expect, it } from "vitest";
import { createOrganisations, createReadyUser } from "../../test/support/accounts.js";
import { runCli, seedCliDataDir } from "../../test/support/cli.js";
import { DEFAULT_SECURITY } from "../accounts/context.js";
import { createCase } from "../cases/commands/open-case.js";
import { readable } from "../cases/presenter.js";
import { readKnowledgeFiles } from "../knowledge/load.js";
import { loadReferenceData } from "../knowledge/reference-data.js";
import { buildKnowledgeBase } from "../law/knowledge.js";
import { ManualClock } from "../security/clock.js";
import { recordStep } from "./commands/record-step.js";
import { registerAsset } from "./commands/register-asset.js";

let reference = "";
let secret = "";
// The CLI reads the real clock: the order expires ten days from now.
const expires = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);

seedCliDataDir("rogatory-assets-cli-", async (database) => {
  const files = readKnowledgeFiles();
  const kb = buildKnowledgeBase(files);
  await loadReferenceData({ db: database.db, kb, files });
  const ctx = { db: database.db, clock: new ManualClock(new Date()), settings: DEFAULT_SECURITY, kb, files };
  const orgs = await createOrganisations(ctx);
  const u = await createReadyUser(ctx, { email: "officer@cli-assets.test", role: "officer", organisationId: orgs.central });
  await createReadyUser(ctx, { email: "other@cli-assets.test", role: "officer", organisationId: orgs.central });
  const actor = { userId: u.id, organisationId: u.organisationId, role: u.role, label: u.email };
  const client = { ip: null, userAgent: "test" };
  const open = (confidentiality: "normal" | "strictly_confidential") =>
    createCase(
      ctx,
      actor,
      {
        direction: "incoming",
        title: "US request: freezing",
        requesting: "US",
        requested: "RU",
        confidentiality,
        accessList: confidentiality === "normal" ? [] : [u.id],
        requestDate: "2026-01-12",
        measures: [{ measure: "asset_freeze", description: "Freeze the vessel" }],
      },
      client,
    );
  const c = readable(await open("normal"));
  reference = c.reference;
  const reg = (await registerAsset(
    ctx,
    actor,
    c.id,
    {
      version: c.version,
      kind: "vessel",
      description: "Motor yacht «Аврора»",
      location: "RU",
      identifiers: { imo: "9074729" },
      holders: [{ name: "ООО «Ромашка»", role: "registered owner" }],
      value: { amount: "2500000", currency: "USD", on: "2026-01-20", source: "broker's valuation" },
      thirdPartyClaims: [],
    },
    client,
  )) as { caseVersion: number; changed: string };
  await recordStep(
    ctx,
    actor,
    c.id,
    reg.changed,
    { version: reg.caseVersion, step: "freeze", on: "2026-01-25", order: "No. 3/26", expiresOn: expires },
    client,
  );
  secret = (await open("strictly_confidential")).reference;
});

describe("rogatory assets list", () => {
  it("lists the case's assets with status, value and order, and the disposal rule with its citations", async () => {
    const r = await runCli(["assets", "list", "--case", reference, "--as", "officer@cli-assets.test"]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^Disposal rule: .*Art\. 14/m);
    expect(r.out).toContain(
      `frozen       vessel         RU  2500000 USD estimated  frozen until ${expires} (No. 3/26)  Motor yacht «Аврора»`,
    );
    const json = await runCli(["assets", "list", "--case", reference, "--as", "officer@cli-assets.test", "--json"]);
    expect(JSON.parse(json.out).assets[0].identifiers.imo).toBe("9074729");
  });

  it("--expiring lists the frozen assets whose orders expire within the window", async () => {
    const r = await runCli(["assets", "list", "--expiring", "--as", "officer@cli-assets.test"]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`${expires}  ${reference}`);
    const none = await runCli(["assets", "list", "--expiring", "5", "--as", "officer@cli-assets.test"]);
    expect(none.out).toContain("No freezing order expires within 5 days.");
  });

  it("answers a case the user may not see as no case (exit 2)", async () => {
    const r = await runCli(["assets", "list", "--case", secret, "--as", "other@cli-assets.test"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`no case ${secret}`);
  });
});
