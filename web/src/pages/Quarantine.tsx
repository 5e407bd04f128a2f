/**
 * The administrator's quarantine (issue 13 §2): messages the inbox refused, newest first, each with
 * its reason in words, the sender when it is known, when it came and its size. Nothing of them reached
 * a case; the page shows only what the API keeps — the message as received, still sealed — never a
 * decrypted content.
 */
import { useQuery } from "@tanstack/react-query";
import { ApiError, api, errorText } from "../api";
import { EXCHANGE_OFF_TEXT, type Partner, reasonText, useJurisdictionNames, usePartners } from "../exchange";
import { formatDateTime } from "../format";
import { Link } from "../Link";

interface QuarantineItem {
  id: string;
  receivedAt: string;
  partnerId: string | null;
  messageId: string | null;
  reason: string;
  detail: string;
  size: number;
  ip: string | null;
}

/** A size in bytes as people read it. */
function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function senderText(partnerId: string | null, partners: Partner[] | null | undefined, country: (c: string) => string): string {
  if (!partnerId) return "unknown (not a trusted partner's signature)";
  const p = partners?.find((x) => x.id === partnerId);
  return p ? `${p.authority}, ${country(p.jurisdiction)}` : "a partner since removed";
}

/** The quarantine list, or one quarantined message when `id` is given. */
export function Quarantine({ id }: { id?: string }) {
  const partners = usePartners();
  const country = useJurisdictionNames();
  const list = useQuery({
    queryKey: ["exchange", "quarantine"],
    queryFn: async () => {
      try {
        return (await api<{ items: QuarantineItem[] }>("/exchange/quarantine")).items;
      } catch (err) {
        if (err instanceof ApiError && err.code === "exchange_off") return null;
        throw err;
      }
    },
    enabled: !id,
  });
  if (id) return <QuarantinedMessage id={id} partners={partners.data} country={country} />;
  return (
    <section>
      <h1>Quarantine</h1>
      <p className="lead">
        Messages this node refused. Each sender was answered with a signed refusal naming the reason; nothing of them reached a case.
      </p>
      {list.error && (
        <p className="error" role="alert">
          {errorText(list.error)}
        </p>
      )}
      {list.data === null && <p className="notice">{EXCHANGE_OFF_TEXT}</p>}
      {list.data && list.data.length === 0 && <p className="muted">Nothing refused.</p>}
      <ul className="quarantine" data-testid="quarantine">
        {(list.data ?? []).map((q) => (
          <li key={q.id} className="card">
            <p>
              <Link to={`/quarantine/${q.id}`}>Refused {formatDateTime(q.receivedAt)}</Link>: {reasonText(q.reason)}.
            </p>
            <p className="muted">
              From {senderText(q.partnerId, partners.data, country)}; {sizeText(q.size)}.
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function QuarantinedMessage({
  id,
  partners,
  country,
}: {
  id: string;
  partners: Partner[] | null | undefined;
  country: (c: string) => string;
}) {
  const q = useQuery({
    queryKey: ["exchange", "quarantine", id],
    queryFn: () => api<QuarantineItem & { content: string }>(`/exchange/quarantine/${id}`),
    retry: false,
  });
  const m = q.data;
  return (
    <section>
      <p>
        <Link to="/quarantine">← Quarantine</Link>
      </p>
      <h1>Refused message</h1>
      {q.error && (
        <p className="error" role="alert">
          {q.error instanceof ApiError && q.error.status === 404 ? "No such refused message." : errorText(q.error)}
        </p>
      )}
      {m && (
        <dl className="facts" data-testid="quarantined">
          <dt>Why it was refused</dt>
          <dd>{reasonText(m.reason)}</dd>
          <dt>Details</dt>
          <dd>{m.detail}</dd>
          <dt>Sender</dt>
          <dd>{senderText(m.partnerId, partners, country)}</dd>
          <dt>Received</dt>
          <dd>
            {formatDateTime(m.receivedAt)}
            {m.ip ? ` from the address ${m.ip}` : ""}
          </dd>
          <dt>Size</dt>
          <dd>{sizeText(m.size)}</dd>
          {m.messageId && (
            <>
              <dt>Message number</dt>
              <dd>
                <code>{m.messageId}</code>
              </dd>
            </>
          )}
          <dt>As received</dt>
          <dd>
            <details>
              <summary>The sealed message as it arrived (encrypted; its beginning)</summary>
              <pre className="sealed">{m.content.slice(0, 2000)}</pre>
            </details>
          </dd>
        </dl>
      )}
    </section>
  );
}
