import { describe, expect, it } from "vitest";
import { createOrganisations, createReadyUser } from "../../test/support/accounts.js";
import { runCli, seedCliDataDir } from "../../test/support/cli.js";
import { DEFAULT_SECURITY } from "../accounts/context.js";
import { createCase } from "../cases/commands/open-case.js";
import { readKnowledgeFiles } from "../knowledge/load.js";
import { loadReferenceData } from "../knowledge/reference-data.js";
import { buildKnowledgeBase } from "../law/knowledge.js";
import { ManualClock } from "../security/clock.js";
import type { Statistics } from "./figures.js";

const year = new Date().toISOString().slice(0, 4);

seedCliDataDir("rogatory-stats-cli-", async (database) => {
  const files = readKnowledgeFiles();
  const kb = buildKnowledgeBase(files);
  await loadReferenceData({ db: database.db, kb, files });
  const ctx = { db: database.db, clock: new ManualClock(new Date()), settings: DEFAULT_SECURITY, kb, files };
  const orgs = await createOrganisations(ctx);
  const u = await createReadyUser(ctx, { email: "officer@cli-stats.test", role: "officer", organisationId: orgs.central });
  const actor = { userId: u.id, organisationId: u.organisationId, role: u.role, label: u.email };
  for (let i = 0; i < 6; i++)
    await createCase(
      ctx,
      actor,
      {
        direction: "incoming",
        title: `Demande ${i}`,
        requesting: "FR",
        requested: "GB",
        confidentiality: "normal",
        requestDate: new Date().toISOString().slice(0, 10),
        measures: [{ measure: "records", description: "Relevés bancaires" }],
      },
      { ip: null, userAgent: "test" },
    );
});

describe("rogatory statistics", () => {
  it("prints the year's figures as text, JSON and CSV", async () => {
    const text = await runCli(["statistics", "--as", "officer@cli-stats.test", "--year", year]);
    expect(text.code, text.err).toBe(0);
    expect(text.out).toContain(`Statistics ${year}-01-01 – ${year}-12-31`);
    expect(text.out).toMatch(/France\s+incoming\s+6/);
    expect(text.out).toContain("By partner state");
    const json = await runCli(["statistics", "--as", "officer@cli-stats.test", "--json"]);
    expect(json.code, json.err).toBe(0);
    const s = JSON.parse(json.out) as Statistics;
    expect(s.tables.measure.find((m) => m.code === "records")?.incoming).toMatchObject({ value: 6, suppressed: false });
    const csv = await runCli(["statistics", "--as", "officer@cli-stats.test", "--csv", "--direction", "incoming"]);
    expect(csv.code, csv.err).toBe(0);
    expect(csv.out.split("\n")[0]).toBe("part,item,code,direction,period,cases,median,p90,currency,amount");
    expect(csv.out).toContain("measure,Production of records,records,incoming");
  });

  it("refuses a bad year, a year with a period, an unknown direction and a day that does not exist", async () => {
    for (const args of [
      ["--year", "99"],
      ["--year", year, "--from", `${year}-01-01`],
      ["--direction", "sideways"],
    ]) {
      const r = await runCli(["statistics", "--as", "officer@cli-stats.test", ...args]);
      expect(r.code, args.join(" ")).toBe(2);
    }
    // A day that does not exist is refused naming the option, as the API does, not by the database.
    const r = await runCli(["statistics", "--as", "officer@cli-stats.test", "--from", "2026-02-30", "--to", "2026-03-01"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("--from: 30 February 2026 does not exist");
  });
});
