/** The knowledge base refuses bad files with every problem named, and the real files pass. */
import { describe, expect, it } from "vitest";
import { files, instrument, parties, party, provision } from "../../test/support/knowledge-fixtures.js";
import { readKnowledgeFiles } from "../knowledge/load.js";
import { KnowledgeError, buildKnowledgeBase } from "./knowledge.js";

function problemsOf(f: Parameters<typeof buildKnowledgeBase>[0]): string[] {
  try {
    buildKnowledgeBase(f);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(KnowledgeError);
    return (err as KnowledgeError).problems;
  }
}

describe("knowledge validation", () => {
  it("accepts the repository's knowledge files", () => {
    const kb = buildKnowledgeBase(readKnowledgeFiles());
    expect(kb.instruments.has("reciprocity")).toBe(true);
  });

  it("rejects a provision without a source, naming the file and the field", () => {
    const p = provision("xx", "art-1", { kind: "measures", measures: ["testimony"] }) as unknown as Record<string, unknown>;
    delete p.source;
    const problems = problemsOf(files([instrument("xx", "bilateral", [p as never])], []));
    expect(problems).toEqual([expect.stringMatching(/^instruments\/xx\.yaml: provisions\.0\.source: /)]);
  });

  it("rejects an impossible date, an unknown jurisdiction and a dangling reference together", () => {
    const bad = instrument("xx", "bilateral", [provision("xx", "art-7", { kind: "subsidiarity", displaces: ["xx:art-99"] })], {
      entryIntoForce: "2001-02-29",
    });
    const problems = problemsOf(files([bad], [parties("xx", [party("QQ", "2001-01-01")])]));
    expect(problems).toContainEqual(expect.stringMatching(/instruments\/xx\.yaml: entryIntoForce: is not a calendar date/));
    const good = instrument("yy", "bilateral", [provision("yy", "art-7", { kind: "subsidiarity", displaces: ["yy:art-99"] })]);
    const more = problemsOf(files([good], [parties("yy", [party("QQ", "2001-01-01")])]));
    expect(more).toContainEqual("yy:art-7: displaces unknown provision yy:art-99");
    expect(more).toContainEqual("parties/yy.yaml: unknown jurisdiction QQ");
  });

  it("rejects a provision id that does not belong to its instrument, and duplicates", () => {
    const problems = problemsOf(
      files(
        [instrument("xx", "bilateral", [provision("zz", "art-1", { kind: "costs" }), provision("zz", "art-1", { kind: "costs" })])],
        [],
      ),
    );
    expect(problems).toContainEqual('instruments/xx.yaml: provision zz:art-1 must start with "xx:"');
    expect(problems).toContainEqual("instruments/xx.yaml: provision id zz:art-1 is defined twice");
  });
});

describe("titles in the UN languages", () => {
  it("gives UNTOC, UNCAC and the 1988 Vienna Convention their official title in the five other UN languages, each with its source", () => {
    const kb = buildKnowledgeBase(readKnowledgeFiles());
    for (const id of ["untoc-2000", "uncac-2003", "vienna-1988"]) {
      const titles = kb.instruments.get(id)?.titles ?? {};
      expect(Object.keys(titles).sort(), id).toEqual(["ar", "es", "fr", "ru", "zh"]);
      for (const t of Object.values(titles)) expect(t.source.url ?? t.source.document, id).toBeTruthy();
    }
    // The 1959 Convention's authentic texts are English and French only.
    expect(Object.keys(kb.instruments.get("cets-030")?.titles ?? {})).toEqual(["fr"]);
  });
});
