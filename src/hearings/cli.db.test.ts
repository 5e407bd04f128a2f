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
import { scheduleHearing } from "./hearings.js";

let reference = "";
let secret = "";

seedCliDataDir("rogatory-hearings-cli-", async (database) => {
  const files = readKnowledgeFiles();
  const kb = buildKnowledgeBase(files);
  await loadReferenceData({ db: database.db, kb, files });
  const ctx = { db: database.db, clock: new ManualClock(new Date("2026-02-02T10:00:00Z")), settings: DEFAULT_SECURITY, kb, files };
  const orgs = await createOrganisations(ctx);
  const u = await createReadyUser(ctx, { email: "officer@cli-hearings.test", role: "officer", organisationId: orgs.central });
  await createReadyUser(ctx, { email: "other@cli-hearings.test", role: "officer", organisationId: orgs.central });
  const actor = { userId: u.id, organisationId: u.organisationId, role: u.role, label: u.email };
  const client = { ip: null, userAgent: "test" };
  const open = (confidentiality: "normal" | "strictly_confidential") =>
    createCase(
      ctx,
      actor,
      {
        direction: "incoming",
        title: "US request: testimony",
        requesting: "US",
        requested: "RU",
        confidentiality,
        accessList: confidentiality === "normal" ? [] : [u.id],
        requestDate: "2026-01-12",
        measures: [{ measure: "testimony", description: "Testimony of a witness in Moscow" }],
      },
      client,
    );
  const c = readable(await open("normal"));
  reference = c.reference;
  await scheduleHearing(
    ctx,
    actor,
    c.id,
    {
      version: c.version,
      measureId: c.measures[0]?.id ?? "",
      startsAt: "2026-03-09T14:00:00Z",
      endsAt: "2026-03-09T15:30:00Z",
      requestingZone: "America/New_York",
      requestedZone: "Europe/Moscow",
      presidingAuthority: "Court",
      interpreters: [],
      participants: [{ side: "requested", role: "witness", name: "Иван Петров" }],
      technicalContact: { name: "Clerk", email: "clerk@court.example" },
      perjuryWarning: "",
    },
    client,
  );
  secret = (await open("strictly_confidential")).reference;
});

describe("rogatory case hearings", () => {
  it("lists each hearing with its status and both sides' local times, and the law", async () => {
    const r = await runCli(["case", "hearings", reference, "--as", "officer@cli-hearings.test"]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("Governing: no provision on hearings by video link recorded");
    expect(r.out).toContain("Perjury during the hearing punished under: not recorded");
    expect(r.out).toMatch(
      /scheduled\s+2026-03-09 14:00 UTC {2}US: 2026-03-09 10:00 America\/New_York \(UTC-04:00\) {2}RU: 2026-03-09 17:00 Europe\/Moscow \(UTC\+03:00\) {2}90 min {2}testimony {2}seq 0/,
    );
    const json = await runCli(["case", "hearings", reference, "--as", "officer@cli-hearings.test", "--json"]);
    expect(JSON.parse(json.out).hearings[0].participants[0].name).toBe("Иван Петров");
  });

  it("answers a case the user may not see as no case (exit 2)", async () => {
    const r = await runCli(["case", "hearings", secret, "--as", "other@cli-hearings.test"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`no case ${secret}`);
  });
});
