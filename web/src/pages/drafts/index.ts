/**
 * The request writer: a guided interview, one topic per step, that drafts an outgoing request. The law
 * the draft relies on and its checklist are computed here as the user types, with the same code the
 * server runs before approval; the draft is saved as the user goes; the document is previewed live and
 * downloaded in Word or PDF; approval opens the outgoing case.
 *
 * One component per step (`steps/`), the editor that holds the draft and saves it, and the list of drafts.
 */
export { DraftEditor } from "./DraftEditor";
export { Drafts } from "./DraftList";
