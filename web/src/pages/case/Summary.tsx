/** The top of a case page: its state, what is due next and by when, the basis in one line, who holds it. */
import { label as codeLabel, longDate } from "../../format";
import { instrumentName } from "../CaseWork";
import { type CaseDetailData, ConfidentialityBadge } from "./common";

/** What each kind of deadline asks, in words (deadlines.ts decides them). */
const DUE: Record<string, string> = {
  register: "Register the request",
  decide: "Decide on the request",
  send: "Send the request",
  respond_by: "Answer by the date the requesting state asked",
  written_confirmation: "Written confirmation of the urgent request",
  measure: "A measure's deadline",
  safe_conduct: "Safe conduct ends",
  custody_return: "Return the person in custody",
};

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
};

export function CaseSummary({ c }: { c: CaseDetailData }) {
  const next = c.deadlines[0];
  const overdue = next !== undefined && next.due < today();
  return (
    <section className="case-summary" aria-label="Summary of the case" data-testid="case-summary">
      <dl>
        <div>
          <dt>State</dt>
          <dd>
            <strong data-testid="case-state">{codeLabel(c.state)}</strong>
          </dd>
        </div>
        <div>
          <dt>Due next</dt>
          <dd data-testid="due-next">
            {next ? (
              <>
                {DUE[next.kind] ?? codeLabel(next.kind)} by <strong>{longDate(next.due)}</strong>
                {overdue && <span className="badge overdue"> overdue</span>}
              </>
            ) : (
              "Nothing due"
            )}
          </dd>
        </div>
        <div>
          <dt>Legal basis</dt>
          <dd data-testid="basis-line">
            {instrumentName(c, c.basisInstrument)}
            {c.requestDate ? `, on ${longDate(c.requestDate)}` : ""}
          </dd>
        </div>
        <div>
          <dt>Held by</dt>
          <dd>{c.officer ?? "no officer recorded"}</dd>
        </div>
      </dl>
      <p className="case-facts">
        {c.direction === "outgoing" ? "Outgoing" : "Incoming"} request, {c.requesting} → {c.requested}
        {c.requestDate ? `, dated ${longDate(c.requestDate)}` : ""}
        {c.receivedOn && c.direction === "incoming" ? `, received ${longDate(c.receivedOn)}` : ""}.{" "}
        <ConfidentialityBadge level={c.confidentiality} />
        {c.theirReference ? ` Their reference: ${c.theirReference}.` : ""}
        {c.authority ? ` Authority: ${c.authority}.` : ""}
      </p>
    </section>
  );
}
