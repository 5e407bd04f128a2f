/**
 * Complementary suppression of the statistics (issue 16 §2, need-to-know). A figure below SMALL
 * that includes a case the reader may not see is shown as "<5" (the primary suppression,
 * figures.ts). Where the figures of a table add up to a total that is shown — the partner states of
 * a direction add up to its total, so do the bases relied on, and so do the quarters of a duration
 * to its whole period — one hidden figure could be worked out as the total minus the others. So in
 * each such group more figures are withheld until no hidden small figure can be narrowed below
 * "between 1 and 4" from what is shown.
 *
 * What a reader could work out is taken, as statistical disclosure control usually takes it, to be
 * what follows from the table itself: the shown figures, the shown total, each "<5" figure between 1
 * and SMALL − 1, and each withheld figure at least 1 (a withheld figure is never 0: only a figure of
 * some cases is chosen). The figure withheld is the smallest shown one of at least SMALL where there
 * is one: one such figure is always enough, and the smallest loses the least.
 *
 * Not covered: a reader who also reasons from this rule (the code is public) knows that the figure
 * withheld is at least SMALL, and so can narrow a "<5" beside one of 5 to 7 (a 1 next to a
 * withheld 5 is then known to be at most 1). A total that is itself hidden still ties its groups
 * together (the partner states and the bases of a direction add up to the same hidden total), and
 * figures of different periods can be subtracted from one another.
 */

/** A total and the figures that add up to it exactly (each case in exactly one of them). */
export interface AdditiveGroup {
  total: string;
  parts: string[];
}

/**
 * Whether no "<5" figure of the group can be narrowed from its shown total: for each, the bounds that
 * follow from the equation are still 1 and small − 1.
 */
function groupProtected(
  group: AdditiveGroup,
  value: (key: string) => number,
  primary: ReadonlySet<string>,
  withheld: ReadonlySet<string>,
  small: number,
): boolean {
  const hiddenParts = group.parts.filter((k) => primary.has(k) || withheld.has(k));
  const smallOnes = hiddenParts.filter((k) => primary.has(k));
  if (smallOnes.length === 0) return true;
  const withheldOnes = hiddenParts.length - smallOnes.length;
  const sum = hiddenParts.reduce((s, k) => s + value(k), 0);
  // One small figure is at most the hidden sum less the least the others can be (1 each) …
  const highest = sum - (hiddenParts.length - 1);
  // … and at least the hidden sum less the most they can be (small − 1 each; a withheld figure has no most).
  const lowest = withheldOnes > 0 ? 1 : sum - (smallOnes.length - 1) * (small - 1);
  return highest >= small - 1 && lowest <= 1;
}

/**
 * The figures to withhold besides the primary ones, so that every group whose total is shown is
 * protected (groupProtected). In a group that is not, the smallest shown figure of at least `small`
 * is withheld, else the largest shown figure of some cases, until it is. Should a group's shown figures
 * run out first (which needs several small figures together), its total is withheld too, and with it
 * every figure of each group that adds up to that total, so that no other group gives it back.
 */
export function complementaryCells(
  groups: readonly AdditiveGroup[],
  value: (key: string) => number,
  primary: ReadonlySet<string>,
  small: number,
): Set<string> {
  const withheld = new Set<string>();
  const hidden = (k: string) => primary.has(k) || withheld.has(k);
  for (let changed = true; changed; ) {
    changed = false;
    for (const g of groups) {
      if (hidden(g.total)) continue;
      while (!groupProtected(g, value, primary, withheld, small)) {
        const shown = g.parts.filter((k) => !hidden(k) && value(k) > 0);
        if (shown.length === 0) {
          withheld.add(g.total);
          for (const h of groups) if (h.total === g.total) for (const k of h.parts) if (!hidden(k) && value(k) > 0) withheld.add(k);
          changed = true;
          break;
        }
        const large = shown.filter((k) => value(k) >= small).sort((a, b) => value(a) - value(b) || (a < b ? -1 : 1));
        const pick = large[0] ?? [...shown].sort((a, b) => value(b) - value(a) || (a < b ? -1 : 1))[0];
        withheld.add(pick as string);
        changed = true;
      }
    }
  }
  return withheld;
}
