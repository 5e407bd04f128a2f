/**
 * Criminal assets on the case's Assets tab (issue 15 §1): the law that governs them (the disposal rule
 * and the steps the basis provides, with citations), each asset with its holders, identifiers, value,
 * third parties' claims, orders, history, sharings and transfers, and — for officers — the forms to
 * register an asset, record its next step and share its proceeds.
 */
import { useTranslation } from "react-i18next";
import type { Asset, CaseAssets } from "../../../../../src/assets/queries";
import { ibanFriendly } from "../../../../../src/assets/fields";
import { En } from "../../../components/English";
import { errorWords } from "../../../components/ErrorWords";
import { formatDate, regionName } from "../../../format";
import { AssetRegistration, SharingForm, StepForm, TransferButton } from "./forms";
import { formatMoney } from "./money";
import { useCaseAssets } from "./query";

function LawPanel({ data }: { data: CaseAssets }) {
  const { t } = useTranslation("assets");
  const law = data.law;
  return (
    <aside className="hearing-law" data-testid="asset-law">
      <h3>{t("law.heading")}</h3>
      <p>
        <strong>{t("law.disposal")}</strong>: <span data-testid="disposal-rule">{t(`regimes.${law.disposal.regime}`)}</span>
        {law.disposal.citations.length > 0 && (
          <>
            {" "}
            (
            {law.disposal.citations.map((c, i) => (
              <span key={c.provision}>
                {i > 0 ? "; " : ""}
                <En>{c.cite}</En>
              </span>
            ))}
            )
          </>
        )}
      </p>
      {law.disposal.alsoInBasis.length > 0 && (
        <p className="muted">
          {t("law.alsoInBasis")} {law.disposal.alsoInBasis.map((r) => t(`regimes.${r}`)).join(" ")}
        </p>
      )}
      <h4>{t("law.steps")}</h4>
      <ul className="asset-steps" data-testid="asset-steps-law">
        {law.steps.map((s) => (
          <li key={s.step} data-step={s.step} data-permitted={s.permitted}>
            <strong>{t(`steps.${s.step}`)}</strong>: {s.permitted ? t("law.permitted") : t("law.notPermitted")}
            {s.citations.length > 0 && (
              <>
                {" — "}
                {s.citations.map((c, i) => (
                  <span key={c.provision}>
                    {i > 0 ? "; " : ""}
                    <En>{c.cite}</En>
                  </span>
                ))}
              </>
            )}
          </li>
        ))}
      </ul>
    </aside>
  );
}

const IDENTIFIER_FIELDS = [
  "iban",
  "accountNumber",
  "landRegistry",
  "vin",
  "registration",
  "imo",
  "wallet",
  "chain",
  "companyRegistry",
  "other",
] as const;

function AssetCard({ a, data, canEdit }: { a: Asset; data: CaseAssets; canEdit: boolean }) {
  const { t } = useTranslation("assets");
  return (
    <li className="asset-card" data-testid="asset" data-status={a.status}>
      <h3>
        {t(`kinds.${a.kind}`)} — {a.description} <span className="badge">{t(`status.${a.status}`)}</span>
      </h3>
      <dl className="asset-facts">
        <dt>{t("fields.location")}</dt>
        <dd>{regionName(a.location)}</dd>
        {IDENTIFIER_FIELDS.filter((f) => a.identifiers[f]).map((f) => (
          <div key={f}>
            <dt>{t(`fields.${f}`)}</dt>
            <dd>
              <code dir="ltr">
                {f === "iban"
                  ? ibanFriendly(a.identifiers.iban as string)
                  : f === "chain"
                    ? t(`chains.${a.identifiers.chain}`)
                    : a.identifiers[f]}
              </code>
            </dd>
          </div>
        ))}
        {a.value && (
          <>
            <dt>{t("fields.value")}</dt>
            <dd>
              {t("card.value", {
                amount: formatMoney(a.value.amount, a.value.currency),
                date: a.value.on ? formatDate(a.value.on) : "—",
                source: a.value.source ?? "—",
              })}
            </dd>
          </>
        )}
        {a.holders.length > 0 && (
          <>
            <dt>{t("card.holders")}</dt>
            <dd>{a.holders.map((h) => `${h.name} (${h.role})`).join("; ")}</dd>
          </>
        )}
        {a.thirdPartyClaims.length > 0 && (
          <>
            <dt>{t("card.claims")}</dt>
            <dd>{a.thirdPartyClaims.map((c) => `${c.claimant}: ${c.right}`).join("; ")}</dd>
          </>
        )}
        {a.freeze && (
          <>
            <dt>{t("steps.freeze")}</dt>
            <dd data-testid="freeze-order">
              {t("card.frozen", {
                order: a.freeze.order ?? "—",
                date: a.freeze.on ? formatDate(a.freeze.on) : "—",
                expires: a.freeze.expiresOn ? formatDate(a.freeze.expiresOn) : "—",
              })}
            </dd>
          </>
        )}
        {a.confiscation && (
          <>
            <dt>{t("steps.confiscate")}</dt>
            <dd>
              {t("card.confiscated", { order: a.confiscation.order, date: a.confiscation.on ? formatDate(a.confiscation.on) : "—" })} —{" "}
              {a.confiscation.final ? t("card.final") : t("card.underAppeal")}
            </dd>
          </>
        )}
        {a.proceeds && (
          <>
            <dt>{t("steps.realise")}</dt>
            <dd data-testid="proceeds">
              {t("card.proceeds", {
                amount: formatMoney(a.proceeds.amount, a.proceeds.currency),
                date: a.proceeds.on ? formatDate(a.proceeds.on) : "—",
              })}
            </dd>
          </>
        )}
        {a.disposal && (
          <>
            <dt>{t("status.disposed")}</dt>
            <dd>{t("card.disposed", { date: a.disposal.on ? formatDate(a.disposal.on) : "—", how: t(`disposals.${a.disposal.kind}`) })}</dd>
          </>
        )}
      </dl>
      {a.sharings.map((s) => (
        <div key={s.id} className="table-scroll">
          <table className="data" data-testid="shares">
            <caption>
              {t("sharing.table", { reference: s.reference, date: formatDate(s.concludedOn) })} —{" "}
              {s.provisions.map((p) => (
                <En key={p.provision}>{p.cite}</En>
              ))}
            </caption>
            <thead>
              <tr>
                <th>{t("fields.party")}</th>
                <th>{t("fields.percent")}</th>
                <th>{t("fields.amount")}</th>
                {s.conversion && <th>{t("sharing.converted")}</th>}
                <th>{t("card.transfers")}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td>{t("sharing.gross")}</td>
                <td />
                <td data-testid="share-gross">{formatMoney(s.gross, s.currency)}</td>
                {s.conversion && <td />}
                <td />
              </tr>
              <tr>
                <td>{t("fields.costs")}</td>
                <td />
                <td data-testid="share-costs">{formatMoney(s.costs, s.currency)}</td>
                {s.conversion && <td />}
                <td />
              </tr>
              <tr>
                <td>{t("sharing.net")}</td>
                <td />
                <td data-testid="share-net">{formatMoney(s.net, s.currency)}</td>
                {s.conversion && <td>{formatMoney(s.conversion.net, s.conversion.currency)}</td>}
                <td />
              </tr>
              {s.shares.map((x) => (
                <tr key={x.id} data-testid="share">
                  <td>{x.party.length === 2 ? regionName(x.party) : x.party}</td>
                  <td>{x.percent} %</td>
                  <td data-testid="share-amount">{formatMoney(x.amount, s.currency)}</td>
                  {s.conversion && <td>{x.converted ? formatMoney(x.converted, s.conversion.currency) : ""}</td>}
                  <td>
                    {x.transfer ? (
                      t("sharing.transferred", { date: formatDate(x.transfer.on), reference: x.transfer.reference })
                    ) : canEdit ? (
                      <TransferButton caseId={data.caseId} version={data.caseVersion} assetId={a.id} shareId={x.id} />
                    ) : (
                      t("sharing.notTransferred")
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      {a.transfers.length > 0 && a.sharings.length === 0 && (
        <p>
          {a.transfers
            .map((x) =>
              t("card.transferLine", {
                amount: formatMoney(x.amount, x.currency),
                recipient: x.recipient,
                date: formatDate(x.on),
                reference: x.reference,
              }),
            )
            .join("; ")}
        </p>
      )}
      <details>
        <summary>{t("card.history")}</summary>
        <ol>
          {a.steps.map((s) => (
            <li key={`${s.at}-${s.step}`}>
              {t("card.historyLine", { date: formatDate(s.on), step: t(`steps.${s.step}`) })}
              {s.order ? ` — ${s.order}` : ""}
              {s.provisions.length > 0 && (
                <>
                  {" ("}
                  {s.provisions.map((p, i) => (
                    <span key={p.provision}>
                      {i > 0 ? "; " : ""}
                      <En>{p.cite}</En>
                    </span>
                  ))}
                  {")"}
                </>
              )}
            </li>
          ))}
        </ol>
      </details>
      {canEdit && a.status === "realised" && <SharingForm data={data} asset={a} />}
      {canEdit && <StepForm data={data} asset={a} />}
    </li>
  );
}

/** The case's assets section. */
export function Assets({ caseId, canEdit }: { caseId: string; canEdit: boolean }) {
  const { t } = useTranslation("assets");
  const q = useCaseAssets(caseId);
  if (q.error)
    return (
      <p className="error" role="alert">
        {errorWords(q.error)}
      </p>
    );
  if (!q.data) return null;
  const data = q.data;
  return (
    <section className="case-section" data-testid="assets">
      <h2>{t("heading")}</h2>
      <LawPanel data={data} />
      {data.assets.length === 0 ? (
        <p className="muted">{t("none")}</p>
      ) : (
        <ul className="asset-list">
          {data.assets.map((a) => (
            <AssetCard key={a.id} a={a} data={data} canEdit={canEdit} />
          ))}
        </ul>
      )}
      {canEdit && <AssetRegistration data={data} />}
    </section>
  );
}
