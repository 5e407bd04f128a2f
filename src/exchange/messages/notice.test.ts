/** Notices on criminal assets (issue 15 §1): freezing, confiscation and sharing travel as notice topics and land on the case as correspondence. */
import { describe, expect, it } from "vitest";
import { noticeText } from "../apply/notice.js";
import type { Envelope } from "../envelope.js";
import { noticeBody } from "./notice.js";

describe("asset notices", () => {
  it.each(["freezing", "confiscation", "sharing"])("takes the topic %s and words it on the receiving case", (topic) => {
    const body = noticeBody.parse({ topic, text: "Order 12 of the Moscow court", dates: [{ label: "Expires", on: "2027-01-15" }] });
    expect(noticeText({ body } as Envelope<"notice">)).toBe(`Notice (${topic}): Order 12 of the Moscow court\nExpires: 2027-01-15`);
  });

  it("still refuses a topic it does not know", () => {
    expect(noticeBody.safeParse({ topic: "seizure_of_cats", text: "abc", dates: [] }).success).toBe(false);
  });
});
