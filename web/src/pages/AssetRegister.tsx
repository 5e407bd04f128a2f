/**
 * The register of criminal assets across the cases the officer may see (issue 15 §1): frozen assets
 * whose orders expire in the next 30 days first, then the totals per state, status and currency — a
 * chart with the same figures in a table beside it (the chart's bar lengths are approximate, the table's
 * figures exact) — every asset, and the CSV export.
 */
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { AssetRegister as Register } from "../../../src/assets/queries";
import { ASSET_STATUSES } from "../../../src/assets/fields";
import { api } from "../api";
import { BarChart } from "../Chart";
import { errorWords } from "../components/ErrorWords";
import { formatDate, formatNumber, regionName } from "../format";
import { Link } from "../Link";
import { navigate } from "../router";
import { formatMoney } from "./case/assets/money";

export function AssetRegister({ search }: { search: string }) {
  const { t } = useTranslation("assets");
  const params = new URLSearchParams(search);
  const status = params.get("status") ?? "";
  const currency = params.get("currency") ?? "";
  const query = new URLSearchParams({ ...(status ? { status } : {}), ...(currency ? { currency } : {}) }).toString();
  const q = useQuery({ queryKey: ["asset-register", query], queryFn: () => api<Register>(`/assets${query ? `?${query}` : ""}`) });
  const filter = (name: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value);
    else next.delete(name);
    navigate(`/assets${next.size ? `?${next}` : ""}`, true);
  };
  const reg = q.data;
  // One bar per state and currency (amounts of different currencies are never added together).
  const byStateCurrency = new Map<string, number>();
  for (const x of reg?.totals ?? []) {
    const key = `${regionName(x.location)} · ${x.currency}`;
    byStateCurrency.set(key, (byStateCurrency.get(key) ?? 0) + Number(x.amount));
  }
  return (
    <div className="page asset-register">
      <h1>{t("page.heading")}</h1>
      <p className="muted">{t("page.intro")}</p>
      <div className="filters">
        <label className="field">
          <span>{t("page.filterStatus")}</span>
          <select value={status} onChange={(e) => filter("status", e.target.value)}>
            <option value="">{t("page.any")}</option>
            {ASSET_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("page.filterCurrency")}</span>
          <input pattern="[A-Za-z]{3}" maxLength={3} value={currency} onChange={(e) => filter("currency", e.target.value.toUpperCase())} />
        </label>
        <a href={`/api/v1/assets/export.csv${query ? `?${query}` : ""}`} download>
          {t("page.export")}
        </a>
      </div>
      {q.error && (
        <p className="error" role="alert">
          {errorWords(q.error)}
        </p>
      )}
      {reg && (
        <>
          <section data-testid="expiring">
            <h2>{t("page.expiring", { days: reg.expiringWithinDays })}</h2>
            {reg.expiring.length === 0 ? (
              <p className="muted">{t("page.noneExpiring", { days: reg.expiringWithinDays })}</p>
            ) : (
              <table className="data cards">
                <thead>
                  <tr>
                    <th>{t("page.columns.expires")}</th>
                    <th>{t("page.columns.case")}</th>
                    <th>{t("page.columns.kind")}</th>
                    <th>{t("page.columns.description")}</th>
                    <th>{t("page.columns.state")}</th>
                  </tr>
                </thead>
                <tbody>
                  {reg.expiring.map((r) => (
                    <tr key={r.assetId}>
                      <td className="card-head">{r.freezeExpiresOn ? formatDate(r.freezeExpiresOn) : ""}</td>
                      <td data-label={t("page.columns.case")}>
                        <Link to={`/cases/${r.caseId}#assets`}>{r.reference}</Link>
                      </td>
                      <td data-label={t("page.columns.kind")}>{t(`kinds.${r.kind}`)}</td>
                      <td data-label={t("page.columns.description")}>{r.description}</td>
                      <td data-label={t("page.columns.state")}>{regionName(r.location)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          {/* Without any asset the totals say nothing the list below does not. */}
          {reg.totals.length > 0 && (
            <section data-testid="totals">
              <h2>{t("page.totals")}</h2>
              {byStateCurrency.size > 0 && (
                <BarChart label={t("page.chart")} data={[...byStateCurrency].map(([name, value]) => ({ name, value }))} />
              )}
              <table className="data cards">
                <thead>
                  <tr>
                    <th>{t("page.columns.state")}</th>
                    <th>{t("page.columns.status")}</th>
                    <th>{t("page.columns.currency")}</th>
                    <th>{t("page.columns.count")}</th>
                    <th>{t("page.columns.amount")}</th>
                  </tr>
                </thead>
                <tbody>
                  {reg.totals.map((x) => (
                    <tr key={`${x.location}-${x.status}-${x.currency}`} data-testid="total">
                      <td className="card-head">{regionName(x.location)}</td>
                      <td data-label={t("page.columns.status")}>{t(`status.${x.status}`)}</td>
                      <td data-label={t("page.columns.currency")}>{x.currency}</td>
                      <td data-label={t("page.columns.count")}>{formatNumber(x.count)}</td>
                      <td data-label={t("page.columns.amount")}>{formatMoney(x.amount, x.currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
          <section>
            <h2>{t("page.all")}</h2>
            {reg.rows.length === 0 ? (
              <p className="muted">{t("page.noAssets")}</p>
            ) : (
              <table className="data cards" data-testid="asset-rows">
                <thead>
                  <tr>
                    <th>{t("page.columns.case")}</th>
                    <th>{t("page.columns.kind")}</th>
                    <th>{t("page.columns.description")}</th>
                    <th>{t("page.columns.state")}</th>
                    <th>{t("page.columns.status")}</th>
                    <th>{t("page.columns.amount")}</th>
                  </tr>
                </thead>
                <tbody>
                  {reg.rows.map((r) => (
                    <tr key={r.assetId}>
                      <td className="card-head">
                        <Link to={`/cases/${r.caseId}#assets`}>{r.reference}</Link>
                      </td>
                      <td data-label={t("page.columns.kind")}>{t(`kinds.${r.kind}`)}</td>
                      <td data-label={t("page.columns.description")}>{r.description}</td>
                      <td data-label={t("page.columns.state")}>{regionName(r.location)}</td>
                      <td data-label={t("page.columns.status")}>{t(`status.${r.status}`)}</td>
                      <td data-label={t("page.columns.amount")}>{r.amount && r.currency ? formatMoney(r.amount, r.currency) : "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </div>
  );
}
