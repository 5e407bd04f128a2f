/** What the request writer's pages share: the draft as the API returns it, the step's props, measures in words. */
import type { CheckResult } from "../../../../src/drafting/checker";
import type { DraftContent, StepId } from "../../../../src/drafting/draft";
import type { DraftLaw } from "../../../../src/drafting/law";
import type { Measure } from "../../../../src/law/codes";
import { MEASURE_WORDS } from "../../../../src/law/measure-words";
import { label } from "../../format";
import { currentLanguage } from "../../i18n";

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

/** A measure in the words of the screen's language (src/law/measure-words.ts), or the code made readable. */
export function measureWords(code: string): string {
  return MEASURE_WORDS[currentLanguage()][code as Measure] ?? label(code);
}

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
