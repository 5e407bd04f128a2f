/** Your account: password, second factor, sessions (with sign-out everywhere) and API tokens. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { LIMITS } from "../../../src/validation/limits";
import { type SessionState, api, errorText } from "../api";
import { formatDateTime } from "../format";
import { useAcceptSession } from "../session";
import "./admin.css";
import { PasswordForm, TotpEnrolment } from "./SignIn";

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
  const user = session.user;
  const [changing, setChanging] = useState(false);
  if (!user) return null;
  return (
    <section>
      <h1>Your account</h1>
      <p>
        {user.displayName} · {user.email} · {user.organisationName}
      </p>
      <h2>Password</h2>
      {user.sso ? (
        <p>You sign in through single sign-on.</p>
      ) : changing ? (
        <PasswordForm forced={false} onDone={() => setChanging(false)} />
      ) : (
        <button type="button" onClick={() => setChanging(true)}>
          Change password
        </button>
      )}
      <h2>Second factor</h2>
      <SecondFactorSection session={session} />
      <h2>Sessions</h2>
      <Sessions />
      <h2>API tokens</h2>
      <Tokens />
    </section>
  );
}

function SecondFactorSection({ session }: { session: SessionState }) {
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
      <p>An authenticator app is set up{user.totpRequired ? " (required for your role)" : ""}.</p>
      {!user.totpRequired && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            remove.mutate();
          }}
        >
          <label>
            Password
            <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} required maxLength={LIMITS.password} />
          </label>
          <button type="submit">Remove the second factor</button>
          {remove.error && (
            <p className="error" role="alert">
              {errorText(remove.error)}
            </p>
          )}
        </form>
      )}
    </div>
  );
}

function Sessions() {
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
  if (q.error) return <p className="error">{errorText(q.error)}</p>;
  return (
    <div className="stack">
      <div className="table-scroll">
        <table className="data">
          <thead>
            <tr>
              <th>Signed in</th>
              <th>Last active</th>
              <th>Ends at the latest</th>
              <th>Browser</th>
              <th>Address</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(q.data ?? []).map((s) => (
              <tr key={s.id}>
                <td>
                  {formatDateTime(s.createdAt)} {s.method === "oidc" ? "(single sign-on)" : ""}
                </td>
                <td>{formatDateTime(s.lastSeenAt)}</td>
                <td>{formatDateTime(s.expiresAt)}</td>
                <td className="muted">{s.userAgent ?? "—"}</td>
                <td>{s.ip ?? "—"}</td>
                <td>
                  {s.current ? (
                    <span className="badge">this session</span>
                  ) : (
                    <button type="button" className="link-button" onClick={() => end.mutate(s.id)}>
                      End
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
          Sign out everywhere
        </button>{" "}
        <span className="muted">Ends every session of yours, this one included.</span>
      </p>
    </div>
  );
}

function Tokens() {
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
      <p className="muted">For machine clients. A token acts as you, limited to its scopes; it never manages accounts.</p>
      {(q.data ?? []).length > 0 && (
        <div className="table-scroll">
          <table className="data">
            <thead>
              <tr>
                <th>Name</th>
                <th>Starts with</th>
                <th>Scopes</th>
                <th>Created</th>
                <th>Expires</th>
                <th>Last used</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {(q.data ?? []).map((t) => (
                <tr key={t.id} className={t.revoked ? "revoked" : undefined}>
                  <td>{t.name}</td>
                  <td>
                    <code>{t.prefix}…</code>
                  </td>
                  <td>{t.scopes.join(", ")}</td>
                  <td>{formatDateTime(t.createdAt)}</td>
                  <td>{t.expiresAt ? formatDateTime(t.expiresAt) : "never"}</td>
                  <td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "—"}</td>
                  <td>
                    {t.revoked ? (
                      "revoked"
                    ) : (
                      <button type="button" className="link-button" onClick={() => revoke.mutate(t.id)}>
                        Revoke
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
          Token name
          <input value={name} onChange={(e) => setName(e.target.value)} required minLength={2} maxLength={LIMITS.tokenName} />
        </label>
        <fieldset>
          <legend>Scopes</legend>
          {SCOPES.map((s) => (
            <label key={s} className="check">
              <input
                type="checkbox"
                checked={scopes.includes(s)}
                onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))}
              />
              {s}
            </label>
          ))}
        </fieldset>
        <label>
          Expires after (days; empty for never)
          <input type="number" min={1} max={LIMITS.tokenDaysMax} step={1} value={days} onChange={(e) => setDays(e.target.value)} />
        </label>
        <button type="submit">Create token</button>
      </form>
      {create.data && (
        <p className="notice" role="status">
          Copy this token now; it will not be shown again: <code data-testid="new-token">{create.data.token}</code>
        </p>
      )}
      {create.error && (
        <p className="error" role="alert">
          {errorText(create.error)}
        </p>
      )}
    </div>
  );
}
