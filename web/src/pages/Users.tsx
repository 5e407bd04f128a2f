/** User and role administration: create users (one-time password shown once), change roles, disable, unlock, reset. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { type Organisation, ROLE_LABELS, type Role, type UserView, api, errorText, isVersionConflict } from "../api";
import { formatDateTime } from "../format";
import { JurisdictionPicker } from "../components/JurisdictionPicker";

const ROLES = Object.keys(ROLE_LABELS) as Role[];

/** The administration page. */
export function Users({ selfId }: { selfId: string }) {
  const users = useQuery({ queryKey: ["users"], queryFn: () => api<UserView[]>("/users") });
  const orgs = useQuery({ queryKey: ["organisations"], queryFn: () => api<Organisation[]>("/organisations") });
  return (
    <section>
      <h1>Users and roles</h1>
      <NewUser organisations={orgs.data ?? []} />
      <h2>Users</h2>
      {users.error && <p className="error">{errorText(users.error)}</p>}
      <table className="data">
        <thead>
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Organisation</th>
            <th>Role</th>
            <th>State</th>
            <th>Actions</th>
          </tr>
        </thead>
        <tbody>
          {(users.data ?? []).map((u) => (
            <UserRow key={u.id} user={u} organisations={orgs.data ?? []} self={u.id === selfId} />
          ))}
        </tbody>
      </table>
      <h2>Organisations</h2>
      <Organisations organisations={orgs.data ?? []} />
    </section>
  );
}

function UserRow({ user, organisations, self }: { user: UserView; organisations: Organisation[]; self: boolean }) {
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
      <td>{user.displayName}</td>
      <td>{user.email}</td>
      <td>
        {fitting.length > 1 && !self ? (
          <select
            aria-label={`Organisation of ${user.email}`}
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
          aria-label={`Role of ${user.email}`}
          value={user.role}
          disabled={self}
          onChange={(e) => update.mutate({ role: e.target.value as Role })}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </td>
      <td>
        {user.disabled ? "disabled" : "active"}
        {user.totpEnabled ? " · second factor" : " · no second factor"}
        {user.mustChangePassword ? " · must change password" : ""}
        {user.sso ? " · single sign-on" : ""}
        {locked ? ` · locked until ${formatDateTime(user.lockedUntil ?? "")}` : ""}
      </td>
      <td className="actions">
        {!self && (
          <button type="button" className="link-button" onClick={() => update.mutate({ disabled: !user.disabled })}>
            {user.disabled ? "Enable" : "Disable"}
          </button>
        )}
        {locked && (
          <button type="button" className="link-button" onClick={() => unlock.mutate()}>
            Unlock
          </button>
        )}
        {!self && (
          <>
            <button type="button" className="link-button" onClick={() => reset.mutate(false)}>
              Reset password
            </button>
            <button type="button" className="link-button" onClick={() => reset.mutate(true)}>
              Reset password and second factor
            </button>
          </>
        )}
        {secret && (
          <p className="notice" role="status">
            New one-time password for {user.email}: <code>{secret}</code> (shown once)
          </p>
        )}
        {error && (
          <p className="error" role="alert">
            {errorText(error)}
          </p>
        )}
      </td>
    </tr>
  );
}

function NewUser({ organisations }: { organisations: Organisation[] }) {
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
      <h2>New user</h2>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <label>
          Name
          <input value={displayName} onChange={(e) => setDisplayName(e.target.value)} required />
        </label>
        <label>
          Email
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </label>
        <label>
          Role
          <select aria-label="Role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Organisation
          <select aria-label="Organisation" value={chosenOrg} onChange={(e) => setOrganisationId(e.target.value)}>
            {fitting.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={!chosenOrg}>
          Create user
        </button>
      </form>
      {role === "executing" && fitting.length === 0 && <p className="muted">Create an executing authority first (below).</p>}
      {create.data && (
        <p className="notice" role="status">
          {create.data.user.email} can now sign in with the one-time password{" "}
          <code data-testid="one-time-password">{create.data.oneTimePassword}</code>. It is shown only now; pass it on securely. They must
          choose their own password at first sign-in.
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

function Organisations({ organisations }: { organisations: Organisation[] }) {
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
      <ul>
        {organisations.map((o) => (
          <li key={o.id}>
            {o.name} <span className="muted">({o.kind === "central_authority" ? "central authority" : "executing authority"})</span>
          </li>
        ))}
      </ul>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <label>
          Executing authority
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Westminster Magistrates' Court" required />
        </label>
        <JurisdictionPicker label="Jurisdiction (optional)" value={jurisdiction} onChange={setJurisdiction} />
        <button type="submit">Add executing authority</button>
      </form>
      {create.error && (
        <p className="error" role="alert">
          {errorText(create.error)}
        </p>
      )}
    </div>
  );
}
