/** Signing in: password, then second factor; then, when required, a new password and TOTP enrolment. */
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { LIMITS } from "../../../src/validation/limits";
import { ApiError, type SessionState, api } from "../api";
import { formatNumber } from "../format";
import { SIGN_IN_PATH, navigate } from "../router";
import { useAcceptSession } from "../session";
import { errorWords } from "../components/ErrorWords";

/**
 * Accepts the session a sign-in step returned and, once signing in is complete, takes an
 * administrator to the administration page: that is their work (administrators see no cases), and on
 * a new installation it says what to do next. Everyone else stays on the page they asked for.
 */
function useSignedIn() {
  const accept = useAcceptSession();
  return (s: SessionState) => {
    accept(s);
    const path = window.location.pathname;
    if (s.stage === "full" && s.user?.role === "administrator" && (path === "/" || path === SIGN_IN_PATH)) navigate("/users", true);
  };
}

function ErrorLine({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {errorWords(error)}
    </p>
  );
}

/** Email and password, with single sign-on when the server offers it. */
export function SignIn({ session }: { session: SessionState }) {
  const { t } = useTranslation("account");
  const accept = useSignedIn();
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
      <h1 id="signin-title">{t("signIn.title")}</h1>
      <form onSubmit={submit} className="stack">
        <label>
          {t("signIn.email")}
          <input
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
            maxLength={LIMITS.email}
          />
        </label>
        <label>
          {t("signIn.password")}
          <input
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            maxLength={LIMITS.password}
          />
        </label>
        <button type="submit" disabled={m.isPending}>
          {m.isPending ? t("signIn.submitting") : t("signIn.submit")}
        </button>
        <ErrorLine error={m.error} />
      </form>
      {session.sso.enabled && (
        <p>
          <a className="button secondary" href="/api/v1/auth/oidc/start">
            {t("signIn.sso", { label: session.sso.label })}
          </a>
        </p>
      )}
      {ssoError && (
        <p className="error" role="alert">
          {t("signIn.ssoFailed", { reason: ssoError })}
        </p>
      )}
    </section>
  );
}

/** The second step: the six-digit code from the authenticator app. */
export function SecondFactor({ session }: { session: SessionState }) {
  const { t } = useTranslation("account");
  const accept = useSignedIn();
  const [code, setCode] = useState("");
  const m = useMutation({
    mutationFn: () => api<SessionState>("/auth/totp", { method: "POST", body: { code } }),
    onSuccess: accept,
  });
  return (
    <section className="auth-card" aria-labelledby="totp-title">
      <h1 id="totp-title">{t("secondFactor.title")}</h1>
      <p>{t("secondFactor.lead", { email: session.user?.email })}</p>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          m.mutate();
        }}
      >
        <label>
          {t("secondFactor.code")}
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
          {t("secondFactor.verify")}
        </button>
        <ErrorLine error={m.error} />
      </form>
      <SignOutButton />
    </section>
  );
}

/**
 * A form to set a new password: forced at first sign-in, also used on the account page. The forced
 * change does not ask for the one-time password again: it was typed a moment ago to sign in, and the
 * server accepts the change from that session alone (accounts/account.ts).
 */
export function PasswordForm({ forced, onDone }: { forced: boolean; onDone?: () => void }) {
  const { t } = useTranslation("account");
  const accept = useSignedIn();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [mismatch, setMismatch] = useState(false);
  // The forced change asks for the one-time password only if the server wants it again (signed in long ago).
  const [askAgain, setAskAgain] = useState(false);
  const askCurrent = !forced || askAgain;
  const m = useMutation({
    mutationFn: () => api<SessionState>("/account/password", { method: "POST", body: askCurrent ? { current, next } : { next } }),
    onSuccess: (s) => {
      setCurrent("");
      setNext("");
      setRepeat("");
      accept(s);
      onDone?.();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.field === "current") setAskAgain(true);
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
      {askCurrent && (
        <label>
          {forced ? t("password.oneTime") : t("password.current")}
          <input
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
            required
            maxLength={LIMITS.password}
          />
        </label>
      )}
      <label>
        {t("password.new")}
        <input
          type="password"
          autoComplete="new-password"
          minLength={LIMITS.passwordMin}
          maxLength={LIMITS.passwordMax}
          value={next}
          onChange={(e) => setNext(e.target.value)}
          required
        />
      </label>
      <label>
        {t("password.repeat")}
        <input
          type="password"
          autoComplete="new-password"
          minLength={LIMITS.passwordMin}
          maxLength={LIMITS.passwordMax}
          value={repeat}
          onChange={(e) => setRepeat(e.target.value)}
          required
        />
      </label>
      <p className="muted">{t("password.rule", { min: formatNumber(LIMITS.passwordMin) })}</p>
      <button type="submit" disabled={m.isPending}>
        {t("password.submit")}
      </button>
      {mismatch && (
        <p className="error" role="alert">
          {t("password.mismatch")}
        </p>
      )}
      <ErrorLine error={m.error} />
    </form>
  );
}

/** First sign-in: the one-time password must be replaced. */
export function ForcedPasswordChange() {
  const { t } = useTranslation("account");
  return (
    <section className="auth-card" aria-labelledby="pw-title">
      <h1 id="pw-title">{t("forcedPassword.title")}</h1>
      <p>{t("forcedPassword.lead")}</p>
      <PasswordForm forced />
      <SignOutButton />
    </section>
  );
}

/** Enrolling an authenticator app: QR code, the secret for manual entry, then a code to confirm. */
export function TotpEnrolment({ required, onDone }: { required: boolean; onDone?: () => void }) {
  const { t } = useTranslation("account");
  const accept = useSignedIn();
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
      {required && <p>{t("totp.required")}</p>}
      {!setup.data ? (
        <button type="button" onClick={() => setup.mutate()} disabled={setup.isPending}>
          {t("totp.setUp")}
        </button>
      ) : (
        <>
          <img className="qr" alt={t("totp.qrAlt")} src={`data:image/svg+xml;utf8,${encodeURIComponent(setup.data.qrSvg)}`} />
          <p>
            <Trans
              t={t}
              i18nKey="totp.byHand"
              values={{ secret: setup.data.secret }}
              components={{ code: <code data-testid="totp-secret" /> }}
            />
          </p>
          <form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault();
              confirm.mutate();
            }}
          >
            <label>
              {t("totp.code")}
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
              {t("totp.confirm")}
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
  const { t } = useTranslation("account");
  return (
    <section className="auth-card" aria-labelledby="enrol-title">
      <h1 id="enrol-title">{t("forcedEnrol.title")}</h1>
      <TotpEnrolment required />
      <SignOutButton />
    </section>
  );
}

/** Ends this session. */
export function SignOutButton() {
  const { t } = useTranslation("account");
  const accept = useAcceptSession();
  const m = useMutation({
    mutationFn: () => api<SessionState>("/auth/sign-out", { method: "POST" }),
    onSettled: () => accept({ stage: "", csrfToken: "" }),
  });
  return (
    <button type="button" className="link-button" onClick={() => m.mutate()}>
      {t("signOut")}
    </button>
  );
}
