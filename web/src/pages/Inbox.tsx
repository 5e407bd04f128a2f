/**
 * Requests received through the exchange awaiting registration, urgent first (issue 13 §2, §4).
 * Nothing received is accepted automatically: an officer registers each, which acknowledges it to
 * the requesting state, then opens the case.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, type Confidentiality, api, errorText } from "../api";
import { EXCHANGE_OFF_TEXT, useJurisdictionNames } from "../exchange";
import { formatDateTime } from "../format";
import { Link } from "../Link";
import { navigate } from "../router";
import { ConfidentialityBadge } from "./Cases";
import { PackageImport } from "./Packages";

interface InboxCase {
  id: string;
  reference: string;
  title: string;
  version: number;
  urgency: "normal" | "urgent";
  confidentiality: Confidentiality;
  from: string;
  theirReference: string | null;
  receivedAt: string | null;
  requestDate: string | null;
}

/** The inbox page. */
export function Inbox({ canRegister }: { canRegister: boolean }) {
  const country = useJurisdictionNames();
  const q = useQuery({
    queryKey: ["exchange", "inbox"],
    queryFn: async () => {
      try {
        return (await api<{ items: InboxCase[] }>("/exchange/inbox-cases")).items;
      } catch (err) {
        if (err instanceof ApiError && err.code === "exchange_off") return null;
        throw err;
      }
    },
    // New requests arrive from partner nodes without anyone here doing anything.
    refetchInterval: 15_000,
  });
  const items = q.data ?? [];
  const urgent = items.filter((i) => i.urgency === "urgent").length;
  return (
    <section>
      <h1>Inbox</h1>
      <p className="lead">Requests received from partner nodes, waiting to be registered. Urgent requests come first.</p>
      {q.error && (
        <p className="error" role="alert">
          {errorText(q.error)}
        </p>
      )}
      {q.data === null && <p className="notice">{EXCHANGE_OFF_TEXT}</p>}
      {q.data && (
        <p data-testid="inbox-summary">
          {items.length === 0
            ? "Nothing waiting."
            : `${items.length} request${items.length === 1 ? "" : "s"} waiting${urgent ? `, ${urgent} urgent` : ""}.`}
        </p>
      )}
      <ul className="inbox" data-testid="inbox">
        {items.map((i) => (
          <InboxItem key={i.id} item={i} canRegister={canRegister} country={country} />
        ))}
      </ul>
      {canRegister && q.data && (
        <div className="card">
          <h2>A request received as a signed package</h2>
          <p className="muted">
            From a partner the network does not reach, by e-mail or diplomatic bag: it is checked against the partner's key, then waits here
            like any other.
          </p>
          <PackageImport />
        </div>
      )}
    </section>
  );
}

function InboxItem({ item, canRegister, country }: { item: InboxCase; canRegister: boolean; country: (code: string) => string }) {
  const qc = useQueryClient();
  const register = useMutation({
    mutationFn: () => api(`/cases/${item.id}/exchange/send`, { method: "POST", body: { kind: "acknowledgement", version: item.version } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ["exchange"] });
      void qc.invalidateQueries({ queryKey: ["cases"] });
      navigate(`/cases/${item.id}`);
    },
    onError: () => qc.invalidateQueries({ queryKey: ["exchange", "inbox"] }),
  });
  return (
    <li className={`card inbox-item${item.urgency === "urgent" ? " urgent" : ""}`} data-testid="inbox-item">
      <p>
        {item.urgency === "urgent" && <span className="badge mandatory">Urgent</span>}
        <Link to={`/cases/${item.id}`}>{item.title}</Link>
      </p>
      <p className="muted">
        From {country(item.from)}
        {item.theirReference ? `, their reference ${item.theirReference}` : ""}
        {item.requestDate ? `, dated ${item.requestDate}` : ""}. Received {item.receivedAt ? formatDateTime(item.receivedAt) : "—"}. Our
        reference {item.reference}. <ConfidentialityBadge level={item.confidentiality} />
      </p>
      {canRegister && (
        <p>
          <button type="button" disabled={register.isPending} onClick={() => register.mutate()}>
            Register and open
          </button>{" "}
          <span className="muted">Registering acknowledges receipt to the requesting state.</span>
        </p>
      )}
      {register.error && (
        <p className="error" role="alert">
          {errorText(register.error)}
        </p>
      )}
    </li>
  );
}
