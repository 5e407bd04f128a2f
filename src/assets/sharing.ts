/**
 * Sharing a realised asset between states (issue 15 §1), with exact decimals (decimal.js), never binary
 * floats. Pure: the web app computes the same figures as the server.
 *
 * The rule, in order:
 * 1. The net is the proceeds less the costs deducted first (UNCAC art. 57(4): reasonable expenses; the
 *    agreement says which). Costs above the proceeds are refused: a share is never negative.
 * 2. Each party's exact share is net × percentage ÷ 100; the percentages are decimals summing to exactly 100.
 * 3. Each share is rounded down to the currency's minor unit (cents for EUR, none for JPY; the minor units
 *    are the CLDR digits the runtime's Intl knows). The minor units left over — fewer than the number of
 *    parties — go one each to the parties with the largest remainders cut off; a tie goes to the party listed
 *    first (largest-remainder method). So the shares add up to the net exactly and the result depends only
 *    on the input's order, never on the machine.
 * 4. A conversion (a recorded rate, its date and source) converts the net at the rate, rounds it half-even to
 *    the target currency's minor unit, and splits that converted net by the same rule, so the converted
 *    shares also add up exactly.
 */
import { Decimal } from "decimal.js";

/** A decimal.js constructor of its own: 40 significant digits, no exponent notation in strings. */
const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -40, toExpPos: 40 });
type Dec = InstanceType<typeof D>;

/** The minor units of an ISO 4217 currency as the runtime's CLDR data gives them (EUR 2, JPY 0, KWD 3). */
export function minorUnits(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** One party of a sharing and its percentage (a decimal string such as "50" or "33.3333"). */
export interface SharePart {
  party: string;
  percent: string;
}

/** A recorded exchange rate: 1 unit of the asset's currency = `rate` units of `currency`, as of `on`, from `source`. */
export interface Conversion {
  currency: string;
  rate: string;
  on: string;
  source: string;
}

export interface SharingInput {
  currency: string;
  /** The proceeds realised (sale proceeds, or the sum confiscated). */
  gross: string;
  /** Costs deducted before sharing. */
  costs: string;
  parts: SharePart[];
  conversion?: Conversion | null;
}

export interface ShareLine {
  party: string;
  percent: string;
  amount: string;
  /** In the conversion's currency, when there is one. */
  converted?: string;
}

export interface SharingResult {
  currency: string;
  gross: string;
  costs: string;
  net: string;
  shares: ShareLine[];
  conversion?: Conversion & { net: string };
}

/** Why a sharing cannot be computed: the field at fault and the rule, in English. */
export class SharingError extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly rule: "percent_total" | "costs_exceed" | "bad_amount" | "no_parts",
    /** The values its words need (errors:domain.share*). */
    readonly params: Record<string, string> = {},
  ) {
    super(message);
  }
}

const dec = (v: string, field: string): Dec => {
  if (!/^\d+(\.\d+)?$/.test(v))
    throw new SharingError(field, `The amount "${v}" is not a decimal number such as 1250.00.`, "bad_amount", { value: v });
  return new D(v);
};

/** Splits `total` (already in minor units' precision) by weights summing to 100, by the largest-remainder rule. */
function split(total: Dec, percents: Dec[], digits: number): Dec[] {
  const unit = new D(1).dividedBy(new D(10).pow(digits));
  const exact = percents.map((p) => total.times(p).dividedBy(100));
  const floors = exact.map((e) => e.toDecimalPlaces(digits, Decimal.ROUND_DOWN));
  let left = total
    .minus(floors.reduce((a, b) => a.plus(b), new D(0)))
    .dividedBy(unit)
    .round()
    .toNumber();
  const order = exact.map((e, i) => ({ i, rem: e.minus(floors[i] as Dec) })).sort((a, b) => b.rem.comparedTo(a.rem) || a.i - b.i);
  const out = [...floors];
  for (const { i } of order) {
    if (left <= 0) break;
    out[i] = (out[i] as Dec).plus(unit);
    left -= 1;
  }
  return out;
}

/** Computes a sharing (see the rule at the top of this file); throws SharingError naming the field at fault. */
export function computeSharing(input: SharingInput): SharingResult {
  if (input.parts.length === 0) throw new SharingError("parts", "A sharing needs at least one party.", "no_parts");
  const digits = minorUnits(input.currency);
  const gross = dec(input.gross, "gross").toDecimalPlaces(digits, Decimal.ROUND_HALF_EVEN);
  const costs = dec(input.costs, "costs").toDecimalPlaces(digits, Decimal.ROUND_HALF_EVEN);
  if (costs.greaterThan(gross))
    throw new SharingError(
      "costs",
      `The costs (${costs.toFixed(digits)}) exceed the proceeds (${gross.toFixed(digits)}): nothing is left to share.`,
      "costs_exceed",
      { costs: costs.toFixed(digits), gross: gross.toFixed(digits) },
    );
  const percents = input.parts.map((p, i) => dec(p.percent, `parts.${i}.percent`));
  const total = percents.reduce((a, b) => a.plus(b), new D(0));
  if (!total.equals(100))
    throw new SharingError("parts", `The percentages add up to ${total.toString()}, not 100.`, "percent_total", {
      total: total.toString(),
    });
  const net = gross.minus(costs);
  const amounts = split(net, percents, digits);
  const shares: ShareLine[] = input.parts.map((p, i) => ({
    party: p.party,
    percent: percents[i]?.toString() ?? p.percent,
    amount: (amounts[i] as Dec).toFixed(digits),
  }));
  const result: SharingResult = {
    currency: input.currency,
    gross: gross.toFixed(digits),
    costs: costs.toFixed(digits),
    net: net.toFixed(digits),
    shares,
  };
  if (input.conversion) {
    const c = input.conversion;
    const to = minorUnits(c.currency);
    const rate = dec(c.rate, "conversion.rate");
    const convertedNet = net.times(rate).toDecimalPlaces(to, Decimal.ROUND_HALF_EVEN);
    const converted = split(convertedNet, percents, to);
    shares.forEach((s, i) => {
      s.converted = (converted[i] as Dec).toFixed(to);
    });
    result.conversion = { ...c, rate: rate.toString(), net: convertedNet.toFixed(to) };
  }
  return result;
}

/** Exact sum of decimal strings (for totals across assets), as a string with `digits` places. */
export function sumAmounts(amounts: readonly string[], digits = 2): string {
  return amounts.reduce((a, b) => a.plus(new D(b)), new D(0)).toFixed(digits);
}
