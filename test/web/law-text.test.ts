/**
 * The law's texts in the reader's language (web/src/lawTextCore.ts, issue 14 §8): a text the translation
 * file has is translated; a citation the engine built ("UNTOC, Art. 18(8)") is taken apart and written
 * in the language; anything that cannot be translated whole stays English (null), never half translated.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { articleIn, lawTranslator } from "../../web/src/lawTextCore.js";

const ru = lawTranslator({
  language: "ru",
  texts: {
    UNTOC: "КТОП ООН",
    "US–Russia MLAT": "Договор о ВПП между Россией и США",
    "Denial of assistance: consultation": "Отказ в помощи: консультации",
    "Bank secrecy is no ground for refusal.": "Банковская тайна не является основанием для отказа.",
  },
});

describe("the law's texts in the reader's language", () => {
  it("translates a text the file has, word for word", () => {
    expect(ru("Bank secrecy is no ground for refusal.")).toBe("Банковская тайна не является основанием для отказа.");
  });

  it("writes a citation with the instrument's short title and the language's word for article", () => {
    // UNTOC art. 18(8): bank secrecy — the citation the engine writes for it.
    expect(ru("UNTOC, Art. 18(8)")).toBe("КТОП ООН, ст. 18(8)");
    expect(ru("US–Russia MLAT, Denial of assistance: consultation")).toBe(
      "Договор о ВПП между Россией и США, Отказ в помощи: консультации",
    );
    expect(ru("UNTOC, Art. 18(8); UNTOC, Arts. 18(9)–(10)")).toBe("КТОП ООН, ст. 18(8); КТОП ООН, ст. 18(9)–(10)");
  });

  it("translates a note the engine quotes without its closing full stop", () => {
    expect(ru("Bank secrecy is no ground for refusal")).toBe("Банковская тайна не является основанием для отказа");
  });

  it("translates a list of short titles, each whole", () => {
    expect(ru("UNTOC, US–Russia MLAT")).toBe("КТОП ООН, Договор о ВПП между Россией и США");
    expect(ru("UNTOC, UNCAC")).toBeNull();
  });

  it("writes article numbers as each language does", () => {
    expect(articleIn("zh", "Art. 18(8)")).toBe("第18条第8款");
    expect(articleIn("zh", "Art. 46(9)(b)")).toBe("第46条第9款(b)项");
    expect(articleIn("zh", "Art. 57(1)–(3)")).toBe("第57条第1–3款");
    expect(articleIn("zh", "Art. 7")).toBe("第7条");
    expect(articleIn("ar", "Art. 18(8)")).toBe("المادة 18(8)");
    expect(articleIn("es", "Arts. 5, 6")).toBe("arts. 5, 6");
    expect(articleIn("fr", "Art. 2(b)")).toBe("art. 2(b)");
    expect(articleIn("ru", "Art. 18(15)(d), (f)")).toBe("ст. 18(15)(d), (f)");
    // Words inside a reference make it a text for the translation files, not a number to rewrite.
    expect(articleIn("ru", "Art. 3(1)(b) with art. 2(a)–(b)")).toBeNull();
    expect(articleIn("ru", "Scope of assistance")).toBeNull();
  });

  it("leaves English whole where any part has no translation", () => {
    expect(ru("UNCAC, Art. 46(8)")).toBeNull();
    expect(ru("UNTOC, Art. 18(8); UNCAC, Art. 46(8)")).toBeNull();
    expect(ru("Something the file does not have.")).toBeNull();
  });

  it("translates nothing in English", () => {
    expect(lawTranslator({ language: "en", texts: { UNTOC: "x" } })("UNTOC")).toBeNull();
  });

  it("never returns part of an English text it could not translate (property)", () => {
    const known = ["UNTOC", "US–Russia MLAT", "Denial of assistance: consultation"];
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...known), fc.string({ minLength: 1, maxLength: 12 })), { minLength: 1, maxLength: 4 }),
        (parts) => {
          const english = parts.join(", ");
          const out = ru(english);
          // Either nothing, or a text with none of the unknown English parts left in it.
          if (out !== null) for (const p of parts) if (!known.includes(p) && /[A-Za-z]{3}/.test(p)) expect(out).not.toContain(p);
        },
      ),
    );
  });
});
