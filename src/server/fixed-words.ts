/**
 * The server's fixed sentences that the web app can say in the reader's language (issue 14 §8): an
 * answer whose message is one of these carries `words: [{ key: "errors:server.<key>" }]` beside it.
 * The English under each key is the sentence here (test/web/server-words.test.ts); a sentence not
 * listed stays English on the page, marked as such.
 */
import type { Words } from "../words.js";

export const FIXED_WORDS: Readonly<Record<string, string>> = {
  // src/server/errors.ts: what the database, the date arithmetic and the framework refused.
  "The database is busy; nothing was changed. Try again in a few seconds.": "databaseBusy",
  "Something with the same identifying value already exists; nothing was changed.": "alreadyExists",
  "The change refers to something that does not exist, or something still refers to what it removes; nothing was changed.":
    "conflictingReference",
  "A value breaks a rule of the register; nothing was changed.": "constraintViolated",
  "A value is not valid for its field (a date, a number or text); nothing was changed.": "invalidValue",
  "A date, or a deadline computed from it, is out of range.": "dateOutOfRange",
  "The request is too large; nothing was changed.": "bodyTooLarge",
  "The request's content type is not accepted here; nothing was changed.": "mediaType",
  "The request's body is not valid JSON; nothing was changed.": "invalidJson",
  "The request's body is empty but says it is JSON; nothing was changed.": "emptyJson",
  "The request's length does not match its body; nothing was changed.": "contentLength",
  "The request could not be read.": "unreadable",
  "The server could not complete the request.": "internal",
  // Domain errors said the same way wherever they are raised.
  "Sign in first.": "signInFirst",
  "Your role does not allow this.": "roleForbids",
  "Wrong email or password.": "wrongCredentials",
  "Wrong code: check the time on the device and enter the current code.": "wrongCode",
  "The password is wrong.": "passwordWrong",
  "The current password is wrong.": "currentPasswordWrong",
  "The new password must differ from the current one.": "newPasswordSame",
  "No such case.": "noSuchCase",
  "No such user.": "noSuchUser",
  "No such organisation.": "noSuchOrganisation",
  "No such partner.": "noSuchPartner",
  "No such document in this case.": "noSuchDocument",
  "The document is empty.": "documentEmpty",
  "The requested state must differ from the requesting state.": "sameStates",
};

/** The words for a fixed sentence, if it is one. */
export function fixedWords(message: string): Words[] | undefined {
  const key = FIXED_WORDS[message];
  return key ? [{ key: `errors:server.${key}` }] : undefined;
}
