/**
 * Recorded bilateral treaties (knowledge/bilateral/*.yaml) expand into bilateral instruments. The contract
 * with the engine: an undated treaty is kind "bilateral", entryIntoForce null, both parties present with
 * inForce null, consent null and no signature (never "signed only").
 */
import { describe, expect, it } from "vitest";
import { readKnowledgeFiles } from "../knowledge/load.js";
import { knowledgeOfInstrument } from "./alone.js";
import { KnowledgeError, buildKnowledgeBase } from "./knowledge.js";

const files = readKnowledgeFiles();
const kb = buildKnowledgeBase(files);

describe("bilateral lists", () => {
  it("expands an undated US partner (the United Kingdom, INCSR 2015) by the contract", () => {
    const inst = kb.instruments.get("us-gb-mla");
    expect(inst).toMatchObject({ kind: "bilateral", cooperation: "mla", binding: true, entryIntoForce: null, provisions: [] });
    expect(inst?.note).toMatch(/^Recorded from .*; its provisions are not transcribed\./);
    const parties = kb.partyFiles.get("us-gb-mla")?.parties ?? [];
    expect(parties.map((p) => p.jurisdiction)).toEqual(["US", "GB"]);
    for (const p of parties) expect(p).toMatchObject({ inForce: null, consent: null, signed: null });
  });

  it("expands a dated partner with its date (US–Switzerland in force 1977-01-23, FindLaw citing 27 UST 2019)", () => {
    expect(kb.instruments.get("us-ch-mla")?.entryIntoForce).toBe("1977-01-23");
    expect(kb.parties.get("us-ch-mla")?.get("CH")?.party.inForce).toBe("1977-01-23");
  });

  it("keeps a signature date on the instrument, not on the parties, while entry into force is unknown (HK–Japan signed 2008-05-23)", () => {
    expect(kb.instruments.get("hk-jp-mla")?.concluded).toBe("2008-05-23");
    expect(kb.parties.get("hk-jp-mla")?.get("JP")?.party.signed).toBeNull();
  });

  it("points at the full file instead of duplicating it (US–Russia)", () => {
    expect(kb.instruments.has("us-ru-mla")).toBe(false);
    expect(kb.bilateralLists.get("us")?.treaties.find((t) => t.partner === "RU")?.instrument).toBe("us-ru-mlat-1999");
  });

  it("answers for an expanded bilateral instrument alone (knowledgeOfInstrument)", () => {
    const alone = knowledgeOfInstrument(files, "us-gb-mla");
    expect([...alone.instruments.keys()]).toEqual(["us-gb-mla"]);
    expect(alone.partyFiles.get("us-gb-mla")?.parties).toHaveLength(2);
  });

  it("rejects an entry that points at an instrument that does not exist", () => {
    const bad = {
      ...files,
      bilateral: {
        "bilateral/x.yaml": {
          list: "x",
          hub: "US",
          statusAsOf: null,
          complete: false,
          source: { document: "test list" },
          treaties: [{ partner: "FR", instrument: "no-such-mlat", signed: null, inForce: null, source: { document: "test list" } }],
        },
      },
    };
    expect(() => buildKnowledgeBase(bad)).toThrow(KnowledgeError);
    expect(() => buildKnowledgeBase(bad)).toThrow(/FR points at unknown instrument no-such-mlat/);
  });
});
