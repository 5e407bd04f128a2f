/**
 * The partner nodes (issue 13 §1, §4): administrators add a partner by its endpoint and the fingerprint
 * its authority gave out of band, after comparing group by group the fingerprint the node presents;
 * they refresh, suspend, resume or remove it. Officers, supervisors and auditors read the list.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError, api, errorText, isVersionConflict } from "../api";
import {
  EXCHANGE_OFF_TEXT,
  KEY_STATUS_WORDS,
  KEY_USE_WORDS,
  type Partner,
  type PartnerPreview,
  fingerprintGroups,
  reasonText,
  useJurisdictionNames,
  usePartners,
} from "../exchange";
import { formatDateTime } from "../format";

/** The Partners page. */
export function Partners({ canManage }: { canManage: boolean }) {
  const partners = usePartners();
  const country = useJurisdictionNames();
  return (
    <section>
      <h1>Partners</h1>
      <p className="lead">
        Central authorities this node exchanges requests with. Each was added after its fingerprint was compared with the one its authority
        gave by telephone or diplomatic note.
      </p>
      {partners.error && (
        <p className="error" role="alert">
          {errorText(partners.error)}
        </p>
      )}
      {partners.data === null && <p className="notice">{EXCHANGE_OFF_TEXT}</p>}
      {partners.data && partners.data.length === 0 && <p className="muted">No partner yet.</p>}
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
  return (
    <ol className="fingerprint" aria-label="Fingerprint in groups of four">
      {groups.map((g, i) => {
        const same = other ? other[i] === g : undefined;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: a group's place is its identity (two groups may be equal)
          <li key={i} className={same === undefined ? undefined : same ? "same" : "differs"}>
            <span className="group-no">{i + 1}</span>
            <code>{g}</code>
            {same === false && <span className="group-mark"> differs</span>}
          </li>
        );
      })}
    </ol>
  );
}

function linkText(p: Partner): { text: string; bad: boolean } {
  if (p.status === "suspended") return { text: "Suspended: nothing is sent to it and nothing from it is accepted.", bad: true };
  const l = p.link;
  if (l && l.waiting > 0)
    return {
      text: `${l.waiting} message${l.waiting === 1 ? "" : "s"} waiting for the partner since ${formatDateTime(l.waitingSince ?? "")}.`,
      bad: true,
    };
  if (l?.lastContactAt) return { text: `Working: last heard from ${formatDateTime(l.lastContactAt)}.`, bad: false };
  return { text: "No message exchanged yet.", bad: false };
}

function PartnerCard({ p, canManage, country }: { p: Partner; canManage: boolean; country: (code: string) => string }) {
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
  const link = linkText(p);
  return (
    <article className="card stack partner" data-testid="partner">
      <h2 className="partner-name">
        {p.authority} <span className="muted">— {country(p.jurisdiction)}</span>
      </h2>
      <p className="endpoint">
        <span className="muted">Node:</span> <code className="wrap">{p.endpoint}</code>
      </p>
      <p>
        <span className={`badge ${p.status === "active" ? "advised" : "mandatory"}`}>{p.status === "active" ? "Active" : "Suspended"}</span>{" "}
        <span className={link.bad ? "error" : "ok"} data-testid="partner-link">
          {link.text}
        </span>
      </p>
      {p.link?.lastError && (
        <p className="error" data-testid="partner-last-error">
          Last delivery error: {reasonText(p.link.lastError)}
        </p>
      )}
      <div>
        <p className="muted">Fingerprint of its signing key in use (compared out of band):</p>
        <GroupedFingerprint value={p.fingerprint} />
        {p.pairedFingerprint !== p.fingerprint && (
          <p className="muted">It has rotated its key since pairing; the new key was learnt from a document its earlier key signed.</p>
        )}
      </div>
      <p className="muted">
        Paired {formatDateTime(p.createdAt)}; identity read {formatDateTime(p.refreshedAt)} (issued {formatDateTime(p.identityIssuedAt)}).
      </p>
      <details>
        <summary>Keys ({p.keys.length})</summary>
        <table className="data keys">
          <thead>
            <tr>
              <th>Use</th>
              <th>State</th>
              <th>Fingerprint</th>
              <th>Known since</th>
            </tr>
          </thead>
          <tbody>
            {p.keys.map((k) => (
              <tr key={k.kid} className={k.status === "revoked" ? "revoked" : undefined}>
                <td>
                  {KEY_USE_WORDS[k.use]} <span className="muted">({k.alg})</span>
                </td>
                <td>
                  {KEY_STATUS_WORDS[k.status]}
                  {k.acceptUntil ? `, accepted until ${formatDateTime(k.acceptUntil)}` : ""}
                  {k.revokedAt ? ` on ${formatDateTime(k.revokedAt)}` : ""}
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
            Read its identity again
          </button>
          {p.status === "active" ? (
            <button type="button" disabled={change.isPending} onClick={() => change.mutate("suspend")}>
              Suspend
            </button>
          ) : (
            <button type="button" disabled={change.isPending} onClick={() => change.mutate("resume")}>
              Resume
            </button>
          )}
          {confirmRemove ? (
            <span>
              Remove {p.authority}?{" "}
              <button type="button" disabled={change.isPending} onClick={() => change.mutate("remove")}>
                Yes, remove
              </button>{" "}
              <button type="button" className="link-button" onClick={() => setConfirmRemove(false)}>
                Keep it
              </button>
            </span>
          ) : (
            <button type="button" className="link-button" onClick={() => setConfirmRemove(true)}>
              Remove…
            </button>
          )}
        </div>
      )}
      {change.isSuccess && <p className="ok">Done.</p>}
      {change.error && (
        <p className="error" role="alert">
          {errorText(change.error)}
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
      <h2>Add a partner</h2>
      <ol className="steps-text">
        <li>
          Ask the partner central authority for its node's address and the fingerprint of its signing key, by telephone or diplomatic note.
        </li>
        <li>Read its identity from the address, then read the fingerprint aloud with them, group by group.</li>
        <li>Add it only when every group agrees.</li>
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
          Node address (endpoint)
          <input
            value={endpoint}
            onChange={(e) => {
              setEndpoint(e.target.value);
              preview.reset();
            }}
            placeholder="https://rogatory.example.org"
            inputMode="url"
            required
          />
        </label>
        <label className="wide">
          Fingerprint given by the partner authority
          <input
            value={given}
            onChange={(e) => {
              setGiven(e.target.value);
              setConfirmed(false);
            }}
            placeholder="groups of four, e.g. q2Lw 8Hc0 …"
            autoComplete="off"
            spellCheck={false}
            className="mono"
          />
        </label>
        <button type="submit" disabled={preview.isPending}>
          {preview.isPending ? "Reading…" : "Read its identity"}
        </button>
      </form>
      {preview.error && (
        <p className="error" role="alert">
          {errorText(preview.error)}
        </p>
      )}
      {shown && (
        <div className="stack identity" data-testid="partner-identity">
          <p>
            The node at <code className="wrap">{shown.endpoint}</code> says it is <strong>{shown.authority}</strong> of{" "}
            <strong>{shown.jurisdiction}</strong> (identity issued {formatDateTime(shown.issuedAt)}).
          </p>
          {shown.alreadyPartner && <p className="error">This node is already a partner.</p>}
          <p>Its fingerprint, group by group. Read each group aloud with the partner authority:</p>
          <GroupedFingerprint value={shown.fingerprint} compareWith={given ? given : undefined} />
          {given && !allSame && (
            <p className="error" role="alert" data-testid="fingerprint-differs">
              The fingerprint you typed is not the one this node presents
              {typed.length !== fingerprintGroups(shown.fingerprint).length ? ` (you typed ${typed.length} groups of 11)` : ""}. Do not add
              it: check with the partner authority.
            </p>
          )}
          {given && allSame && <p className="ok">Every group agrees with the fingerprint you typed.</p>}
          <label className="check">
            <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />I read the {typed.length || 11}{" "}
            groups aloud with the partner authority and they agree
          </label>
          <div>
            <button type="button" disabled={!confirmed || !given || add.isPending || shown.alreadyPartner} onClick={() => add.mutate()}>
              Add {shown.authority} as a partner
            </button>
          </div>
          {!given && <p className="muted">Type the fingerprint the partner authority gave you above; the server checks it again.</p>}
        </div>
      )}
      {add.error && (
        <p className="error" role="alert" data-testid="add-error">
          {add.error instanceof ApiError && add.error.code === "fingerprint_mismatch"
            ? `Not added: ${add.error.message}`
            : errorText(add.error)}
        </p>
      )}
      {add.isSuccess && (
        <p className="ok" role="status">
          {add.data.authority} added as a partner.
        </p>
      )}
    </div>
  );
}
