/**
 * The administrator's quarantine (issue 13 §2): messages the inbox refused, newest first, each with
 * its reason in words, the sender when it is known, when it came and its size. Nothing of them reached
 * a case; the page shows only what the API keeps — the message as received, still sealed — never a
 * decrypted content.
 */
import { useQuery } from "@tanstack/react-query";
import { ApiError, api } from "../api";
import type { TFunction } from "i18next";
import { Trans, useTranslation } from "react-i18next";
import { type Partner, exchangeOffText, reasonText, useJurisdictionNames, usePartners } from "../exchange";
import { formatDateTime, formatNumber } from "../format";
import { Link } from "../Link";
import { errorWords } from "../components/ErrorWords";
import { En } from "../components/English";

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
function sizeText(t: TFunction, bytes: number): string {
  const one = { minimumFractionDigits: 1, maximumFractionDigits: 1 };
  if (bytes < 1024) return t("quarantine.bytes", { count: bytes, n: formatNumber(bytes) });
  if (bytes < 1024 * 1024) return t("quarantine.kib", { n: formatNumber(bytes / 1024, one) });
  return t("quarantine.mib", { n: formatNumber(bytes / 1024 / 1024, one) });
}

function senderText(
  t: TFunction,
  partnerId: string | null,
  partners: Partner[] | null | undefined,
  country: (c: string) => string,
): string {
  if (!partnerId) return t("quarantine.unknownSender");
  const p = partners?.find((x) => x.id === partnerId);
  return p ? t("quarantine.sender", { authority: p.authority, country: country(p.jurisdiction) }) : t("quarantine.removedSender");
}

/** The quarantine list, or one quarantined message when `id` is given. */
export function Quarantine({ id }: { id?: string }) {
  const { t } = useTranslation("exchange");
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
      <h1>{t("quarantine.title")}</h1>
      <p className="lead">{t("quarantine.lead")}</p>
      {list.error && (
        <p className="error" role="alert">
          {errorWords(list.error)}
        </p>
      )}
      {list.data === null && <p className="notice">{exchangeOffText()}</p>}
      {list.data && list.data.length === 0 && <p className="muted">{t("quarantine.nothing")}</p>}
      <ul className="quarantine" data-testid="quarantine">
        {(list.data ?? []).map((q) => (
          <li key={q.id} className="card">
            <p>
              <Trans
                t={t}
                i18nKey="quarantine.item"
                values={{ when: formatDateTime(q.receivedAt), reason: reasonText(q.reason) }}
                components={{ a: <Link to={`/quarantine/${q.id}`}>{null}</Link> }}
              />
            </p>
            <p className="muted">
              {t("quarantine.from", { sender: senderText(t, q.partnerId, partners.data, country), size: sizeText(t, q.size) })}
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
  const { t } = useTranslation("exchange");
  return (
    <section>
      <p>
        <Link to="/quarantine">{t("quarantine.back")}</Link>
      </p>
      <h1>{t("quarantine.refusedMessage")}</h1>
      {q.error && (
        <p className="error" role="alert">
          {q.error instanceof ApiError && q.error.status === 404 ? t("quarantine.noSuch") : errorWords(q.error)}
        </p>
      )}
      {m && (
        <dl className="facts" data-testid="quarantined">
          <dt>{t("quarantine.why")}</dt>
          <dd>{reasonText(m.reason)}</dd>
          <dt>{t("quarantine.details")}</dt>
          {/* The receiving check's own technical words, in English. */}
          <dd>
            <En>{m.detail}</En>
          </dd>
          <dt>{t("quarantine.senderLabel")}</dt>
          <dd>{senderText(t, m.partnerId, partners, country)}</dd>
          <dt>{t("quarantine.received")}</dt>
          <dd>{m.ip ? t("quarantine.receivedFrom", { when: formatDateTime(m.receivedAt), ip: m.ip }) : formatDateTime(m.receivedAt)}</dd>
          <dt>{t("quarantine.size")}</dt>
          <dd>{sizeText(t, m.size)}</dd>
          {m.messageId && (
            <>
              <dt>{t("quarantine.messageNumber")}</dt>
              <dd>
                <code>{m.messageId}</code>
              </dd>
            </>
          )}
          <dt>{t("quarantine.asReceived")}</dt>
          <dd>
            <details>
              <summary>{t("quarantine.sealed")}</summary>
              <pre className="sealed">{m.content.slice(0, 2000)}</pre>
            </details>
          </dd>
        </dl>
      )}
    </section>
  );
}
