/** Reading a table's source cell and a reservation table (rows as the shared tables write them). */
import { describe, expect, it } from "vitest";
import { articleOf, readReservationTable, sourceFromCell } from "./partyTable.js";

describe("sourceFromCell", () => {
  it("keeps the official page as the url and the dataset it came through in the document", () => {
    const s = sourceFromCell(
      "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-12&chapter=18 (via zmjones/untreaties:treaties/18-12.csv@003ce13)",
      "2014-01-27",
    );
    expect(s).toEqual({
      url: "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-12&chapter=18",
      document: "status page at treaties.un.org, via zmjones/untreaties:treaties/18-12.csv@003ce13",
      asOf: "2014-01-27",
    });
  });

  it("keeps every source of a row, and the latest status date the cell names (UNCAC rows updated to 2024-04-20)", () => {
    const s = sourceFromCell(
      "https://treaties.un.org/a (via zmjones/untreaties:treaties/18-14.csv@003ce13); https://treaties.un.org/b (UNTC status as at 2024-04-20; stored copy ends at Cabo Verde)",
      "2014-07-10",
    );
    expect(s.url).toBe("https://treaties.un.org/a");
    expect(s.document).toContain("(https://treaties.un.org/b)");
    expect(s.asOf).toBe("2024-04-20");
  });

  it("accepts a document without a URL", () => {
    expect(sourceFromCell("Tractatenblad 1997, 284", null)).toEqual({ document: "Tractatenblad 1997, 284" });
  });
});

describe("articleOf", () => {
  it.each([
    ["Art. 5: execution of letters rogatory subject to Art. 5(1)(a) and (c) conditions", "Art. 5"],
    ["UNTC text concerns: mutual legal assistance (Art. 7); dispute settlement / ICJ referral (Art. 32)", "Art. 7, Art. 32"],
    ["OAS status table flags further information", undefined],
  ])("%s → %s", (summary, article) => {
    expect(articleOf(summary)).toBe(article);
  });
});

describe("readReservationTable", () => {
  const header = "state_iso2,kind,summary,source";
  it("reads CoE chart markers as flags with their kind", () => {
    const r = readReservationTable(
      `${header}\nAT,territorial application,CoE chart marks territorial application (T.) for this party,https://www.coe.int/x (CoE chart)\n`,
      {
        file: "r.csv",
        statusAsOf: null,
      },
    );
    expect(r.rows[0]).toMatchObject({ row: 2, code: "AT", kind: "territorial_application" });
  });
  it("names the row and column of an unknown kind", () => {
    expect(() =>
      readReservationTable(`${header}\nAT,remark,something said here,https://x.org\n`, { file: "r.csv", statusAsOf: null }),
    ).toThrow(/row 2, column kind: "remark" is not one of/);
  });
});
