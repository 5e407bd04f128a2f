/** The audit viewer: filter events, page back through them, and verify the hash chain. */
import { useInfiniteQuery, useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { LIMITS } from "../../../src/validation/limits";
import { CONFIDENTIALITY_LABELS, type Confidentiality, type Organisation, type UserView, api, errorText } from "../api";
import { formatDateTime, label } from "../format";
import { navigate } from "../router";
import "./admin.css";

const OBJECT_TYPES: Record<string, string> = {
  case: "Case",
  user: "User",
  organisation: "Organisation",
  api_token: "API token",
  draft: "Draft",
  exchange_partner: "Exchange partner",
  node_key: "Node key",
};

/** Words for a key of an event's details: "otherSessionsEnded" → "Other sessions ended". */
export function keyWords(key: string): string {
  const spaced = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** Names the details may refer to by id (organisations), so the trail reads in words. */
type Names = ReadonlyMap<string, string>;

/** A value of an event's details as text: yes/no, lists joined, codes in words, known ids by name, nothing as "—". */
function valueWords(v: unknown, names: Names): string {
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (Array.isArray(v)) return v.length === 0 ? "none" : v.map((x) => valueWords(x, names)).join(", ");
  if (typeof v === "object") return JSON.stringify(v);
  const text = String(v);
  if (names.has(text)) return names.get(text) as string;
  if (text in CONFIDENTIALITY_LABELS) return CONFIDENTIALITY_LABELS[text as Confidentiality];
  // A code such as "search_seizure" or "under_review" reads as words.
  return /^[a-z]+(_[a-z]+)+$/.test(text) ? label(text) : text;
}

/** An event's details as labelled fields; a change reads "before → after", nested details nest. */
function Details({ summary, names }: { summary: Record<string, unknown>; names: Names }) {
  const entries = Object.entries(summary ?? {});
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <dl className="details">
      {entries.map(([k, v]) => {
        const change = v && typeof v === "object" && !Array.isArray(v) && "before" in v && "after" in v;
        const nested = v && typeof v === "object" && !Array.isArray(v) && !change;
        return (
          <div key={k}>
            <dt>{keyWords(k)}</dt>
            <dd>
              {change ? (
                `${valueWords((v as { before: unknown }).before, names)} → ${valueWords((v as { after: unknown }).after, names)}`
              ) : nested ? (
                <Details summary={v as Record<string, unknown>} names={names} />
              ) : (
                valueWords(v, names)
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

interface AuditEvent {
  seq: number;
  at: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  objectType: string;
  objectId: string | null;
  /** The object in words: a case's reference, a user's name and address, an organisation's name. */
  objectLabel: string | null;
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
  // Organisations by id, for details that name one (an auditor may not list them: then ids stay).
  const organisations = useQuery({
    queryKey: ["organisations", "all"],
    queryFn: () => api<Organisation[]>("/organisations?includeRetired=true").catch(() => [] as Organisation[]),
  });
  const names: Names = new Map((organisations.data ?? []).map((o) => [o.id, o.name]));
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
          <input
            value={draft.action ?? ""}
            onChange={set("action")}
            placeholder="e.g. case. or session.sign_in"
            maxLength={LIMITS.auditAction}
          />
        </label>
        <label>
          Object type
          <select value={draft.objectType ?? ""} onChange={set("objectType")}>
            <option value="">any</option>
            {Object.entries(OBJECT_TYPES).map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Object (id, or a case's reference)
          <input
            value={draft.objectId ?? ""}
            onChange={set("objectId")}
            maxLength={LIMITS.auditObjectId}
            placeholder="e.g. OUT-2026-00001"
          />
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
      <div className="table-scroll">
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
                <td data-testid="audit-object">
                  {OBJECT_TYPES[e.objectType] ?? keyWords(e.objectType)}
                  {e.objectLabel ? <> {e.objectLabel}</> : e.objectId ? <span className="muted"> {e.objectId}</span> : null}
                </td>
                <td>
                  <Details summary={e.summary} names={names} />
                </td>
                <td>{e.ip ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length === 0 && !events.isLoading && <p className="muted">No events match.</p>}
      {events.hasNextPage && (
        <button type="button" onClick={() => void events.fetchNextPage()} disabled={events.isFetchingNextPage}>
          Load older events
        </button>
      )}
    </section>
  );
}
