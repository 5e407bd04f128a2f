/**
 * The deadlines' rules in words (shown in the queue's rule column): the English stored with each
 * deadline, and the same rule as a key of the web app's words with its values (src/words.ts). Pure, so
 * the web app's test can hold the two in step.
 */
import type { Words } from "../words.js";

/** The rules' English, by kind of deadline (stored with each deadline, shown in the queue). */
export const DEADLINE_RULES = {
  register: (days: number, here: string) => `service level: register within ${days} working days in ${here}`,
  decide: (days: number, here: string) => `service level: decide within ${days} working days in ${here}`,
  send: (days: number) => `service level: send within ${days} working days of approval`,
  respond_by: "date asked by the requesting side",
  written_confirmation: "written confirmation of an urgent request made orally or by e-mail (the basis: forthwith)",
  measure: "deadline of the measure",
  safe_conduct: "end of safe conduct (calendar days, from the basis)",
  custody_return: "return of a transferred person in custody",
  freeze_expiry: "expiry of a freezing or seizure order: renew it or let it lapse",
} as const;

/**
 * A stored rule as a key of the queue's words (cases:queue.rules.*) with its values, so the queue can
 * say it in the reader's language; undefined for words this version does not write (the English then shows).
 */
export function deadlineRuleWords(kind: string, rule: string): Words | undefined {
  const key = `cases:queue.rules.${kind}`;
  const withDays = rule.match(/^service level: (?:register|decide|send) within (\d+) working days (?:in ([A-Z]{2})|of approval)$/);
  if (withDays && (kind === "register" || kind === "decide" || kind === "send")) {
    const count = Number(withDays[1]);
    const here = withDays[2];
    const english = kind === "send" ? DEADLINE_RULES.send(count) : DEADLINE_RULES[kind](count, here ?? "");
    return english === rule ? { key, params: here ? { count, jurisdiction: here } : { count } } : undefined;
  }
  const fixed = (DEADLINE_RULES as Record<string, unknown>)[kind];
  return typeof fixed === "string" && fixed === rule ? { key } : undefined;
}
