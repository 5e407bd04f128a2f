/**
 * The 32 categories of offence for which EU mutual-recognition instruments drop the check of double
 * criminality when the offence is punishable in the issuing state by at least three years: Council
 * Framework Decision 2002/584/JHA (European arrest warrant) art. 2(2), repeated as Annex D of Directive
 * 2014/41/EU (European Investigation Order). Each category is mapped to a level-1 section of the UNODC
 * ICCS (src/law/iccs.ts) only where the section's own title plainly covers it; categories that span
 * sections or whose place depends on the ICCS division are left unmapped rather than guessed.
 */
import type { IccsSection } from "./iccs.js";

export const EU_OFFENCE_LIST_SOURCE = {
  document:
    "Council Framework Decision 2002/584/JHA of 13 June 2002 on the European arrest warrant and the surrender procedures between Member States, art. 2(2) (OJ L 190, 18.7.2002, p. 1); same list: Directive 2014/41/EU, Annex D",
  url: "https://lexparency.org/eu/32002F0584/ART_2/latest",
  /**
   * The copy of art. 2(2) reachable when this list was transcribed (the URL above, as indexed) ended
   * after the 19th category; the 20th to 32nd are transcribed from the Official Journal text as
   * published but were not checked against a copy here, and say so.
   */
  verifiedThrough: 19,
} as const;

export interface EuOffenceCategory {
  /** Position in art. 2(2), 1–32. */
  n: number;
  label: string;
  /** ICCS level-1 sections the category falls in, where its title plainly says so; empty when unclear. */
  iccs: IccsSection[];
  /** Set on categories 20–32 (see EU_OFFENCE_LIST_SOURCE.verifiedThrough). */
  unverified?: string;
}

const UNVERIFIED = "not checked against a copy of art. 2(2) reachable here; transcribed from the Official Journal text";

const LIST: [string, IccsSection[]][] = [
  ["participation in a criminal organisation", []],
  ["terrorism", []],
  ["trafficking in human beings", []],
  ["sexual exploitation of children and child pornography", ["03"]],
  ["illicit trafficking in narcotic drugs and psychotropic substances", ["06"]],
  ["illicit trafficking in weapons, munitions and explosives", []],
  ["corruption", ["07"]],
  [
    "fraud, including that affecting the financial interests of the European Communities within the meaning of the Convention of 26 July 1995",
    ["07"],
  ],
  ["laundering of the proceeds of crime", []],
  ["counterfeiting currency, including of the euro", []],
  ["computer-related crime", []],
  ["environmental crime, including illicit trafficking in endangered animal species and in endangered plant species and varieties", ["10"]],
  ["facilitation of unauthorised entry and residence", []],
  ["murder, grievous bodily injury", ["01", "02"]],
  ["illicit trade in human organs and tissue", []],
  ["kidnapping, illegal restraint and hostage-taking", []],
  ["racism and xenophobia", []],
  ["organised or armed robbery", ["04"]],
  ["illicit trafficking in cultural goods, including antiques and works of art", []],
  ["swindling", ["07"]],
  ["racketeering and extortion", []],
  ["counterfeiting and piracy of products", []],
  ["forgery of administrative documents and trafficking therein", ["07"]],
  ["forgery of means of payment", ["07"]],
  ["illicit trafficking in hormonal substances and other growth promoters", []],
  ["illicit trafficking in nuclear or radioactive materials", []],
  ["trafficking in stolen vehicles", []],
  ["rape", ["03"]],
  ["arson", []],
  ["crimes within the jurisdiction of the International Criminal Court", []],
  ["unlawful seizure of aircraft/ships", []],
  ["sabotage", []],
];

export const EU_OFFENCE_CATEGORIES: readonly EuOffenceCategory[] = LIST.map(([label, iccs], i) => ({
  n: i + 1,
  label,
  iccs,
  ...(i + 1 > EU_OFFENCE_LIST_SOURCE.verifiedThrough ? { unverified: UNVERIFIED } : {}),
}));

/** The categories an ICCS section plainly covers (for setting an offence beside the EU list). */
export const euCategoriesOfSection = (section: IccsSection): EuOffenceCategory[] =>
  EU_OFFENCE_CATEGORIES.filter((c) => c.iccs.includes(section));
