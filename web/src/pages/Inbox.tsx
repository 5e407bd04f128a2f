/**
 * Requests received through the exchange awaiting registration, urgent first (issue 13 §2, §4).
 * Nothing received is accepted automatically: an officer registers each, which acknowledges it to
 * the requesting state, then opens the case.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, type Confidentiality, api } from "../api";
import { useTranslation } from "react-i18next";
import { exchangeOffText, useJurisdictionNames } from "../exchange";
import { formatDate, formatDateTime } from "../format";
import { Link } from "../Link";
import { navigate } from "../router";
import { ConfidentialityBadge } from "./Cases";
import { PackageImport } from "./Packages";
import { errorWords } from "../components/ErrorWords";

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

/** Where a request comes from, with the references the requesting state gave it, in one sentence. */
function originText(
  t: (key: string, values?: Record<string, string>) => string,
  country: string,
  reference: string | null,
  date: string | null,
) {
  if (reference && date) return t("inbox.fromRefDated", { country, reference, date });
  if (reference) return t("inbox.fromRef", { country, reference });
  if (date) return t("inbox.fromDated", { country, date });
  return t("inbox.from", { country });
}

/** The inbox page. */
export function Inbox({ canRegister }: { canRegister: boolean }) {
  const { t } = useTranslation("exchange");
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
      <h1>{t("inbox.title")}</h1>
      <p className="lead">{t("inbox.lead")}</p>
      {q.error && (
        <p className="error" role="alert">
          {errorWords(q.error)}
        </p>
      )}
      {q.data === null && <p className="notice">{exchangeOffText()}</p>}
      {q.data && (
        <p data-testid="inbox-summary">
          {items.length === 0
            ? t("inbox.nothingWaiting")
            : urgent
              ? t("inbox.waitingUrgent", { count: items.length, urgent })
              : t("inbox.waiting", { count: items.length })}
        </p>
      )}
      <ul className="inbox" data-testid="inbox">
        {items.map((i) => (
          <InboxItem key={i.id} item={i} canRegister={canRegister} country={country} />
        ))}
      </ul>
      {canRegister && q.data && (
        <div className="card">
          <h2>{t("inbox.packageTitle")}</h2>
          <p className="muted">{t("inbox.packageText")}</p>
          <PackageImport />
        </div>
      )}
    </section>
  );
}

function InboxItem({ item, canRegister, country }: { item: InboxCase; canRegister: boolean; country: (code: string) => string }) {
  const { t } = useTranslation("exchange");
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
        {item.urgency === "urgent" && <span className="badge mandatory">{t("inbox.urgent")}</span>}
        <Link to={`/cases/${item.id}`}>{item.title}</Link>
      </p>
      <p className="muted">
        {originText(t, country(item.from), item.theirReference, item.requestDate ? formatDate(item.requestDate) : null)}{" "}
        {t("inbox.received", { when: item.receivedAt ? formatDateTime(item.receivedAt) : "—", reference: item.reference })}{" "}
        <ConfidentialityBadge level={item.confidentiality} />
      </p>
      {canRegister && (
        <p>
          <button type="button" disabled={register.isPending} onClick={() => register.mutate()}>
            {t("inbox.register")}
          </button>{" "}
          <span className="muted">{t("inbox.registerNote")}</span>
        </p>
      )}
      {register.error && (
        <p className="error" role="alert">
          {errorWords(register.error)}
        </p>
      )}
    </li>
  );
}
