/**
 * Who may do what: the one place that decides. Every API route names an action here (route config
 * `access`), the request pipeline asks `allow`, and case queries take their visibility from
 * `caseVisibility` — so lists, search, counts and exports cannot disagree with a single read.
 */

export const ROLES = ["administrator", "officer", "supervisor", "executing", "auditor"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  administrator: "Administrator",
  officer: "Central authority officer",
  supervisor: "Supervisor",
  executing: "Executing authority user",
  auditor: "Auditor",
};

export const CONFIDENTIALITY = ["normal", "confidential", "strictly_confidential"] as const;
export type Confidentiality = (typeof CONFIDENTIALITY)[number];

/** Roles that must use a second factor; for the others it is optional. */
export const TOTP_REQUIRED: ReadonlySet<Role> = new Set<Role>(["administrator", "officer", "supervisor"]);

/** Scopes an API token can carry; a token never does more than its owner's role allows. */
export const TOKEN_SCOPES = ["law:read", "cases:read", "cases:write", "audit:read"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/**
 * Actions named by routes. Account actions act on the signed-in user only; case actions are
 * further checked against the case (see `allowCase`).
 */
export const ACTIONS = [
  "law:read",
  "directory:read",
  "directory:manage",
  "account:read",
  "account:update",
  "users:read",
  "users:manage",
  "audit:read",
  "cases:list",
  "cases:create",
  "case:read",
  "case:update",
  "case:assign",
  "assignments:read",
  "drafts:use",
  "exchange:partners:read",
  "exchange:partners:manage",
  "exchange:send",
  "exchange:read",
  "exchange:quarantine",
] as const;
export type Action = (typeof ACTIONS)[number];

export interface Actor {
  userId: string;
  organisationId: string;
  role: Role;
  label: string;
  /** Present when the request came with an API token: the scopes it carries. */
  tokenScopes?: readonly TokenScope[];
}

const BY_ROLE: Record<Role, ReadonlySet<Action>> = {
  administrator: new Set<Action>([
    "law:read",
    "directory:read",
    "directory:manage",
    "account:read",
    "account:update",
    "users:read",
    "users:manage",
    "audit:read",
    "exchange:partners:read",
    "exchange:partners:manage",
    "exchange:quarantine",
  ]),
  officer: new Set<Action>([
    "law:read",
    "directory:read",
    "account:read",
    "account:update",
    "users:read",
    "cases:list",
    "cases:create",
    "case:read",
    "case:update",
    "case:assign",
    "drafts:use",
    "exchange:partners:read",
    "exchange:send",
    "exchange:read",
  ]),
  supervisor: new Set<Action>([
    "law:read",
    "directory:read",
    "account:read",
    "account:update",
    "users:read",
    "cases:list",
    "cases:create",
    "case:read",
    "case:update",
    "case:assign",
    "drafts:use",
    "exchange:partners:read",
    "exchange:send",
    "exchange:read",
  ]),
  executing: new Set<Action>(["law:read", "directory:read", "account:read", "account:update", "assignments:read"]),
  auditor: new Set<Action>([
    "law:read",
    "directory:read",
    "account:read",
    "account:update",
    "audit:read",
    "cases:list",
    "case:read",
    "exchange:partners:read",
    "exchange:read",
  ]),
};

/** The token scope an action needs; actions without one are never open to tokens (accounts, users). */
const SCOPE_OF: Partial<Record<Action, TokenScope>> = {
  "law:read": "law:read",
  // The directory is reference data, read like the law.
  "directory:read": "law:read",
  "cases:list": "cases:read",
  "case:read": "cases:read",
  "assignments:read": "cases:read",
  "cases:create": "cases:write",
  "case:update": "cases:write",
  "case:assign": "cases:write",
  "audit:read": "audit:read",
  // Drafts are requests being written: writing cases.
  "drafts:use": "cases:write",
  // Sending a message changes the case it belongs to; reading the thread is reading the case.
  "exchange:send": "cases:write",
  "exchange:read": "cases:read",
};

/** Whether the actor may perform the action at all (before looking at a particular case). */
export function allow(actor: Actor, action: Action): boolean {
  if (!BY_ROLE[actor.role].has(action)) return false;
  if (actor.tokenScopes) {
    const scope = SCOPE_OF[action];
    return scope !== undefined && actor.tokenScopes.includes(scope);
  }
  return true;
}

/**
 * Settings an installation can turn on to open an action to callers who are not signed in. Only
 * reading the law and the directory of central authorities can be opened: treaties, their parties, the
 * engine's answers and the authorities states notified (UNTOC art. 18(13), UNCAC art. 46(13)) are
 * public; nothing about cases, people or accounts ever is.
 */
export const PUBLIC_SETTINGS = ["publicLaw", "publicDirectory"] as const;
export type PublicSetting = (typeof PUBLIC_SETTINGS)[number];

const OPENABLE: Record<PublicSetting, ReadonlySet<Action>> = {
  publicLaw: new Set<Action>(["law:read"]),
  publicDirectory: new Set<Action>(["directory:read"]),
};

/** Whether a setting may open the action to anonymous callers at all (checked when a route is declared). */
export function openable(setting: PublicSetting, action: Action): boolean {
  return OPENABLE[setting].has(action);
}

/** Whether a caller who is not signed in may perform the action, given which public settings are on. */
export function allowAnonymous(
  action: Action,
  publicWhen: PublicSetting | undefined,
  on: Readonly<Record<PublicSetting, boolean>>,
): boolean {
  return publicWhen !== undefined && on[publicWhen] && openable(publicWhen, action);
}

/** What the policy needs to know about a case. */
export interface CaseFacts {
  confidentiality: Confidentiality;
  /** Whether the actor is on the case's access list. */
  actorListed: boolean;
}

/**
 * Which cases an actor sees. Officers and supervisors see normal and confidential cases; nobody sees
 * a strictly confidential case unless listed; auditors see case content only where they are listed
 * (granted). Administrators run accounts, not cases, and executing authorities see only measures
 * assigned to them (`allowAssignment`): neither reads case files, listed or not.
 */
export function caseVisibility(actor: Actor): { levelsWithoutListing: readonly Confidentiality[]; listedCases: boolean } {
  if (!allow(actor, "cases:list") && !allow(actor, "case:read")) return { levelsWithoutListing: [], listedCases: false };
  return roleVisibility(actor.role);
}

/** The cases a role may reach at all, whatever a token narrows it to (the scope is checked per action). */
function roleVisibility(role: Role): { levelsWithoutListing: readonly Confidentiality[]; listedCases: boolean } {
  if (!BY_ROLE[role].has("case:read")) return { levelsWithoutListing: [], listedCases: false };
  if (role === "officer" || role === "supervisor") return { levelsWithoutListing: ["normal", "confidential"], listedCases: true };
  return { levelsWithoutListing: [], listedCases: true };
}

/** Whether the actor may perform a case action on this case. */
export function allowCase(actor: Actor, action: "case:read" | "case:update" | "case:assign", facts: CaseFacts): boolean {
  if (!allow(actor, action)) return false;
  // The role decides which cases; the token's scope only which actions: a token with cases:write alone
  // changes the cases its owner may change, and gets a receipt instead of the case (see writeResult).
  const v = roleVisibility(actor.role);
  return v.levelsWithoutListing.includes(facts.confidentiality) || (v.listedCases && facts.actorListed);
}

/** Whether reading this case must itself be recorded in the audit trail. */
export function readIsAudited(confidentiality: Confidentiality): boolean {
  return confidentiality !== "normal";
}

/**
 * Which assigned measures an executing-authority user sees: those assigned to their organisation,
 * and, on strictly confidential cases, only when they are listed.
 */
export function allowAssignment(actor: Actor, facts: CaseFacts & { assignedOrganisationId: string | null }): boolean {
  if (!allow(actor, "assignments:read")) return false;
  if (facts.assignedOrganisationId !== actor.organisationId) return false;
  return facts.confidentiality !== "strictly_confidential" || facts.actorListed;
}
