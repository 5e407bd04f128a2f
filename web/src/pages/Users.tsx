/** User and role administration: organisations (create, rename, retire), users (one-time password shown once), roles, unlock, reset. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { LIMITS } from "../../../src/validation/limits";
import { type Organisation, ROLE_LABELS, type Role, type UserView, api, isVersionConflict } from "../api";
import { useJurisdictionNames } from "../exchange";
import { formatDateTime } from "../format";
import { JurisdictionPicker } from "../components/JurisdictionPicker";
import "./admin.css";
import { errorWords } from "../components/ErrorWords";
import { EXCHANGE_EMAIL } from "../../../src/exchange/exchange-account";

const ROLES = Object.keys(ROLE_LABELS) as Role[];

/** The administration page. */
export function Users({ selfId }: { selfId: string }) {
  const { t } = useTranslation("account");
  const users = useQuery({ queryKey: ["users"], queryFn: () => api<UserView[]>("/users") });
  // Every organisation, the retired ones too: this page is where they are managed.
  const all = useQuery({ queryKey: ["organisations", "all"], queryFn: () => api<Organisation[]>("/organisations?includeRetired=true") });
  const inUse = (all.data ?? []).filter((o) => !o.retired);
  return (
    <section>
      <h1>{t("users.title")}</h1>
      {users.data && all.data && <GettingStarted users={users.data} organisations={inUse} selfId={selfId} />}
      <h2 id="organisations">{t("users.organisations")}</h2>
      <Organisations organisations={all.data ?? []} />
      <NewUser organisations={inUse} />
      <h2>{t("users.users")}</h2>
      {users.error && <p className="error">{errorWords(users.error)}</p>}
      <div className="table-scroll">
        <table className="data">
          <thead>
            <tr>
              {/* Name, e-mail and state share a column, so the table fits a 1280-px screen with its actions. */}
              <th>{t("users.name")}</th>
              <th>{t("users.organisation")}</th>
              <th>{t("users.role")}</th>
              <th>{t("users.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {(users.data ?? []).map((u) => (
              <UserRow key={u.id} user={u} organisations={inUse} self={u.id === selfId} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** A link to a part of this page, its words given by the translation it sits in (<Trans>). */
function InPageLink({ to, children }: { to: string; children?: ReactNode }) {
  return <a href={to}>{children}</a>;
}

/**
 * What a new installation needs before anyone can work, said where the first administrator lands:
 * the executing authorities that carry out requests, then the officers (and the others) who work in
 * the workbench. Shown until both exist.
 */
function GettingStarted({ users, organisations, selfId }: { users: UserView[]; organisations: Organisation[]; selfId: string }) {
  const { t } = useTranslation("account");
  const authorities = organisations.filter((o) => o.kind === "executing_authority").length;
  const colleagues = users.filter((u) => u.id !== selfId && !u.disabled);
  const officers = colleagues.filter((u) => u.role === "officer" || u.role === "supervisor").length;
  if (authorities > 0 && officers > 0) return null;
  return (
    <section className="card stack" aria-labelledby="next-steps-title" data-testid="getting-started">
      <h2 id="next-steps-title">{t("gettingStarted.title")}</h2>
      <p>{t("gettingStarted.lead")}</p>
      <ol className="steps">
        <li className={authorities > 0 ? "done" : undefined}>
          <Trans
            t={t}
            i18nKey="gettingStarted.authorities"
            components={{ strong: <strong />, anchor: <InPageLink to="#organisations" /> }}
          />{" "}
          {authorities > 0 ? (
            <span className="ok">{t("gettingStarted.done", { count: authorities })}</span>
          ) : (
            <span className="muted">{t("gettingStarted.noneYet")}</span>
          )}
        </li>
        <li className={officers > 0 ? "done" : undefined}>
          <Trans t={t} i18nKey="gettingStarted.officers" components={{ strong: <strong />, anchor: <InPageLink to="#new-user" /> }} />{" "}
          {officers > 0 ? (
            <span className="ok">{t("gettingStarted.done", { count: officers })}</span>
          ) : (
            <span className="muted">{t("gettingStarted.noneYet")}</span>
          )}
        </li>
        <li>{t("gettingStarted.then")}</li>
      </ol>
    </section>
  );
}

function UserRow({ user, organisations, self }: { user: UserView; organisations: Organisation[]; self: boolean }) {
  const { t } = useTranslation("account");
  const qc = useQueryClient();
  const [secret, setSecret] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ["users"] });
  const update = useMutation({
    mutationFn: (body: { role?: Role; disabled?: boolean; organisationId?: string }) =>
      api(`/users/${user.id}`, { method: "PATCH", body: { ...body, version: user.version ?? 0 } }),
    onSuccess: refresh,
    // Someone else changed this user first: reload the list so the administrator sees their change.
    onError: (err) => {
      if (isVersionConflict(err)) void refresh();
    },
  });
  const unlock = useMutation({ mutationFn: () => api(`/users/${user.id}/unlock`, { method: "POST" }), onSuccess: refresh });
  const reset = useMutation({
    mutationFn: (resetTotp: boolean) =>
      api<{ oneTimePassword: string }>(`/users/${user.id}/reset`, { method: "POST", body: { resetTotp } }),
    onSuccess: (r) => {
      setSecret(r.oneTimePassword);
      void refresh();
    },
  });
  const locked = user.lockedUntil && new Date(user.lockedUntil) > new Date();
  const error = update.error ?? unlock.error ?? reset.error;
  const fitting = organisations.filter((o) => (user.role === "executing") === (o.kind === "executing_authority"));
  return (
    <tr className={user.disabled ? "revoked" : undefined}>
      <td>
        {/* The exchange's own account (src/exchange/actor.ts) is named by the screens, in the reader's language. */}
        <strong>{user.email === EXCHANGE_EMAIL ? t("common:exchangeActor") : user.displayName}</strong>
        <div className="user-email">{user.email}</div>
        <div className="muted user-state">
          {[
            user.disabled ? t("users.disabled") : t("users.active"),
            user.totpEnabled ? t("users.secondFactor") : t("users.noSecondFactor"),
            user.mustChangePassword ? t("users.mustChangePassword") : null,
            user.sso ? t("users.sso") : null,
            locked ? t("users.lockedUntil", { when: formatDateTime(user.lockedUntil ?? "") }) : null,
          ]
            .filter(Boolean)
            .join(" · ")}
        </div>
      </td>
      <td>
        {fitting.length > 1 && !self ? (
          <select
            aria-label={t("users.organisationOf", { email: user.email })}
            value={user.organisationId}
            onChange={(e) => update.mutate({ organisationId: e.target.value })}
          >
            {fitting.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        ) : (
          user.organisationName
        )}
      </td>
      <td>
        <select
          aria-label={t("users.roleOf", { email: user.email })}
          value={user.role}
          disabled={self}
          onChange={(e) => update.mutate({ role: e.target.value as Role })}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`common:roles.${r}`)}
            </option>
          ))}
        </select>
      </td>
      <td className="actions">
        {!self && (
          <button type="button" className="link-button" onClick={() => update.mutate({ disabled: !user.disabled })}>
            {user.disabled ? t("users.enable") : t("users.disable")}
          </button>
        )}
        {locked && (
          <button type="button" className="link-button" onClick={() => unlock.mutate()}>
            {t("users.unlock")}
          </button>
        )}
        {!self && (
          <>
            <button type="button" className="link-button" onClick={() => reset.mutate(false)}>
              {t("users.resetPassword")}
            </button>
            <button type="button" className="link-button" onClick={() => reset.mutate(true)}>
              {t("users.resetBoth")}
            </button>
          </>
        )}
        {secret && (
          <p className="notice" role="status">
            <Trans t={t} i18nKey="users.newOneTime" values={{ email: user.email, secret }} components={{ code: <code /> }} />
          </p>
        )}
        {error && (
          <p className="error" role="alert">
            {errorWords(error)}
          </p>
        )}
      </td>
    </tr>
  );
}

function NewUser({ organisations }: { organisations: Organisation[] }) {
  const { t } = useTranslation("account");
  const qc = useQueryClient();
  const [email, setEmail] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [role, setRole] = useState<Role>("officer");
  const [organisationId, setOrganisationId] = useState("");
  const fitting = organisations.filter((o) => (role === "executing") === (o.kind === "executing_authority"));
  const chosenOrg = fitting.some((o) => o.id === organisationId) ? organisationId : (fitting[0]?.id ?? "");
  const create = useMutation({
    mutationFn: () =>
      api<{ user: UserView; oneTimePassword: string }>("/users", {
        method: "POST",
        body: { email, displayName, role, organisationId: chosenOrg },
      }),
    onSuccess: () => {
      setEmail("");
      setDisplayName("");
      void qc.invalidateQueries({ queryKey: ["users"] });
    },
  });
  return (
    <div className="card">
      <h2 id="new-user">{t("newUser.title")}</h2>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <label>
          {t("newUser.name")}
          <input
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
            required
            minLength={LIMITS.displayNameMin}
            maxLength={LIMITS.displayName}
          />
        </label>
        <label>
          {t("newUser.email")}
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required maxLength={LIMITS.email} />
        </label>
        <label>
          {t("newUser.role")}
          <select aria-label={t("newUser.role")} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`common:roles.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("newUser.organisation")}
          <select aria-label={t("newUser.organisation")} value={chosenOrg} onChange={(e) => setOrganisationId(e.target.value)}>
            {fitting.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={!chosenOrg}>
          {t("newUser.create")}
        </button>
      </form>
      {role === "executing" && fitting.length === 0 && <p className="muted">{t("newUser.noAuthority")}</p>}
      {create.data && (
        <p className="notice" role="status">
          <Trans
            t={t}
            i18nKey="newUser.created"
            values={{ email: create.data.user.email, secret: create.data.oneTimePassword }}
            components={{ code: <code data-testid="one-time-password" /> }}
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

/** The organisations: executing authorities added here; any renamed, retired (or brought back), or deleted while nothing refers to it. */
function Organisations({ organisations }: { organisations: Organisation[] }) {
  const { t } = useTranslation("account");
  const qc = useQueryClient();
  const [name, setName] = useState("");
  const [jurisdiction, setJurisdiction] = useState("");
  const create = useMutation({
    mutationFn: () =>
      api("/organisations", { method: "POST", body: { name, kind: "executing_authority", jurisdiction: jurisdiction || null } }),
    onSuccess: () => {
      setName("");
      void qc.invalidateQueries({ queryKey: ["organisations"] });
    },
  });
  return (
    <div className="stack">
      <ul className="organisations" data-testid="organisations">
        {organisations.map((o) => (
          <OrganisationItem key={o.id} organisation={o} />
        ))}
      </ul>
      <form
        className="inline-form fits"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <label>
          {t("organisations.executingAuthority")}
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder={t("organisations.placeholder")}
            required
            minLength={2}
            maxLength={LIMITS.organisationName}
          />
        </label>
        <JurisdictionPicker label={t("organisations.jurisdiction")} value={jurisdiction} onChange={setJurisdiction} />
        <button type="submit">{t("organisations.add")}</button>
      </form>
      {create.error && (
        <p className="error" role="alert">
          {errorWords(create.error)}
        </p>
      )}
    </div>
  );
}

function OrganisationItem({ organisation: o }: { organisation: Organisation }) {
  const { t } = useTranslation("account");
  const qc = useQueryClient();
  const names = useJurisdictionNames();
  const [renaming, setRenaming] = useState(false);
  const [newName, setNewName] = useState(o.name);
  const [deleting, setDeleting] = useState(false);
  const refresh = () => qc.invalidateQueries({ queryKey: ["organisations"] });
  const update = useMutation({
    mutationFn: (body: { name?: string; retired?: boolean }) =>
      api(`/organisations/${o.id}`, { method: "PATCH", body: { ...body, version: o.version } }),
    onSuccess: () => {
      setRenaming(false);
      void refresh();
      // Users show their organisation's name.
      void qc.invalidateQueries({ queryKey: ["users"] });
    },
    onError: (err) => {
      if (isVersionConflict(err)) void refresh();
    },
  });
  const remove = useMutation({
    mutationFn: () => api(`/organisations/${o.id}`, { method: "DELETE" }),
    onSuccess: () => void refresh(),
    onSettled: () => setDeleting(false),
  });
  const error = update.error ?? remove.error;
  return (
    <li className={o.retired ? "revoked" : undefined} data-testid="organisation">
      {renaming ? (
        <form
          className="inline-form fits"
          onSubmit={(e) => {
            e.preventDefault();
            update.mutate({ name: newName });
          }}
        >
          <label>
            {t("organisations.newName", { name: o.name })}
            <input
              value={newName}
              onChange={(e) => setNewName(e.target.value)}
              required
              minLength={2}
              maxLength={LIMITS.organisationName}
            />
          </label>
          <button type="submit" disabled={update.isPending}>
            {t("organisations.saveName")}
          </button>
          <button type="button" className="link-button" onClick={() => setRenaming(false)}>
            {t("organisations.cancel")}
          </button>
        </form>
      ) : (
        <>
          <strong>{o.name}</strong>{" "}
          <span className="muted">
            {o.kind === "central_authority" ? t("organisations.kind.central_authority") : t("organisations.kind.executing_authority")} ·{" "}
            {o.jurisdiction ? names(o.jurisdiction) : t("organisations.noJurisdiction")}
          </span>
          {o.retired && <span className="badge"> {t("organisations.retired")}</span>}{" "}
          <span className="actions">
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setNewName(o.name);
                setRenaming(true);
              }}
            >
              {t("organisations.rename")}
            </button>
            {o.kind === "executing_authority" && (
              <button type="button" className="link-button" onClick={() => update.mutate({ retired: !o.retired })}>
                {o.retired ? t("organisations.bringBack") : t("organisations.retire")}
              </button>
            )}
            {o.kind === "executing_authority" &&
              (deleting ? (
                <>
                  <span>{t("organisations.deleteConfirm", { name: o.name })}</span>{" "}
                  <button type="button" className="link-button" onClick={() => remove.mutate()}>
                    {t("organisations.yesDelete")}
                  </button>
                  <button type="button" className="link-button" onClick={() => setDeleting(false)}>
                    {t("organisations.keep")}
                  </button>
                </>
              ) : (
                <button type="button" className="link-button" onClick={() => setDeleting(true)}>
                  {t("organisations.delete")}
                </button>
              ))}
          </span>
        </>
      )}
      {error && (
        <p className="error" role="alert">
          {errorWords(error)}
        </p>
      )}
    </li>
  );
}
