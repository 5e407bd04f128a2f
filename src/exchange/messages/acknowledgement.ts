/** `acknowledgement`: the requested state registered the request; its reference and, when known, the executing authority. */
import { z } from "zod";
import { isoDate, text } from "./common.js";

export const acknowledgementBody = z.object({
  reference: text({ min: 1, max: 100 }).describe("The requested state's reference of the case"),
  registeredOn: isoDate(),
  executingAuthority: text({ max: 300 }).nullable(),
});
export type AcknowledgementBody = z.infer<typeof acknowledgementBody>;
