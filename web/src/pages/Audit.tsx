/** The audit viewer: filter events, page back through them, and verify the hash chain. */
import { useInfiniteQuery, useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { LIMITS } from "../../../src/validation/limits";
import { CONFIDENTIALITY_LABELS, type Organisation, type UserView, api } from "../api";
import { formatDateTime, formatNumber, label } from "../format";
import { navigate } from "../router";
import "./admin.css";
import { errorWords } from "../components/ErrorWords";

/** The kinds of object the trail records, in words (the `account` namespace's audit.objectTypes). */
function objectTypes(t: TFunction<"account">): Record<string, string> {
  return {
    case: t("audit.objectTypes.case"),
    user: t("audit.objectTypes.user"),
    organisation: t("audit.objectTypes.organisation"),
    api_token: t("audit.objectTypes.api_token"),
    draft: t("audit.objectTypes.draft"),
    exchange_partner: t("audit.objectTypes.exchange_partner"),
    node_key: t("audit.objectTypes.node_key"),
  };
}

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
function valueWords(v: unknown, names: Names, t: TFunction<"account">): string {
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v === "boolean") return v ? t("audit.yes") : t("audit.no");
  if (Array.isArray(v)) return v.length === 0 ? t("audit.none") : v.map((x) => valueWords(x, names, t)).join(", ");
  if (typeof v === "object") return JSON.stringify(v);
  const text = String(v);
  if (names.has(text)) return names.get(text) as string;
  if (text in CONFIDENTIALITY_LABELS) return t(`common:confidentiality.${text}`);
  // A code such as "search_seizure" or "under_review" reads as words.
  return /^[a-z]+(_[a-z]+)+$/.test(text) ? label(text) : text;
}

/** An event's details as labelled fields; a change reads "before → after", nested details nest. */
function Details({ summary, names }: { summary: Record<string, unknown>; names: Names }) {
  const { t } = useTranslation("account");
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
                t("audit.change", {
                  before: valueWords((v as { before: unknown }).before, names, t),
                  after: valueWords((v as { after: unknown }).after, names, t),
                })
              ) : nested ? (
                <Details summary={v as Record<string, unknown>} names={names} />
              ) : (
                valueWords(v, names, t)
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
  const { t } = useTranslation("account");
  const OBJECT_TYPES = objectTypes(t);
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
      <h1>{t("audit.title")}</h1>
      <div className="card stack">
        <p>
          {t("audit.lead")}{" "}
          <button type="button" onClick={() => verify.mutate()} disabled={verify.isPending}>
            {t("audit.verify")}
          </button>
        </p>
        {verify.data?.ok === true && (
          <p className="ok" role="status">
            {t("audit.intact", { count: verify.data.events, events: formatNumber(verify.data.events) })}
          </p>
        )}
        {verify.data?.ok === false && (
          <p className="error" role="alert">
            {t("audit.broken", { seq: verify.data.brokenAt, reason: verify.data.reason })}
          </p>
        )}
        {verify.error && <p className="error">{errorWords(verify.error)}</p>}
      </div>
      <form className="form-grid" onSubmit={apply}>
        <label>
          {t("audit.actor")}
          <select value={draft.actor ?? ""} onChange={set("actor")}>
            <option value="">{t("audit.anyone")}</option>
            {(users.data ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName} ({u.email})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("audit.action")}
          <input
            value={draft.action ?? ""}
            onChange={set("action")}
            placeholder={t("audit.actionPlaceholder")}
            maxLength={LIMITS.auditAction}
          />
        </label>
        <label>
          {t("audit.objectType")}
          <select value={draft.objectType ?? ""} onChange={set("objectType")}>
            <option value="">{t("audit.any")}</option>
            {Object.entries(OBJECT_TYPES).map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("audit.object")}
          <input
            value={draft.objectId ?? ""}
            onChange={set("objectId")}
            maxLength={LIMITS.auditObjectId}
            placeholder={t("audit.objectPlaceholder")}
          />
        </label>
        <label>
          {t("audit.from")}
          <input type="date" value={draft.from ?? ""} onChange={set("from")} />
        </label>
        <label>
          {t("audit.to")}
          <input type="date" value={draft.to ?? ""} onChange={set("to")} />
        </label>
        <button type="submit">{t("audit.filter")}</button>
      </form>
      {events.error && (
        <p className="error" role="alert">
          {errorWords(events.error)}
        </p>
      )}
      <div className="table-scroll">
        <table className="data audit">
          <thead>
            <tr>
              <th>#</th>
              <th>{t("audit.time")}</th>
              <th>{t("audit.actor")}</th>
              <th>{t("audit.action")}</th>
              <th>{t("audit.objectColumn")}</th>
              <th>{t("audit.details")}</th>
              <th>{t("audit.address")}</th>
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
      {rows.length === 0 && !events.isLoading && <p className="muted">{t("audit.noEvents")}</p>}
      {events.hasNextPage && (
        <button type="button" onClick={() => void events.fetchNextPage()} disabled={events.isFetchingNextPage}>
          {t("audit.older")}
        </button>
      )}
    </section>
  );
}
