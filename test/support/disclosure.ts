/**
 * What a reader of the statistics could work out about the hidden figures of a table that adds up to
 * a shown total: every way of filling them in that agrees with what is shown, tried one by one. A
 * "<5" figure is between 1 and 4, a figure withheld for the complement at least 1, and together they
 * make up `rest` (the total less the shown figures). The oracle of the complementary suppression's
 * tests (src/statistics/complement.ts is the code it checks).
 */
export function possibleValues(rest: number, hidden: { key: string; small: boolean }[]): Map<string, Set<number>> {
  const seen = new Map<string, Set<number>>(hidden.map((h) => [h.key, new Set()]));
  const fill = (i: number, left: number, chosen: number[]) => {
    if (i === hidden.length) {
      if (left === 0) for (const [j, h] of hidden.entries()) seen.get(h.key)?.add(chosen[j] as number);
      return;
    }
    const top = hidden[i]?.small ? Math.min(4, left) : left;
    for (let v = 1; v <= top; v++) fill(i + 1, left - v, [...chosen, v]);
  };
  fill(0, rest, []);
  return seen;
}
