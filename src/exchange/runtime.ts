/**
 * The exchange as the server and the CLI start it: this node's identity (from its central authority
 * organisation), its keyring opened with the passphrase, and the partner directory. Without a
 * passphrase the exchange is off and nothing here runs; the rest of the workbench is unaffected.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import type { Clock } from "../security/clock.js";
import { KeyringError, type Keyring, type NodeInfo, openKeyring } from "./keyring.js";
import { type PartnersContext, refreshForDirectory } from "./partnerRegistrar.js";
import { type PartnerDirectory, partnerDirectory } from "./partners.js";

/** What routes and workers of the exchange use. */
export interface ExchangeRuntime {
  keyring: Keyring;
  directory: PartnerDirectory;
  partners: PartnersContext;
}

/** The exchange's settings from the configuration (readConfig's `exchange`). */
export interface ExchangeSettings {
  passphrase: string;
  /** This node's public base URL (ROGATORY_NODE_ENDPOINT, else ROGATORY_PUBLIC_URL). */
  endpoint: string;
  /** The central authority organisation's name when there are several (ROGATORY_NODE_ORGANISATION). */
  organisation?: string;
  /** ROGATORY_JURISDICTION: used when the organisation has no jurisdiction of its own. */
  jurisdiction?: string | null;
}

/** Said when the exchange is off, by the API (503 exchange_off) and the CLI. */
export const EXCHANGE_OFF_MESSAGE =
  "The exchange is off on this node: set ROGATORY_NODE_KEY_PASSPHRASE or ROGATORY_NODE_KEY_PASSPHRASE_FILE (and ROGATORY_NODE_ENDPOINT) and restart. Private keys are never stored in clear.";

/**
 * Who this node is: the central authority organisation (the one named by ROGATORY_NODE_ORGANISATION
 * when there are several) and its jurisdiction.
 */
export async function resolveNode(db: Kysely<Database>, settings: ExchangeSettings): Promise<NodeInfo> {
  const orgs = await db.selectFrom("organisation").selectAll().where("kind", "=", "central_authority").orderBy("created_at").execute();
  const chosen = settings.organisation ? orgs.filter((o) => o.name === settings.organisation) : orgs;
  if (chosen.length === 0)
    throw new KeyringError(
      settings.organisation
        ? `ROGATORY_NODE_ORGANISATION: no central authority organisation is named "${settings.organisation}".`
        : "The exchange needs a central authority organisation; none exists yet.",
    );
  if (chosen.length > 1)
    throw new KeyringError(
      `There are ${chosen.length} central authority organisations; name this node's in ROGATORY_NODE_ORGANISATION (${chosen.map((o) => `"${o.name}"`).join(", ")}).`,
    );
  const org = chosen[0] as (typeof chosen)[number];
  const jurisdiction = org.jurisdiction ?? settings.jurisdiction ?? null;
  if (!jurisdiction)
    throw new KeyringError(
      `The central authority "${org.name}" has no jurisdiction: set it, or ROGATORY_JURISDICTION, before turning on the exchange.`,
    );
  return { jurisdiction, authority: org.name, endpoint: settings.endpoint.replace(/\/+$/, "") };
}

/** Opens the exchange: resolves the node, opens (on first start creates) its keys, builds the directory. */
export async function startExchange(db: Kysely<Database>, clock: Clock, settings: ExchangeSettings): Promise<ExchangeRuntime> {
  const node = await resolveNode(db, settings);
  const keyring = await openKeyring({ db, clock, node, passphrase: settings.passphrase });
  const partners: PartnersContext = { db, clock, keyring };
  const directory = partnerDirectory(db, { keyring, clock, refresh: refreshForDirectory(partners) });
  return { keyring, directory, partners };
}
