/**
 * An asset's kinds, statuses and identifiers, and the checks on identifiers (pure: the web app checks the
 * same way before sending). IBANs are checked by ibantools (country length, BBAN format, ISO 13616
 * mod-97 check digits); an IMO ship number by its check digit (IMO resolution A.1117(30)); a VIN by its
 * ISO 3779 shape (17 characters, no I, O or Q — the check digit is required only in North America, so it
 * is not checked); a wallet address by its chain's shape (Bitcoin Base58 or bech32, Ethereum 0x and 40
 * hexadecimal digits); a land-registry reference is free text.
 */
import { electronicFormatIBAN, friendlyFormatIBAN, isValidIBAN } from "ibantools";

export const ASSET_KINDS = ["bank_account", "real_estate", "vehicle", "vessel", "company_share", "crypto_asset", "cash", "other"] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];
export const ASSET_STATUSES = ["traced", "frozen", "confiscated", "realised", "disposed", "released"] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];
/** The statuses and steps in English, as the web app's assets:status.* and assets:steps.* say them (errors name them). */
export const STATUS_WORDS: Record<AssetStatus, string> = {
  traced: "traced",
  frozen: "frozen or seized",
  confiscated: "confiscation ordered",
  realised: "realised",
  disposed: "disposed of",
  released: "released",
};
export const STEP_LABELS: Record<string, string> = {
  trace: "Tracing",
  freeze: "Freezing or seizure",
  renew: "Renewal of the freezing order",
  release: "Release",
  confiscate: "Confiscation",
  realise: "Realisation (sale)",
  return: "Return to the requesting state",
  restitution: "Restitution to victims",
  share: "Sharing",
  transfer: "Transfer",
};
export const DISPOSALS = ["returned", "restitution", "shared"] as const;
export type Disposal = (typeof DISPOSALS)[number];
export const CHAINS = ["bitcoin", "ethereum", "other"] as const;

/** Identifiers an asset may carry; each kind uses the ones that fit it. */
export interface AssetIdentifiers {
  iban?: string;
  accountNumber?: string;
  landRegistry?: string;
  vin?: string;
  registration?: string;
  imo?: string;
  wallet?: string;
  chain?: (typeof CHAINS)[number];
  companyRegistry?: string;
  other?: string;
}

/** One identifier problem: the field (identifiers.<name>) and the rule, in English and as words. */
export interface IdentifierProblem {
  field: string;
  message: string;
  key: "ibanInvalid" | "imoInvalid" | "vinInvalid" | "walletInvalid" | "chainMissing";
}

/** An IBAN in its electronic form (no spaces, upper case). */
export const ibanElectronic = (v: string) => electronicFormatIBAN(v) ?? v.replace(/\s+/g, "").toUpperCase();
/** An IBAN printed in groups of four. */
export const ibanFriendly = (v: string) => friendlyFormatIBAN(v) ?? v;

/** Whether a seven-digit IMO number's last digit is its check digit (weights 7 … 2). */
export function isImoNumber(v: string): boolean {
  const m = /^(?:IMO\s?)?(\d{7})$/i.exec(v.trim());
  if (!m) return false;
  const d = (m[1] as string).split("").map(Number);
  const sum = d.slice(0, 6).reduce((a, x, i) => a + x * (7 - i), 0);
  return sum % 10 === d[6];
}

export const isVin = (v: string) => /^[A-HJ-NPR-Z0-9]{17}$/.test(v.trim().toUpperCase());

export function isWallet(chain: string | undefined, v: string): boolean {
  const w = v.trim();
  if (chain === "bitcoin") return /^[13][1-9A-HJ-NP-Za-km-z]{25,34}$/.test(w) || /^(bc1|BC1)[02-9ac-hj-np-z]{11,71}$/.test(w);
  if (chain === "ethereum") return /^0x[0-9a-fA-F]{40}$/.test(w);
  return w.length >= 8 && !/\s/.test(w);
}

/** The problems with an asset's identifiers (empty when all are sound). */
export function identifierProblems(ids: AssetIdentifiers): IdentifierProblem[] {
  const out: IdentifierProblem[] = [];
  if (ids.iban !== undefined && !isValidIBAN(ibanElectronic(ids.iban)))
    out.push({
      field: "identifiers.iban",
      key: "ibanInvalid",
      message: "The IBAN is not valid: check its country code, length and check digits.",
    });
  if (ids.imo !== undefined && !isImoNumber(ids.imo))
    out.push({
      field: "identifiers.imo",
      key: "imoInvalid",
      message: "The IMO number is not valid: seven digits whose last is the check digit.",
    });
  if (ids.vin !== undefined && !isVin(ids.vin))
    out.push({ field: "identifiers.vin", key: "vinInvalid", message: "The VIN is not valid: 17 letters and digits, without I, O or Q." });
  if (ids.wallet !== undefined) {
    if (!ids.chain) out.push({ field: "identifiers.chain", key: "chainMissing", message: "A wallet address needs its chain." });
    else if (!isWallet(ids.chain, ids.wallet))
      out.push({
        field: "identifiers.wallet",
        key: "walletInvalid",
        message: "The wallet address does not have the form of an address on its chain.",
      });
  }
  return out;
}

/** The identifiers as stored: IBAN in electronic form, VIN upper case, IMO as seven digits. */
export function normaliseIdentifiers(ids: AssetIdentifiers): AssetIdentifiers {
  const out: AssetIdentifiers = {};
  for (const [k, v] of Object.entries(ids) as [keyof AssetIdentifiers, string | undefined][]) {
    if (v === undefined || v.trim() === "") continue;
    (out as Record<string, string>)[k] = v.trim();
  }
  if (out.iban) out.iban = ibanElectronic(out.iban);
  if (out.vin) out.vin = out.vin.toUpperCase();
  if (out.imo) out.imo = out.imo.replace(/\D/g, "");
  return out;
}
