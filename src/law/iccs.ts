/**
 * The top level (sections 01–11) of the UNODC International Classification of Crime for Statistical
 * Purposes (ICCS), version 1.0: a documented subset, enough to set the two sides' offences side by side
 * when assessing dual criminality. Source: UNODC, "International Classification of Crime for Statistical
 * Purposes (ICCS), Version 1.0", March 2015, Part II (level 1 sections).
 */
export const ICCS_SOURCE = {
  document: "UNODC, International Classification of Crime for Statistical Purposes (ICCS), Version 1.0 (March 2015), level 1",
  url: "https://www.unodc.org/unodc/en/data-and-analysis/statistics/iccs.html",
} as const;

export const ICCS_SECTIONS = {
  "01": "Acts leading to death or intending to cause death",
  "02": "Acts causing harm or intending to cause harm to the person",
  "03": "Injurious acts of a sexual nature",
  "04": "Acts against property involving violence or threat against a person",
  "05": "Acts against property only",
  "06": "Acts involving controlled psychoactive substances or other drugs",
  "07": "Acts involving fraud, deception or corruption",
  "08": "Acts against public order, authority and provisions of the State",
  "09": "Acts against public safety and state security",
  "10": "Acts against the natural environment",
  "11": "Other criminal acts not elsewhere classified",
} as const;
export type IccsSection = keyof typeof ICCS_SECTIONS;
export const ICCS_CODES = Object.keys(ICCS_SECTIONS) as IccsSection[];
