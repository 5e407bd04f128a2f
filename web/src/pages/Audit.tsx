/** The audit viewer: filter events, page back through them, and verify the hash chain. */
import { useInfiniteQuery, useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, Fragment, type ReactNode, useState } from "react";
import type { i18n as I18n, TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { LIMITS } from "../../../src/validation/limits";
import { jurisdiction } from "../../../src/law/jurisdictions";
import { type Organisation, type UserView, api } from "../api";
import { formatDate, formatDateTime, formatNumber, label, locale, regionName } from "../format";
import { currentLanguage, isUiLanguage } from "../i18n";
import { CASE_STATE_LABELS, MEASURE_LABELS, iccsLabel, measureLabel, stateLabel } from "../labels";
import { ENGLISH_SLOT, withParts } from "../components/English";
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

/** English on a page in another language (a code the screens have no words for), marked so. */
function English({ children }: { children: string }) {
  if (currentLanguage() === "en") return <>{children}</>;
  // dir isolates the run inside a right-to-left page.
  return (
    <span lang="en" dir="ltr">
      {children}
    </span>
  );
}

/** What the details are read with: names of ids, the event's action (which says what a code means), the words. */
interface Reading {
  /** Names the details may refer to by id (organisations, users), so the trail reads in words. */
  names: ReadonlyMap<string, string>;
  action: string;
  t: TFunction<"account">;
  i18n: I18n;
}

/** Keys whose values are people's own text (names, channels, addresses, file names), never codes. */
const FREE_TEXT = new Set([
  "channel",
  "name",
  "displayName",
  "email",
  "issuer",
  "endpoint",
  "reference",
  "originalReference",
  "case",
  "documents",
]);

/** A lowercase code the server writes ("exchange", "search_seizure"). */
const CODE = /^[a-z]+(_[a-z]+)*$/;

/**
 * A code of the details in the reader's language, where the screens have words for it (a measure, a
 * state, a role, a state's name…); what the code means depends on its key, and for some on the action.
 */
function codeWords(key: string, code: string, { action, t, i18n }: Reading): string | undefined {
  const words = (k: string) => (i18n.exists(k) ? t(k) : undefined);
  switch (key) {
    case "measure":
    case "measures":
      return code in MEASURE_LABELS ? measureLabel(code) : undefined;
    case "state":
      return code in CASE_STATE_LABELS ? stateLabel(code) : undefined;
    case "confidentiality":
      return words(`common:confidentiality.${code}`);
    case "role":
      return words(`common:roles.${code}`) ?? words(`case:personRoles.${code}`);
    case "direction":
      if (code === "incoming") return t("cases:list.incoming");
      if (code === "outgoing") return t("cases:list.outgoing");
      if (code === "in") return t("case:correspondence.received");
      if (code === "out") return t("case:correspondence.sent");
      return undefined;
    case "requesting":
    case "requested":
    case "jurisdiction":
    case "from":
    case "to":
      if (jurisdiction(code)) return regionName(code);
      // A change of the screens' language (user.language_chosen) goes from one language to another.
      if (isUiLanguage(code)) return new Intl.DisplayNames([locale()], { type: "language" }).of(code);
      break;
    case "iccs":
      return iccsLabel(code) === code ? undefined : `${code} — ${iccsLabel(code)}`;
    case "grounds":
      return words(`case:grounds.${code}`);
    case "action":
      return words(`case:custodyActions.${code}`);
    case "kind":
      if (action.startsWith("organisation.")) return words(`account:organisations.kind.${code}`);
      if (action.startsWith("case.exchange")) return words(`exchange:kinds.${code}`);
      return words(`case:documentKinds.${code}`);
    case "status":
      if (action === "case.measure_update") return words(`case:measureStatus.${code}`);
      if (action.startsWith("exchange.key.")) return words(`exchange:keyStatus.${code}`);
      if (action.startsWith("exchange.partner.")) return words(`exchange:partners.${code}`);
      return undefined;
    case "use":
      return words(`exchange:keyUse.${code}`);
  }
  // The few codes only the trail writes (how someone signed in, what a message came through…).
  return words(`account:audit.values.${key}.${code}`);
}

/**
 * A value of an event's details: yes/no, lists, dates as the reader writes them, codes in words, known
 * ids by name, nested details as details, nothing as "—". A code the screens have no words for stays
 * as English, marked.
 */
function valueWords(key: string, v: unknown, reading: Reading): ReactNode {
  const { names, t } = reading;
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v === "boolean") return v ? t("audit.yes") : t("audit.no");
  if (Array.isArray(v)) {
    if (v.length === 0) return t("audit.none");
    // Codes and names are joined with commas; nested details (a key's kid and use) stand one after another.
    return v.map((x, i) => (
      // biome-ignore lint/suspicious/noArrayIndexKey: a recorded list never changes; a value may appear twice, so its place is its identity.
      <Fragment key={i}>
        {i > 0 && (typeof x !== "object" || x === null) ? ", " : null}
        {valueWords(key, x, reading)}
      </Fragment>
    ));
  }
  if (typeof v === "object") return <Details summary={v as Record<string, unknown>} names={names} action={reading.action} />;
  const text = String(v);
  if (names.has(text)) return names.get(text);
  // The server's own placeholder for a changed text it does not record (a title, a name).
  if (text === "(changed)") return t("audit.changed");
  if (typeof v === "string" && !FREE_TEXT.has(key)) {
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) return formatDateTime(text);
    if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return formatDate(text);
    const words = codeWords(key, text, reading);
    if (words !== undefined) return words;
    if (CODE.test(text)) return <English>{label(text)}</English>;
  }
  return text;
}

/** A before and after ("a → b", the arrow the language writes), each side its own words. */
function change(before: ReactNode, after: ReactNode, t: TFunction<"account">): ReactNode {
  return withParts(t("audit.change", { before: ENGLISH_SLOT[0], after: ENGLISH_SLOT[1] }), before, after);
}

/** An event's details as labelled fields; a change reads "before → after", nested details nest. */
function Details({ summary, names, action }: { summary: Record<string, unknown>; names: Reading["names"]; action: string }) {
  const { t, i18n } = useTranslation("account");
  const reading: Reading = { names, action, t, i18n };
  const entries = Object.entries(summary ?? {});
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <dl className="details">
      {entries.map(([k, v]) => {
        const isChange = v !== null && typeof v === "object" && !Array.isArray(v) && "before" in v && "after" in v;
        // A key the screens have no words for (a newer server's) keeps the English made from it, marked.
        const keyLabel = t(`audit.keys.${k}`, { defaultValue: keyWords(k) });
        return (
          <div key={k}>
            <dt>{i18n.exists(`account:audit.keys.${k}`) ? keyLabel : <English>{keyLabel}</English>}</dt>
            <dd>
              {isChange
                ? change(
                    valueWords(k, (v as { before: unknown }).before, reading),
                    valueWords(k, (v as { after: unknown }).after, reading),
                    t,
                  )
                : valueWords(k, v, reading)}
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
  // The details use the words other pages own (a person's role, a message's kind, a measure's status, a state).
  useTranslation(["case", "cases", "exchange", "words"]);
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
  // Organisations and users by id, for details that name one (an auditor may not list them: then ids stay).
  const organisations = useQuery({
    queryKey: ["organisations", "all"],
    queryFn: () => api<Organisation[]>("/organisations?includeRetired=true").catch(() => [] as Organisation[]),
  });
  const names: ReadonlyMap<string, string> = new Map([
    ...(organisations.data ?? []).map((o) => [o.id, o.name] as const),
    ...(users.data ?? []).map((u) => [u.id, u.displayName] as const),
  ]);
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
                  {OBJECT_TYPES[e.objectType] ?? <English>{keyWords(e.objectType)}</English>}
                  {e.objectLabel ? <> {e.objectLabel}</> : e.objectId ? <span className="muted"> {e.objectId}</span> : null}
                </td>
                <td>
                  <Details summary={e.summary} names={names} action={e.action} />
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
