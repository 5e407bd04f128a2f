/** User and role administration: organisations (create, rename, retire), users (one-time password shown once), roles, unlock, reset. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { LIMITS } from "../../../src/validation/limits";
import { type Organisation, ROLE_LABELS, type Role, type UserView, api, errorText, isVersionConflict } from "../api";
import { useJurisdictionNames } from "../exchange";
import { formatDateTime } from "../format";
import { JurisdictionPicker } from "../components/JurisdictionPicker";
import "./admin.css";

const ROLES = Object.keys(ROLE_LABELS) as Role[];

/** The administration page. */
export function Users({ selfId }: { selfId: string }) {
  const users = useQuery({ queryKey: ["users"], queryFn: () => api<UserView[]>("/users") });
  // Every organisation, the retired ones too: this page is where they are managed.
  const all = useQuery({ queryKey: ["organisations", "all"], queryFn: () => api<Organisation[]>("/organisations?includeRetired=true") });
  const inUse = (all.data ?? []).filter((o) => !o.retired);
  return (
    <section>
      <h1>Users and organisations</h1>
      {users.data && all.data && <GettingStarted users={users.data} organisations={inUse} selfId={selfId} />}
      <h2 id="organisations">Organisations</h2>
      <Organisations organisations={all.data ?? []} />
      <NewUser organisations={inUse} />
      <h2>Users</h2>
      {users.error && <p className="error">{errorText(users.error)}</p>}
      <div className="table-scroll">
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
              <UserRow key={u.id} user={u} organisations={inUse} self={u.id === selfId} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/**
 * What a new installation needs before anyone can work, said where the first administrator lands:
 * the executing authorities that carry out requests, then the officers (and the others) who work in
 * the workbench. Shown until both exist.
 */
function GettingStarted({ users, organisations, selfId }: { users: UserView[]; organisations: Organisation[]; selfId: string }) {
  const authorities = organisations.filter((o) => o.kind === "executing_authority").length;
  const colleagues = users.filter((u) => u.id !== selfId && !u.disabled);
  const officers = colleagues.filter((u) => u.role === "officer" || u.role === "supervisor").length;
  if (authorities > 0 && officers > 0) return null;
  return (
    <section className="card stack" aria-labelledby="next-steps-title" data-testid="getting-started">
      <h2 id="next-steps-title">What to do next</h2>
      <p>The workbench is ready. Before the central authority can work in it:</p>
      <ol className="steps">
        <li className={authorities > 0 ? "done" : undefined}>
          <strong>Create the executing authorities</strong> — the courts, prosecutors' offices and police units that carry out requests —
          under <a href="#organisations">Organisations</a> below.{" "}
          {authorities > 0 ? <span className="ok">Done: {authorities}.</span> : <span className="muted">None yet.</span>}
        </li>
        <li className={officers > 0 ? "done" : undefined}>
          <strong>Create the officers and supervisors</strong> of the central authority under <a href="#new-user">New user</a>, and a user
          for each executing authority that should see the measures assigned to it. Each receives a one-time password, shown once: pass it
          on securely. {officers > 0 ? <span className="ok">Done: {officers}.</span> : <span className="muted">None yet.</span>}
        </li>
        <li>Officers then open cases; an auditor (a role of its own) can read the audit trail without changing anything.</li>
      </ol>
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
      <h2 id="new-user">New user</h2>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <label>
          Name
          <input
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
            required
            minLength={LIMITS.displayNameMin}
            maxLength={LIMITS.displayName}
          />
        </label>
        <label>
          Email
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required maxLength={LIMITS.email} />
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
      {role === "executing" && fitting.length === 0 && <p className="muted">Create an executing authority first (above).</p>}
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

const KIND_WORDS: Record<Organisation["kind"], string> = {
  central_authority: "central authority",
  executing_authority: "executing authority",
};

/** The organisations: executing authorities added here; any renamed, retired (or brought back), or deleted while nothing refers to it. */
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
          Executing authority
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. Westminster Magistrates' Court"
            required
            minLength={2}
            maxLength={LIMITS.organisationName}
          />
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

function OrganisationItem({ organisation: o }: { organisation: Organisation }) {
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
            New name of {o.name}
            <input
              value={newName}
              onChange={(e) => setNewName(e.target.value)}
              required
              minLength={2}
              maxLength={LIMITS.organisationName}
            />
          </label>
          <button type="submit" disabled={update.isPending}>
            Save the name
          </button>
          <button type="button" className="link-button" onClick={() => setRenaming(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <>
          <strong>{o.name}</strong>{" "}
          <span className="muted">
            {KIND_WORDS[o.kind]} · {o.jurisdiction ? names(o.jurisdiction) : "no jurisdiction recorded"}
          </span>
          {o.retired && <span className="badge"> retired</span>}{" "}
          <span className="actions">
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setNewName(o.name);
                setRenaming(true);
              }}
            >
              Rename
            </button>
            {o.kind === "executing_authority" && (
              <button type="button" className="link-button" onClick={() => update.mutate({ retired: !o.retired })}>
                {o.retired ? "Bring back into use" : "Retire"}
              </button>
            )}
            {o.kind === "executing_authority" &&
              (deleting ? (
                <>
                  <span>Delete {o.name} for good?</span>{" "}
                  <button type="button" className="link-button" onClick={() => remove.mutate()}>
                    Yes, delete
                  </button>
                  <button type="button" className="link-button" onClick={() => setDeleting(false)}>
                    Keep it
                  </button>
                </>
              ) : (
                <button type="button" className="link-button" onClick={() => setDeleting(true)}>
                  Delete
                </button>
              ))}
          </span>
        </>
      )}
      {error && (
        <p className="error" role="alert">
          {errorText(error)}
        </p>
      )}
    </li>
  );
}
