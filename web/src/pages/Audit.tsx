/** The audit viewer: filter events, page back through them, and verify the hash chain. */
import { useInfiniteQuery, useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { type UserView, api, errorText } from "../api";
import { formatDateTime } from "../format";
import { navigate } from "../router";

interface AuditEvent {
  seq: number;
  at: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  objectType: string;
  objectId: string | null;
  summary: Record<string, unknown>;
  ip: string | null;
  hash: string;
}

type Verdict = { ok: true; events: number; lastHash: string } | { ok: false; events: number; brokenAt: number; reason: string };

const FIELDS = ["actor", "action", "objectType", "objectId", "from", "to"] as const;
type Filter = Partial<Record<(typeof FIELDS)[number], string>>;

function readFilter(search: string): Filter {
  const p = new URLSearchParams(search);
  const f: Filter = {};
  for (const k of FIELDS) {
    const v = p.get(k);
    if (v) f[k] = v;
  }
  return f;
}

/** The audit page; filters live in the URL so a view can be shared with a colleague. */
export function Audit({ search }: { search: string }) {
  const filter = readFilter(search);
  const [draft, setDraft] = useState<Filter>(filter);
  const users = useQuery({ queryKey: ["users"], queryFn: () => api<UserView[]>("/users").catch(() => [] as UserView[]) });
  const events = useInfiniteQuery({
    queryKey: ["audit", filter],
    initialPageParam: 0,
    queryFn: ({ pageParam }) => {
      const p = new URLSearchParams(filter as Record<string, string>);
      p.set("limit", "100");
      if (pageParam) p.set("before", String(pageParam));
      return api<AuditEvent[]>(`/audit?${p}`);
    },
    getNextPageParam: (last) => (last.length === 100 ? last[last.length - 1]?.seq : undefined),
  });
  const verify = useMutation({ mutationFn: () => api<Verdict>("/audit/verify") });
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(draft)) if (v) p.set(k, v);
    navigate(`/audit${p.size ? `?${p}` : ""}`, true);
  };
  const set = (k: keyof Filter) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });
  const rows = events.data?.pages.flat() ?? [];
  return (
    <section>
      <h1>Audit trail</h1>
      <div className="card stack">
        <p>
          Every change and every read of a confidential case is recorded here. Each event carries the hash of the one before, and the
          database refuses to alter or delete them.{" "}
          <button type="button" onClick={() => verify.mutate()} disabled={verify.isPending}>
            Verify the chain
          </button>
        </p>
        {verify.data?.ok === true && (
          <p className="ok" role="status">
            Chain intact: {verify.data.events} events verified.
          </p>
        )}
        {verify.data?.ok === false && (
          <p className="error" role="alert">
            Chain broken at event {verify.data.brokenAt}: {verify.data.reason}
          </p>
        )}
        {verify.error && <p className="error">{errorText(verify.error)}</p>}
      </div>
      <form className="form-grid" onSubmit={apply}>
        <label>
          Actor
          <select value={draft.actor ?? ""} onChange={set("actor")}>
            <option value="">anyone</option>
            {(users.data ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName} ({u.email})
              </option>
            ))}
          </select>
        </label>
        <label>
          Action
          <input value={draft.action ?? ""} onChange={set("action")} placeholder="e.g. case. or session.sign_in" />
        </label>
        <label>
          Object type
          <select value={draft.objectType ?? ""} onChange={set("objectType")}>
            <option value="">any</option>
            <option value="user">user</option>
            <option value="case">case</option>
            <option value="organisation">organisation</option>
            <option value="api_token">API token</option>
          </select>
        </label>
        <label>
          Object id
          <input value={draft.objectId ?? ""} onChange={set("objectId")} />
        </label>
        <label>
          From
          <input type="date" value={draft.from ?? ""} onChange={set("from")} />
        </label>
        <label>
          To
          <input type="date" value={draft.to ?? ""} onChange={set("to")} />
        </label>
        <button type="submit">Filter</button>
      </form>
      {events.error && (
        <p className="error" role="alert">
          {errorText(events.error)}
        </p>
      )}
      <table className="data audit">
        <thead>
          <tr>
            <th>#</th>
            <th>Time</th>
            <th>Actor</th>
            <th>Action</th>
            <th>Object</th>
            <th>Details</th>
            <th>Address</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.seq}>
              <td>{e.seq}</td>
              <td>{formatDateTime(e.at)}</td>
              <td>{e.actorLabel}</td>
              <td>
                <code>{e.action}</code>
              </td>
              <td>
                {e.objectType}
                {e.objectId ? <span className="muted"> {e.objectId.slice(0, 8)}</span> : null}
              </td>
              <td>
                <code className="summary">{JSON.stringify(e.summary)}</code>
              </td>
              <td>{e.ip ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && !events.isLoading && <p className="muted">No events match.</p>}
      {events.hasNextPage && (
        <button type="button" onClick={() => void events.fetchNextPage()} disabled={events.isFetchingNextPage}>
          Load older events
        </button>
      )}
    </section>
  );
}
