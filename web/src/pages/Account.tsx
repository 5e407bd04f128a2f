/** Your account: password, second factor, sessions (with sign-out everywhere) and API tokens. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { LIMITS } from "../../../src/validation/limits";
import { type SessionState, api } from "../api";
import { formatDateTime } from "../format";
import { useAcceptSession } from "../session";
import "./admin.css";
import { PasswordForm, TotpEnrolment } from "./SignIn";
import { errorWords } from "../components/ErrorWords";

interface SessionRow {
  id: string;
  current: boolean;
  method: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
}

interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revoked: boolean;
}

const SCOPES = ["law:read", "cases:read", "cases:write", "audit:read"] as const;

/** The account page. */
export function Account({ session }: { session: SessionState }) {
  const { t } = useTranslation("account");
  const user = session.user;
  const [changing, setChanging] = useState(false);
  if (!user) return null;
  return (
    <section>
      <h1>{t("account.title")}</h1>
      <p>
        {user.displayName} · {user.email} · {user.organisationName}
      </p>
      <h2>{t("account.password")}</h2>
      {user.sso ? (
        <p>{t("account.ssoOnly")}</p>
      ) : changing ? (
        <PasswordForm forced={false} onDone={() => setChanging(false)} />
      ) : (
        <button type="button" onClick={() => setChanging(true)}>
          {t("account.changePassword")}
        </button>
      )}
      <h2>{t("account.secondFactor")}</h2>
      <SecondFactorSection session={session} />
      <h2>{t("account.sessions")}</h2>
      <Sessions />
      <h2>{t("account.tokens")}</h2>
      <Tokens />
    </section>
  );
}

function SecondFactorSection({ session }: { session: SessionState }) {
  const { t } = useTranslation("account");
  const accept = useAcceptSession();
  const [password, setPassword] = useState("");
  const remove = useMutation({
    mutationFn: () => api("/account/totp/remove", { method: "POST", body: { password } }),
    onSuccess: () => accept({ stage: session.stage ?? "full", csrfToken: session.csrfToken ?? "" }),
  });
  const user = session.user;
  if (!user) return null;
  if (!user.totpEnabled) return <TotpEnrolment required={false} />;
  return (
    <div className="stack">
      <p>{user.totpRequired ? t("secondFactor.setUpRequired") : t("secondFactor.setUp")}</p>
      {!user.totpRequired && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            remove.mutate();
          }}
        >
          <label>
            {t("secondFactor.password")}
            <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} required maxLength={LIMITS.password} />
          </label>
          <button type="submit">{t("secondFactor.remove")}</button>
          {remove.error && (
            <p className="error" role="alert">
              {errorWords(remove.error)}
            </p>
          )}
        </form>
      )}
    </div>
  );
}

function Sessions() {
  const { t } = useTranslation("account");
  const qc = useQueryClient();
  const accept = useAcceptSession();
  const q = useQuery({ queryKey: ["account", "sessions"], queryFn: () => api<SessionRow[]>("/account/sessions") });
  const end = useMutation({
    mutationFn: (id: string) => api(`/account/sessions/${id}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["account", "sessions"] }),
  });
  const everywhere = useMutation({
    mutationFn: () => api("/auth/sign-out-everywhere", { method: "POST" }),
    onSuccess: () => accept({ stage: "", csrfToken: "" }),
  });
  if (q.error) return <p className="error">{errorWords(q.error)}</p>;
  return (
    <div className="stack">
      <div className="table-scroll">
        <table className="data">
          <thead>
            <tr>
              <th>{t("sessions.signedIn")}</th>
              <th>{t("sessions.lastActive")}</th>
              <th>{t("sessions.endsAt")}</th>
              <th>{t("sessions.browser")}</th>
              <th>{t("sessions.address")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(q.data ?? []).map((s) => (
              <tr key={s.id}>
                <td>
                  {formatDateTime(s.createdAt)} {s.method === "oidc" ? t("sessions.sso") : ""}
                </td>
                <td>{formatDateTime(s.lastSeenAt)}</td>
                <td>{formatDateTime(s.expiresAt)}</td>
                <td className="muted">{s.userAgent ?? "—"}</td>
                <td>{s.ip ?? "—"}</td>
                <td>
                  {s.current ? (
                    <span className="badge">{t("sessions.thisSession")}</span>
                  ) : (
                    <button type="button" className="link-button" onClick={() => end.mutate(s.id)}>
                      {t("sessions.end")}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <button type="button" onClick={() => everywhere.mutate()}>
          {t("sessions.everywhere")}
        </button>{" "}
        <span className="muted">{t("sessions.everywhereHint")}</span>
      </p>
    </div>
  );
}

function Tokens() {
  const { t } = useTranslation("account");
  const qc = useQueryClient();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<string[]>(["law:read"]);
  const [days, setDays] = useState("90");
  const q = useQuery({ queryKey: ["account", "tokens"], queryFn: () => api<TokenRow[]>("/account/tokens") });
  const create = useMutation({
    mutationFn: () =>
      api<{ token: string; view: TokenRow }>("/account/tokens", {
        method: "POST",
        body: { name, scopes, expiresInDays: days ? Number(days) : null },
      }),
    onSuccess: () => {
      setName("");
      void qc.invalidateQueries({ queryKey: ["account", "tokens"] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api(`/account/tokens/${id}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["account", "tokens"] }),
  });
  return (
    <div className="stack">
      <p className="muted">{t("tokens.lead")}</p>
      {(q.data ?? []).length > 0 && (
        <div className="table-scroll">
          <table className="data">
            <thead>
              <tr>
                <th>{t("tokens.name")}</th>
                <th>{t("tokens.startsWith")}</th>
                <th>{t("tokens.scopes")}</th>
                <th>{t("tokens.created")}</th>
                <th>{t("tokens.expires")}</th>
                <th>{t("tokens.lastUsed")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {(q.data ?? []).map((token) => (
                <tr key={token.id} className={token.revoked ? "revoked" : undefined}>
                  <td>{token.name}</td>
                  <td>
                    <code>{token.prefix}…</code>
                  </td>
                  <td>
                    {token.scopes.map((s, i) => (
                      <span key={s}>
                        {i > 0 ? ", " : ""}
                        <code title={t(`tokens.scopeWords.${s.replace(":", "_")}`, { defaultValue: s })}>{s}</code>
                      </span>
                    ))}
                  </td>
                  <td>{formatDateTime(token.createdAt)}</td>
                  <td>{token.expiresAt ? formatDateTime(token.expiresAt) : t("tokens.never")}</td>
                  <td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : "—"}</td>
                  <td>
                    {token.revoked ? (
                      t("tokens.revoked")
                    ) : (
                      <button type="button" className="link-button" onClick={() => revoke.mutate(token.id)}>
                        {t("tokens.revoke")}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <label>
          {t("tokens.tokenName")}
          <input value={name} onChange={(e) => setName(e.target.value)} required minLength={2} maxLength={LIMITS.tokenName} />
        </label>
        <fieldset>
          <legend>{t("tokens.scopes")}</legend>
          {SCOPES.map((s) => (
            <label key={s} className="check">
              <input
                type="checkbox"
                checked={scopes.includes(s)}
                onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))}
              />
              {t(`tokens.scopeWords.${s.replace(":", "_")}`)} <code>{s}</code>
            </label>
          ))}
        </fieldset>
        <label>
          {t("tokens.expiresAfter")}
          <input type="number" min={1} max={LIMITS.tokenDaysMax} step={1} value={days} onChange={(e) => setDays(e.target.value)} />
        </label>
        <button type="submit">{t("tokens.create")}</button>
      </form>
      {create.data && (
        <p className="notice" role="status">
          <Trans
            t={t}
            i18nKey="tokens.copyNow"
            values={{ token: create.data.token }}
            components={{ code: <code data-testid="new-token" /> }}
          />
        </p>
      )}
      {create.error && (
        <p className="error" role="alert">
          {errorWords(create.error)}
        </p>
      )}
    </div>
  );
}
