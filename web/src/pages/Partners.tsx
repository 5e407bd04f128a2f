/**
 * The partner nodes (issue 13 §1, §4): administrators add a partner by its endpoint and the fingerprint
 * its authority gave out of band, after comparing group by group the fingerprint the node presents;
 * they refresh, suspend, resume or remove it. Officers, supervisors and auditors read the list.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError, api, isVersionConflict } from "../api";
import type { TFunction } from "i18next";
import { Trans, useTranslation } from "react-i18next";
import {
  type Partner,
  type PartnerPreview,
  exchangeOffText,
  fingerprintGroups,
  keyStatusWords,
  keyUseWords,
  reasonText,
  useJurisdictionNames,
  usePartners,
} from "../exchange";
import { formatDateTime, formatNumber } from "../format";
import { errorWords } from "../components/ErrorWords";
import { LIMITS } from "../../../src/validation/limits";

/** The Partners page. */
export function Partners({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation("exchange");
  const partners = usePartners();
  const country = useJurisdictionNames();
  return (
    <section>
      <h1>{t("partners.title")}</h1>
      <p className="lead">{t("partners.lead")}</p>
      {partners.error && (
        <p className="error" role="alert">
          {errorWords(partners.error)}
        </p>
      )}
      {partners.data === null && <p className="notice">{exchangeOffText()}</p>}
      {partners.data && partners.data.length === 0 && <p className="muted">{t("partners.none")}</p>}
      <div data-testid="partners">
        {(partners.data ?? []).map((p) => (
          <PartnerCard key={p.id} p={p} canManage={canManage} country={country} />
        ))}
      </div>
      {canManage && partners.data !== null && <AddPartner />}
    </section>
  );
}

/** A fingerprint in numbered groups of four, for reading aloud. */
export function GroupedFingerprint({ value, compareWith }: { value: string; compareWith?: string }) {
  const groups = fingerprintGroups(value);
  const other = compareWith === undefined ? undefined : fingerprintGroups(compareWith);
  const { t } = useTranslation("exchange");
  return (
    <ol className="fingerprint" aria-label={t("partners.fingerprintGroups")}>
      {groups.map((g, i) => {
        const same = other ? other[i] === g : undefined;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: a group's place is its identity (two groups may be equal)
          <li key={i} className={same === undefined ? undefined : same ? "same" : "differs"}>
            <span className="group-no">{i + 1}</span>
            <code>{g}</code>
            {same === false && <span className="group-mark"> {t("partners.differs")}</span>}
          </li>
        );
      })}
    </ol>
  );
}

function linkText(t: TFunction, p: Partner): { text: string; bad: boolean } {
  if (p.status === "suspended") return { text: t("partners.link.suspended"), bad: true };
  const l = p.link;
  if (l && l.waiting > 0)
    return {
      text: t("partners.link.waiting", { count: l.waiting, since: formatDateTime(l.waitingSince ?? "") }),
      bad: true,
    };
  if (l?.lastContactAt) return { text: t("partners.link.working", { when: formatDateTime(l.lastContactAt) }), bad: false };
  return { text: t("partners.link.none"), bad: false };
}

function PartnerCard({ p, canManage, country }: { p: Partner; canManage: boolean; country: (code: string) => string }) {
  const { t } = useTranslation("exchange");
  const qc = useQueryClient();
  const [confirmRemove, setConfirmRemove] = useState(false);
  const change = useMutation({
    mutationFn: (what: "refresh" | "suspend" | "resume" | "remove") => {
      if (what === "refresh") return api(`/exchange/partners/${p.id}/refresh`, { method: "POST", body: {} });
      if (what === "remove") return api(`/exchange/partners/${p.id}?version=${p.version}`, { method: "DELETE" });
      return api(`/exchange/partners/${p.id}`, {
        method: "PATCH",
        body: { status: what === "suspend" ? "suspended" : "active", version: p.version },
      });
    },
    onSettled: () => qc.invalidateQueries({ queryKey: ["exchange", "partners"] }),
    onError: (err) => {
      if (isVersionConflict(err)) void qc.invalidateQueries({ queryKey: ["exchange", "partners"] });
    },
  });
  const link = linkText(t, p);
  return (
    <article className="card stack partner" data-testid="partner">
      <h2 className="partner-name">
        {p.authority} <span className="muted">— {country(p.jurisdiction)}</span>
      </h2>
      <p className="endpoint">
        <span className="muted">{t("partners.node")}</span> <code className="wrap">{p.endpoint}</code>
      </p>
      <p>
        <span className={`badge ${p.status === "active" ? "advised" : "mandatory"}`}>
          {p.status === "active" ? t("partners.active") : t("partners.suspended")}
        </span>{" "}
        <span className={link.bad ? "error" : "ok"} data-testid="partner-link">
          {link.text}
        </span>
      </p>
      {p.link?.lastError && (
        <p className="error" data-testid="partner-last-error">
          {t("partners.lastError", { reason: reasonText(p.link.lastError) })}
        </p>
      )}
      <div>
        <p className="muted">{t("partners.fingerprintInUse")}</p>
        <GroupedFingerprint value={p.fingerprint} />
        {p.pairedFingerprint !== p.fingerprint && <p className="muted">{t("partners.rotated")}</p>}
      </div>
      <p className="muted">
        {t("partners.paired", {
          paired: formatDateTime(p.createdAt),
          read: formatDateTime(p.refreshedAt),
          issued: formatDateTime(p.identityIssuedAt),
        })}
      </p>
      <details>
        <summary>{t("partners.keys", { n: formatNumber(p.keys.length) })}</summary>
        <table className="data keys">
          <thead>
            <tr>
              <th>{t("partners.keyUse")}</th>
              <th>{t("partners.keyState")}</th>
              <th>{t("partners.keyFingerprint")}</th>
              <th>{t("partners.knownSince")}</th>
            </tr>
          </thead>
          <tbody>
            {p.keys.map((k) => (
              <tr key={k.kid} className={k.status === "revoked" ? "revoked" : undefined}>
                <td>
                  {keyUseWords(k.use)} <span className="muted">({k.alg})</span>
                </td>
                <td>
                  {keyStatusWords(k.status)}
                  {k.acceptUntil ? t("partners.acceptedUntil", { when: formatDateTime(k.acceptUntil) }) : ""}
                  {k.revokedAt ? t("partners.revokedOn", { when: formatDateTime(k.revokedAt) }) : ""}
                </td>
                <td>
                  <code className="fp-inline">{fingerprintGroups(k.fingerprint).join(" ")}</code>
                </td>
                <td>{formatDateTime(k.firstSeen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      {canManage && (
        <div className="button-row">
          <button type="button" disabled={change.isPending} onClick={() => change.mutate("refresh")}>
            {t("partners.refresh")}
          </button>
          {p.status === "active" ? (
            <button type="button" disabled={change.isPending} onClick={() => change.mutate("suspend")}>
              {t("partners.suspend")}
            </button>
          ) : (
            <button type="button" disabled={change.isPending} onClick={() => change.mutate("resume")}>
              {t("partners.resume")}
            </button>
          )}
          {confirmRemove ? (
            <span>
              {t("partners.removeQuestion", { authority: p.authority })}{" "}
              <button type="button" disabled={change.isPending} onClick={() => change.mutate("remove")}>
                {t("partners.yesRemove")}
              </button>{" "}
              <button type="button" className="link-button" onClick={() => setConfirmRemove(false)}>
                {t("partners.keep")}
              </button>
            </span>
          ) : (
            <button type="button" className="link-button" onClick={() => setConfirmRemove(true)}>
              {t("partners.remove")}
            </button>
          )}
        </div>
      )}
      {change.isSuccess && <p className="ok">{t("partners.done")}</p>}
      {change.error && (
        <p className="error" role="alert">
          {errorWords(change.error)}
        </p>
      )}
    </article>
  );
}

/**
 * Adding a partner in two steps: read the node's identity from its endpoint, then compare its
 * fingerprint group by group with the one its authority reads aloud, and confirm. The server checks
 * the typed fingerprint against the identity again; the comparison on screen is the person's check.
 */
function AddPartner() {
  const { t } = useTranslation("exchange");
  const qc = useQueryClient();
  const [endpoint, setEndpoint] = useState("");
  const [given, setGiven] = useState("");
  const [confirmed, setConfirmed] = useState(false);
  const preview = useMutation({
    mutationFn: () => api<PartnerPreview>("/exchange/partners/preview", { method: "POST", body: { endpoint } }),
    onSuccess: () => setConfirmed(false),
  });
  const add = useMutation({
    mutationFn: () => api<Partner>("/exchange/partners", { method: "POST", body: { endpoint, fingerprint: given } }),
    onSuccess: () => {
      preview.reset();
      setEndpoint("");
      setGiven("");
      setConfirmed(false);
      void qc.invalidateQueries({ queryKey: ["exchange", "partners"] });
    },
  });
  const shown = preview.data;
  const typed = fingerprintGroups(given);
  const allSame = shown ? typed.join("") === shown.fingerprint : false;
  return (
    <div className="card stack" data-testid="add-partner">
      <h2>{t("addPartner.title")}</h2>
      <ol className="steps-text">
        <li>{t("addPartner.step1")}</li>
        <li>{t("addPartner.step2")}</li>
        <li>{t("addPartner.step3")}</li>
      </ol>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          add.reset();
          preview.mutate();
        }}
      >
        <label>
          {t("addPartner.endpoint")}
          <input
            value={endpoint}
            onChange={(e) => {
              setEndpoint(e.target.value);
              preview.reset();
            }}
            placeholder="https://rogatory.example.org"
            inputMode="url"
            required
            maxLength={LIMITS.partnerEndpoint}
          />
        </label>
        <label className="wide">
          {t("addPartner.given")}
          <input
            value={given}
            onChange={(e) => {
              setGiven(e.target.value);
              setConfirmed(false);
            }}
            placeholder={t("addPartner.givenPlaceholder")}
            autoComplete="off"
            maxLength={LIMITS.fingerprint}
            spellCheck={false}
            className="mono"
          />
        </label>
        <button type="submit" disabled={preview.isPending}>
          {preview.isPending ? t("addPartner.reading") : t("addPartner.read")}
        </button>
      </form>
      {preview.error && (
        <p className="error" role="alert">
          {errorWords(preview.error)}
        </p>
      )}
      {shown && (
        <div className="stack identity" data-testid="partner-identity">
          <p>
            <Trans
              t={t}
              i18nKey="addPartner.says"
              values={{
                endpoint: shown.endpoint,
                authority: shown.authority,
                jurisdiction: shown.jurisdiction,
                issued: formatDateTime(shown.issuedAt),
              }}
              components={{ code: <code className="wrap" />, strong: <strong /> }}
            />
          </p>
          {shown.alreadyPartner && <p className="error">{t("addPartner.already")}</p>}
          <p>{t("addPartner.readAloud")}</p>
          <GroupedFingerprint value={shown.fingerprint} compareWith={given ? given : undefined} />
          {given && !allSame && (
            <p className="error" role="alert" data-testid="fingerprint-differs">
              {typed.length !== fingerprintGroups(shown.fingerprint).length
                ? t("addPartner.differsCount", { count: typed.length })
                : t("addPartner.differs")}
            </p>
          )}
          {given && allSame && <p className="ok">{t("addPartner.agrees")}</p>}
          <label className="check">
            <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
            {t("addPartner.confirm", { count: typed.length || 11 })}
          </label>
          <div>
            <button type="button" disabled={!confirmed || !given || add.isPending || shown.alreadyPartner} onClick={() => add.mutate()}>
              {t("addPartner.add", { authority: shown.authority })}
            </button>
          </div>
          {!given && <p className="muted">{t("addPartner.typeIt")}</p>}
        </div>
      )}
      {add.error && (
        <p className="error" role="alert" data-testid="add-error">
          {add.error instanceof ApiError && add.error.code === "fingerprint_mismatch"
            ? t("addPartner.notAdded", { reason: add.error.message })
            : errorWords(add.error)}
        </p>
      )}
      {add.isSuccess && (
        <p className="ok" role="status">
          {t("addPartner.added", { authority: add.data.authority })}
        </p>
      )}
    </div>
  );
}
