/**
 * An article cited by number only, as the knowledge files write it: "Art. 18(8)", "Art. 46(9)(b)",
 * "Arts. 46(9)–(10)", "Art. 57(1)–(3)", "Arts. 5, 6", "Art. 18(15)(d), (f)", "Art. 46(3)(a)–(h), (j)–(k)". The screens write these with the reader's word
 * for "article" (web/src/lawTextCore.ts), so they are not in the translation files; a reference with
 * words in it ("Art. 3(1)(b) with art. 2(a)–(b)") or a descriptive label is translated as text.
 * Groups: 1 "Art" or "Arts", 2 the numbers.
 */
const PART = String.raw`\d+(?:\([0-9a-z]+\))*(?:–\d*(?:\([0-9a-z]+\))*)?`;
// A list goes on with numbers or with further paragraphs of the same article ("Art. 18(15)(d), (f)").
const MORE = String.raw`\([0-9a-z]+\)(?:–\([0-9a-z]+\))?`;
export const NUMBERED_ARTICLE = new RegExp(String.raw`^(Arts?)\.\s?(${PART}(?:, (?:${PART}|${MORE}))*)$`);
