/**
 * The limits the API enforces on what people type, in one place for the server's schemas and the
 * web app's inputs (`maxLength`, `minLength`, `min`, `max`), so the browser stops the user before
 * the server has to and the two cannot drift: src/server/words.db.test.ts compares them with the API's
 * published description. Plain numbers, no zod: the web bundle imports this file.
 */
export const LIMITS = {
  /** A case's title. */
  caseTitle: 400,
  /** Our reference and the partner's reference. */
  reference: 100,
  /** The requesting or executing authority's name. */
  authority: 300,
  /** A measure's description, an offence's description. */
  description: 2000,
  /** An offence's legal provision and its penalty. */
  legalProvision: 500,
  /** A person's name (on a case). */
  personName: 300,
  /** A refusal's or a decision's reasons. */
  reasons: 5000,
  /** A note on a workflow step. */
  note: 2000,
  /** A consultation's channel. */
  consultationChannel: 200,
  /** A consultation's outcome and conditions considered, a correspondence's summary. */
  longText: 5000,
  /** Who holds an evidence item (first holder, each transfer). */
  holder: 300,
  /** One purpose an evidence item may be used for. */
  permittedPurpose: 300,
  /** How many purposes an evidence item may list. */
  permittedPurposes: 20,
  /** A use of an evidence item. */
  usePurpose: 500,
  /** Who consented to a use beyond the permitted purposes. */
  consentBy: 300,
  /** A correspondence's channel. */
  correspondenceChannel: 100,
  /** A message's text to the partner (questions, notices). */
  messageText: 20_000,
  /** A draft's title. */
  draftTitle: 300,
  /** An organisation's name. */
  organisationName: 200,
  /** A user's name. */
  displayName: 120,
  /** The shortest user's name. */
  displayNameMin: 2,
  /** An e-mail address. */
  email: 254,
  /** What the password fields take (the new password's own rule is in security/passwords.ts). */
  password: 1024,
  /** The shortest new password (security/passwords.ts). */
  passwordMin: 12,
  /** The longest new password (security/passwords.ts). */
  passwordMax: 256,
  /** An API token's name. */
  tokenName: 200,
  /** An API token's life in days. */
  tokenDaysMax: 3650,
  /** The search text on the case list. */
  search: 200,
  /** The audit filter's action prefix. */
  auditAction: 64,
  /** The audit filter's object id. */
  auditObjectId: 64,
  /** A partner node's public address. */
  partnerEndpoint: 500,
  /** A fingerprint as typed from a telephone call or a note (spaces allowed). */
  fingerprint: 100,
  /** The label of a date in a notice to the partner ("Hearing"). */
  noticeDateLabel: 200,
  /** A hearing's presiding authority. */
  presidingAuthority: 300,
  /** The name of a participant, interpreter or technical contact of a hearing. */
  hearingName: 300,
  /** A participant's role at a hearing ("witness", "prosecutor"). */
  hearingRole: 100,
  /** The warning on perjury the presiding authority gives. */
  perjuryWarning: 5000,
  /** A telephone number as typed. */
  phone: 50,
  /** A note on a hearing's record. */
  hearingNote: 2000,
  /** How many participants a hearing lists. */
  hearingParticipants: 40,
  /** How many interpreters a hearing lists. */
  hearingInterpreters: 10,
  /** An asset's identifier (account number, land-registry reference, wallet address). */
  assetIdentifier: 120,
  /** The source of a value or of an exchange rate. */
  valueSource: 300,
  /** A third party's claimed right on an asset. */
  claimRight: 1000,
  /** How many holders an asset lists. */
  assetHolders: 20,
  /** How many third-party claims an asset lists. */
  assetClaims: 20,
  /** How many parties a sharing has. */
  shareParties: 10,
  /** The court that gave a judgment (transfer of sentenced persons). */
  court: 300,
  /** Where a sentenced person is handed over, and who escorts them. */
  handoverPlace: 300,
  handoverEscort: 300,
  /** A sentence's years (a longer one is recorded as indeterminate). */
  sentenceYears: 150,
  /** Days served, or of remission: more than 150 years of days is a typing error. */
  sentenceDaysCount: 55_000,
} as const;
