/** What the request writer's pages share: the draft as the API returns it, the step's props, the language names. */
import type { CheckResult } from "../../../../src/drafting/checker";
import type { DocumentLanguage, DraftContent, StepId } from "../../../../src/drafting/draft";
import type { DraftLaw } from "../../../../src/drafting/law";

export interface DraftView {
  id: string;
  title: string;
  version: number;
  content: DraftContent;
  caseId: string | null;
  caseReference: string | null;
  updatedAt: string;
}

export interface DraftSummary {
  id: string;
  title: string;
  requesting: string;
  requested: string;
  caseReference: string | null;
  updatedAt: string;
  version: number;
}

export const LANGUAGE_NAMES: Record<DocumentLanguage, string> = {
  en: "English",
  fr: "French",
  es: "Spanish",
  ru: "Russian",
  zh: "Chinese",
  ar: "Arabic",
};

/** What every step's form receives from the editor. */
export interface StepProps {
  step: StepId;
  content: DraftContent;
  update: (patch: (d: DraftContent) => DraftContent) => void;
  law: DraftLaw | null;
  check: CheckResult;
  jurisdictions: { code: string; name: string }[];
  draft: DraftView;
  /** The version of the last save: approving sends it, so a save from another tab since is not approved unseen. */
  savedVersion: () => number;
  /** The fields whose errors may show: touched by the user, or on a step the user tried to leave. */
  touched: ReadonlySet<string>;
  touch: (...fields: string[]) => void;
}

/** A setter of one top-level field of the draft, for the steps' forms. */
export function fieldSetter(update: StepProps["update"]) {
  return <K extends keyof DraftContent>(key: K, value: DraftContent[K]) => update((x) => ({ ...x, [key]: value }));
}
