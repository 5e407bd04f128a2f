/** Signing in: password, then second factor; then, when required, a new password and TOTP enrolment. */
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { type SessionState, api, errorText } from "../api";
import { useAcceptSession } from "../session";

function ErrorLine({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {errorText(error)}
    </p>
  );
}

/** Email and password, with single sign-on when the server offers it. */
export function SignIn({ session }: { session: SessionState }) {
  const accept = useAcceptSession();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const ssoError = new URLSearchParams(window.location.search).get("sso_error");
  const m = useMutation({
    mutationFn: () => api<SessionState>("/auth/sign-in", { method: "POST", body: { email, password } }),
    onSuccess: (s) => {
      setPassword("");
      accept(s);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate();
  };
  return (
    <section className="auth-card" aria-labelledby="signin-title">
      <h1 id="signin-title">Sign in to Rogatory</h1>
      <form onSubmit={submit} className="stack">
        <label>
          Email
          <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </label>
        <label>
          Password
          <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        <button type="submit" disabled={m.isPending}>
          {m.isPending ? "Signing in…" : "Sign in"}
        </button>
        <ErrorLine error={m.error} />
      </form>
      {session.sso.enabled && (
        <p>
          <a className="button secondary" href="/api/v1/auth/oidc/start">
            Sign in with {session.sso.label}
          </a>
        </p>
      )}
      {ssoError && (
        <p className="error" role="alert">
          Single sign-on failed ({ssoError}). Ask an administrator if your account exists.
        </p>
      )}
    </section>
  );
}

/** The second step: the six-digit code from the authenticator app. */
export function SecondFactor({ session }: { session: SessionState }) {
  const accept = useAcceptSession();
  const [code, setCode] = useState("");
  const m = useMutation({
    mutationFn: () => api<SessionState>("/auth/totp", { method: "POST", body: { code } }),
    onSuccess: accept,
  });
  return (
    <section className="auth-card" aria-labelledby="totp-title">
      <h1 id="totp-title">Second factor</h1>
      <p>Enter the code your authenticator app shows for {session.user?.email}.</p>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          m.mutate();
        }}
      >
        <label>
          Code
          <input
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="\d{6}"
            maxLength={6}
            value={code}
            onChange={(e) => setCode(e.target.value.trim())}
            required
          />
        </label>
        <button type="submit" disabled={m.isPending}>
          Verify
        </button>
        <ErrorLine error={m.error} />
      </form>
      <SignOutButton />
    </section>
  );
}

/** A form to set a new password: forced at first sign-in, also used on the account page. */
export function PasswordForm({ forced, onDone }: { forced: boolean; onDone?: () => void }) {
  const accept = useAcceptSession();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const m = useMutation({
    mutationFn: () => api<SessionState>("/account/password", { method: "POST", body: { current, next } }),
    onSuccess: (s) => {
      setCurrent("");
      setNext("");
      setRepeat("");
      accept(s);
      onDone?.();
    },
  });
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        setMismatch(next !== repeat);
        if (next === repeat) m.mutate();
      }}
    >
      <label>
        {forced ? "One-time password" : "Current password"}
        <input type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />
      </label>
      <label>
        New password
        <input type="password" autoComplete="new-password" minLength={12} value={next} onChange={(e) => setNext(e.target.value)} required />
      </label>
      <label>
        Repeat the new password
        <input type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} required />
      </label>
      <p className="muted">At least 12 characters; a phrase of several words is easiest to remember.</p>
      <button type="submit" disabled={m.isPending}>
        Set the new password
      </button>
      {mismatch && (
        <p className="error" role="alert">
          The two new passwords differ.
        </p>
      )}
      <ErrorLine error={m.error} />
    </form>
  );
}

/** First sign-in: the one-time password must be replaced. */
export function ForcedPasswordChange() {
  return (
    <section className="auth-card" aria-labelledby="pw-title">
      <h1 id="pw-title">Choose your password</h1>
      <p>You signed in with a one-time password. Choose your own before going on.</p>
      <PasswordForm forced />
      <SignOutButton />
    </section>
  );
}

/** Enrolling an authenticator app: QR code, the secret for manual entry, then a code to confirm. */
export function TotpEnrolment({ required, onDone }: { required: boolean; onDone?: () => void }) {
  const accept = useAcceptSession();
  const [code, setCode] = useState("");
  const setup = useMutation({
    mutationFn: () => api<{ secret: string; uri: string; qrSvg: string }>("/account/totp/setup", { method: "POST" }),
  });
  const confirm = useMutation({
    mutationFn: () => api<SessionState>("/account/totp/confirm", { method: "POST", body: { code } }),
    onSuccess: (s) => {
      accept(s);
      onDone?.();
    },
  });
  return (
    <div className="stack">
      {required && <p>Your role requires a second factor. Set up an authenticator app (any TOTP app) now.</p>}
      {!setup.data ? (
        <button type="button" onClick={() => setup.mutate()} disabled={setup.isPending}>
          Set up an authenticator app
        </button>
      ) : (
        <>
          <img
            className="qr"
            alt="QR code to scan with the authenticator app"
            src={`data:image/svg+xml;utf8,${encodeURIComponent(setup.data.qrSvg)}`}
          />
          <p>
            Or enter this key by hand: <code data-testid="totp-secret">{setup.data.secret}</code>
          </p>
          <form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault();
              confirm.mutate();
            }}
          >
            <label>
              Code from the app
              <input
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                value={code}
                onChange={(e) => setCode(e.target.value.trim())}
                required
              />
            </label>
            <button type="submit" disabled={confirm.isPending}>
              Confirm
            </button>
          </form>
        </>
      )}
      <ErrorLine error={setup.error ?? confirm.error} />
    </div>
  );
}

/** Enrolment forced at sign-in for roles that require a second factor. */
export function ForcedEnrolment() {
  return (
    <section className="auth-card" aria-labelledby="enrol-title">
      <h1 id="enrol-title">Set up your second factor</h1>
      <TotpEnrolment required />
      <SignOutButton />
    </section>
  );
}

/** Ends this session. */
export function SignOutButton() {
  const accept = useAcceptSession();
  const m = useMutation({
    mutationFn: () => api<SessionState>("/auth/sign-out", { method: "POST" }),
    onSettled: () => accept({ stage: "", csrfToken: "" }),
  });
  return (
    <button type="button" className="link-button" onClick={() => m.mutate()}>
      Sign out
    </button>
  );
}
