/** The case register: search, counts, export, opening a case; one case with its access list and measures. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { LIMITS } from "../../../src/validation/limits";
import { type FormEvent, useEffect, useId, useState } from "react";
import { MEASURES } from "../../../src/law/codes";
import {
  ApiError,
  CONFIDENTIALITY_LABELS,
  type Confidentiality,
  type Organisation,
  type UserView,
  api,
  errorText,
  isVersionConflict,
} from "../api";
import { label as codeLabel, formatDate } from "../format";
import { Link } from "../Link";
import { BarChart } from "../Chart";
import { navigate } from "../router";
import { Documents, Evidence, type EvidenceDetail } from "./CaseEvidence";
import { CaseExchange } from "./CaseExchange";
import { JurisdictionPicker, useJurisdictionName } from "../components/JurisdictionPicker";
import { ICCS_CHOICES, MEASURE_CHOICES, STATE_GROUPS, stateLabel } from "../labels";
import { BasisSection, Consultations, Correspondence, Decisions, Offences, Persons, Timeline, type WorkDetail, Workflow } from "./CaseWork";

interface CaseSummary {
  id: string;
  reference: string;
  direction: "incoming" | "outgoing";
  title: string;
  requesting: string;
  requested: string;
  confidentiality: Confidentiality;
  state: string;
  createdAt: string;
}

/** One page of the case list: GET /cases answers a page and where the next one starts. */
interface CasePage {
  items: CaseSummary[];
  nextCursor: string | null;
}

interface CaseDetailData extends CaseSummary, Omit<WorkDetail, "direction">, Omit<EvidenceDetail, "id" | "version"> {
  accessList: { userId: string; displayName: string; email: string; role: string }[];
  theirReference: string | null;
  authority: string | null;
}

const LEVELS = Object.keys(CONFIDENTIALITY_LABELS) as Confidentiality[];

/** A confidentiality level as a coloured badge. */
export function ConfidentialityBadge({ level }: { level: Confidentiality }) {
  return <span className={`badge conf-${level}`}>{CONFIDENTIALITY_LABELS[level]}</span>;
}

function useJurisdictions() {
  return useQuery({
    queryKey: ["jurisdictions"],
    queryFn: () => api<{ code: string; name: string }[]>("/jurisdictions"),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

function useColleagues() {
  return useQuery({ queryKey: ["users"], queryFn: () => api<UserView[]>("/users") });
}

/** The filters the case list takes from its URL and passes to the API as they are (see src/cases/listFilter.ts). */
const FILTER_KEYS = [
  "q",
  "direction",
  "state",
  "confidentiality",
  "partner",
  "measure",
  "iccs",
  "officer",
  "overdue",
  "receivedFrom",
  "receivedTo",
] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

/** The list of cases the user may see, with search and every filter of the API in the URL. */
export function Cases({ search, canCreate }: { search: string; canCreate: boolean }) {
  const params = new URLSearchParams(search);
  const filter = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? ""])) as Record<FilterKey, string>;
  // Every parameter of the URL goes to the API, so one it does not know (a misspelt link) is answered
  // with its 400 naming it, shown below, rather than silently ignored.
  const query = new URLSearchParams([...params.entries()].filter(([, v]) => v)).toString();
  // The server sends a page at a time with a cursor to the next; "Show more" appends the next page.
  const list = useInfiniteQuery({
    queryKey: ["cases", query],
    initialPageParam: "",
    queryFn: ({ pageParam }) => {
      const p = new URLSearchParams(query);
      if (pageParam) p.set("cursor", pageParam);
      return api<CasePage>(`/cases${p.size ? `?${p}` : ""}`);
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    retry: false,
  });
  const shown = list.data?.pages.flatMap((page) => page.items) ?? [];
  const count = useQuery({
    queryKey: ["cases", "count", query],
    queryFn: () =>
      api<{ total: number; byConfidentiality: Record<Confidentiality, number>; byState: Record<string, number> }>(
        `/cases/count${query ? `?${query}` : ""}`,
      ),
    retry: false,
  });
  const colleagues = useColleagues();
  const officers = (colleagues.data ?? []).filter((u) => u.role === "officer" || u.role === "supervisor");
  const country = useJurisdictionName();
  const [draft, setDraft] = useState(filter);
  const fid = useId();
  // Back and forward (or a link) change the URL: the form follows it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the URL's query is the trigger.
  useEffect(() => setDraft(filter), [search]);
  const set = (k: FilterKey) => (v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const p = new URLSearchParams(Object.entries(draft).filter(([, v]) => v));
    navigate(`/cases${p.size ? `?${p}` : ""}`, true);
  };
  const groups = STATE_GROUPS.filter((g) => !draft.direction || g.direction === draft.direction);
  const filtered = FILTER_KEYS.some((k) => filter[k]);
  return (
    <section>
      <h1>Cases</h1>
      <form className="filters" onSubmit={apply} aria-label="Find cases">
        <label className="wide">
          Search
          <input
            type="search"
            value={draft.q}
            maxLength={LIMITS.search}
            onChange={(e) => set("q")(e.target.value)}
            placeholder="our or their reference, title, a person's name"
          />
        </label>
        <div className="field">
          <label htmlFor={`${fid}-direction`}>Direction</label>
          <select id={`${fid}-direction`} value={draft.direction} onChange={(e) => set("direction")(e.target.value)}>
            <option value="">both</option>
            <option value="incoming">Incoming (we are asked)</option>
            <option value="outgoing">Outgoing (we ask)</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${fid}-state`}>State of the case</label>
          <select id={`${fid}-state`} value={draft.state} onChange={(e) => set("state")(e.target.value)}>
            <option value="">any state</option>
            {groups.map((g) => (
              <optgroup key={g.direction} label={g.label}>
                {g.states.map((st) => (
                  <option key={`${g.direction}-${st}`} value={st}>
                    {stateLabel(st)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${fid}-confidentiality`}>Confidentiality</label>
          <select id={`${fid}-confidentiality`} value={draft.confidentiality} onChange={(e) => set("confidentiality")(e.target.value)}>
            <option value="">any</option>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {CONFIDENTIALITY_LABELS[l]}
              </option>
            ))}
          </select>
        </div>
        <JurisdictionPicker label="Partner state" value={draft.partner} onChange={set("partner")} emptyLabel="any state" />
        <div className="field">
          <label htmlFor={`${fid}-measure`}>Measure requested</label>
          <select id={`${fid}-measure`} value={draft.measure} onChange={(e) => set("measure")(e.target.value)}>
            <option value="">any measure</option>
            {MEASURE_CHOICES.map((m) => (
              <option key={m.code} value={m.code}>
                {m.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${fid}-iccs`}>Offence (ICCS section)</label>
          <select id={`${fid}-iccs`} value={draft.iccs} onChange={(e) => set("iccs")(e.target.value)}>
            <option value="">any offence</option>
            {ICCS_CHOICES.map((s) => (
              <option key={s.code} value={s.code}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${fid}-officer`}>Officer in charge</label>
          <select id={`${fid}-officer`} value={draft.officer} onChange={(e) => set("officer")(e.target.value)}>
            <option value="">anyone</option>
            {officers.map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="between">
          <legend>Received between</legend>
          <label>
            from
            <input type="date" value={draft.receivedFrom} onChange={(e) => set("receivedFrom")(e.target.value)} />
          </label>
          <label>
            to
            <input
              type="date"
              value={draft.receivedTo}
              min={draft.receivedFrom || undefined}
              onChange={(e) => set("receivedTo")(e.target.value)}
            />
          </label>
        </fieldset>
        <label className="check">
          <input type="checkbox" checked={draft.overdue === "true"} onChange={(e) => set("overdue")(e.target.checked ? "true" : "")} />
          Overdue only
        </label>
        <div className="button-row">
          <button type="submit">Search</button>
          {filtered && (
            <Link to="/cases" className="button secondary">
              Clear the filters
            </Link>
          )}
        </div>
      </form>
      {(list.error || count.error) && (
        <p className="error" role="alert" data-testid="filter-error">
          {errorText(list.error ?? count.error)}
        </p>
      )}
      {count.data && (
        <p data-testid="case-count">
          {count.data.total} case{count.data.total === 1 ? "" : "s"}: {count.data.byConfidentiality.normal} normal,{" "}
          {count.data.byConfidentiality.confidential} confidential, {count.data.byConfidentiality.strictly_confidential} strictly
          confidential.{" "}
          <a href={`/api/v1/cases/export${query ? `?${query}` : ""}`} download="cases.csv">
            Export CSV
          </a>
        </p>
      )}
      {count.data && Object.keys(count.data.byState).length > 1 && (
        <BarChart
          label="Cases by state"
          data={Object.entries(count.data.byState)
            .sort((a, b) => b[1] - a[1])
            .map(([name, value]) => ({ name: stateLabel(name), value }))}
        />
      )}
      <table className="data cards" data-testid="cases">
        <thead>
          <tr>
            <th>Reference</th>
            <th>Direction</th>
            <th>States</th>
            <th>Title</th>
            <th>State</th>
            <th>Confidentiality</th>
            <th>Opened</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((c) => (
            <tr key={c.id}>
              <td className="card-head">
                <Link to={`/cases/${c.id}`}>{c.reference}</Link>
              </td>
              <td data-label="Direction">{c.direction === "incoming" ? "Incoming" : "Outgoing"}</td>
              <td data-label="States">
                <abbr title={`${c.requesting} → ${c.requested}`}>
                  {country(c.requesting)} → {country(c.requested)}
                </abbr>
              </td>
              <td data-label="Title">{c.title}</td>
              <td data-label="State">{stateLabel(c.state)}</td>
              <td data-label="Confidentiality">
                <ConfidentialityBadge level={c.confidentiality} />
              </td>
              <td data-label="Opened">{formatDate(c.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.data && shown.length === 0 && <p className="muted">No case you may see matches.</p>}
      {list.hasNextPage && (
        <p>
          <button type="button" onClick={() => list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            {list.isFetchingNextPage ? "Loading…" : `Show more (${shown.length}${count.data ? ` of ${count.data.total}` : ""} shown)`}
          </button>
        </p>
      )}
      {canCreate && <NewCase />}
    </section>
  );
}

function AccessChecklist({ chosen, onChange, users }: { chosen: string[]; onChange: (ids: string[]) => void; users: UserView[] }) {
  return (
    <fieldset>
      <legend>Access list</legend>
      {users.length === 0 && <span className="muted">No colleagues to list.</span>}
      {users.map((u) => (
        <label key={u.id} className="check">
          <input
            type="checkbox"
            checked={chosen.includes(u.id)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, u.id] : chosen.filter((x) => x !== u.id))}
          />
          {u.displayName} <span className="muted">({u.role})</span>
        </label>
      ))}
    </fieldset>
  );
}

function NewCase() {
  const qc = useQueryClient();
  const jurisdictions = useJurisdictions();
  const colleagues = useColleagues();
  const [form, setForm] = useState({
    direction: "outgoing",
    title: "",
    requesting: "",
    requested: "",
    confidentiality: "normal" as Confidentiality,
  });
  const [access, setAccess] = useState<string[]>([]);
  const [details, setDetails] = useState({ requestDate: "", theirReference: "", authority: "" });
  const [wanted, setWanted] = useState<Record<string, string>>({});
  // One key per form: a double click or a retried submission never opens two cases.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const create = useMutation({
    mutationFn: () =>
      api<CaseDetailData>("/cases", {
        method: "POST",
        headers: { "idempotency-key": idempotencyKey },
        body: {
          ...form,
          accessList: access,
          requestDate: details.requestDate || undefined,
          theirReference: details.theirReference || null,
          authority: details.authority || null,
          measures: Object.entries(wanted).map(([measure, description]) => ({ measure, description: description || codeLabel(measure) })),
        },
      }),
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: ["cases"] });
      navigate(`/cases/${c.id}`);
    },
  });
  const options = (jurisdictions.data ?? []).map((j) => (
    <option key={j.code} value={j.code}>
      {j.name} ({j.code})
    </option>
  ));
  return (
    <div className="card">
      <h2>Open a case</h2>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <label>
          Direction of the request
          <select value={form.direction} onChange={(e) => setForm({ ...form, direction: e.target.value })}>
            <option value="outgoing">outgoing (we ask)</option>
            <option value="incoming">incoming (we are asked)</option>
          </select>
        </label>
        <label>
          Title
          <input
            value={form.title}
            onChange={(e) => setForm({ ...form, title: e.target.value })}
            required
            minLength={3}
            maxLength={LIMITS.caseTitle}
          />
        </label>
        <label>
          Requesting state
          <select value={form.requesting} onChange={(e) => setForm({ ...form, requesting: e.target.value })} required>
            <option value="">choose…</option>
            {options}
          </select>
        </label>
        <label>
          Requested state
          <select value={form.requested} onChange={(e) => setForm({ ...form, requested: e.target.value })} required>
            <option value="">choose…</option>
            {options}
          </select>
        </label>
        <label>
          Confidentiality
          <select value={form.confidentiality} onChange={(e) => setForm({ ...form, confidentiality: e.target.value as Confidentiality })}>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {CONFIDENTIALITY_LABELS[l]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Date of the request
          <input type="date" value={details.requestDate} onChange={(e) => setDetails({ ...details, requestDate: e.target.value })} />
        </label>
        <label>
          Their reference
          <input
            value={details.theirReference}
            onChange={(e) => setDetails({ ...details, theirReference: e.target.value })}
            maxLength={LIMITS.reference}
          />
        </label>
        <label>
          Requesting or executing authority
          <input
            value={details.authority}
            onChange={(e) => setDetails({ ...details, authority: e.target.value })}
            maxLength={LIMITS.authority}
          />
        </label>
        <fieldset>
          <legend>Measures requested</legend>
          {MEASURES.map((m) => (
            <span key={m} className="measure-pick">
              <label className="check">
                <input
                  type="checkbox"
                  checked={m in wanted}
                  onChange={(e) => {
                    const next = { ...wanted };
                    if (e.target.checked) next[m] = "";
                    else delete next[m];
                    setWanted(next);
                  }}
                />
                {codeLabel(m)}
              </label>
              {m in wanted && (
                <input
                  aria-label={`What is asked: ${codeLabel(m)}`}
                  value={wanted[m]}
                  onChange={(e) => setWanted({ ...wanted, [m]: e.target.value })}
                  placeholder="what exactly"
                  maxLength={LIMITS.description}
                />
              )}
            </span>
          ))}
        </fieldset>
        <AccessChecklist chosen={access} onChange={setAccess} users={colleagues.data ?? []} />
        <button type="submit" disabled={create.isPending}>
          Open the case
        </button>
      </form>
      <p className="muted">
        You are always on the access list of a case you open. A strictly confidential case is visible only to those listed.
      </p>
      {create.error && (
        <p className="error" role="alert">
          {errorText(create.error)}
        </p>
      )}
    </div>
  );
}

/** One case: its facts, access list and measures; officers and supervisors can change them. */
export function CaseDetail({ id, canEdit }: { id: string; canEdit: boolean }) {
  const q = useQuery({ queryKey: ["cases", "one", id], queryFn: () => api<CaseDetailData>(`/cases/${id}`), retry: false });
  if (q.error instanceof ApiError && q.error.status === 404)
    return (
      <section>
        <h1>Case</h1>
        <p>No such case, or you may not see it.</p>
      </section>
    );
  if (q.error)
    return (
      <p className="error" role="alert">
        {errorText(q.error)}
      </p>
    );
  const c = q.data;
  if (!c) return <p className="loading">Loading…</p>;
  return (
    <section>
      <p>
        <Link to="/cases">← Cases</Link>
      </p>
      <h1>{c.reference}</h1>
      <p>
        <strong>{c.title}</strong>
      </p>
      <p>
        {c.direction === "outgoing" ? "Outgoing" : "Incoming"} request, {c.requesting} → {c.requested}, dated {c.requestDate ?? "—"}, opened{" "}
        {formatDate(c.createdAt)}. <ConfidentialityBadge level={c.confidentiality} />
        {c.theirReference ? ` Their reference: ${c.theirReference}.` : ""}
        {c.authority ? ` Authority: ${c.authority}.` : ""}
      </p>
      <h2>Workflow</h2>
      <Workflow c={c} />
      <CaseExchange c={c} canSend={canEdit} />
      <h2>Legal basis</h2>
      <BasisSection c={c} canEdit={canEdit} />
      <h2>Decisions</h2>
      <Decisions c={c} />
      <h2>Consultations</h2>
      <Consultations c={c} canEdit={canEdit} />
      <h2>Access list</h2>
      <ul>
        {c.accessList.map((a) => (
          <li key={a.userId}>
            {a.displayName} <span className="muted">({a.role})</span>
          </li>
        ))}
      </ul>
      {canEdit && <AccessForm detail={c} />}
      <h2>Measures</h2>
      {c.measures.length === 0 && <p className="muted">No measure yet.</p>}
      <ul>
        {c.measures.map((m) => (
          <li key={m.id}>
            <strong>{codeLabel(m.measure)}</strong>: {m.description} — <span className="badge">{codeLabel(m.status)}</span> —{" "}
            {m.assignedOrganisation ?? "not assigned"}
            {m.deadline ? ` — due ${m.deadline}` : ""}
            {canEdit && <MeasureControls caseId={c.id} version={c.version} measure={m} />}
          </li>
        ))}
      </ul>
      {canEdit && <NewMeasure caseId={c.id} version={c.version} />}
      <h2>Offences</h2>
      <Offences c={c} canEdit={canEdit} />
      <h2>Persons</h2>
      <Persons c={c} canEdit={canEdit} />
      <h2>Documents</h2>
      <Documents c={c} canEdit={canEdit} />
      <h2>Evidence</h2>
      <Evidence c={c} canEdit={canEdit} />
      <h2>Correspondence</h2>
      <Correspondence c={c} canEdit={canEdit} />
      <h2>Timeline</h2>
      <Timeline c={c} />
    </section>
  );
}

/** Assign a measure to an executing authority, or report its execution. */
function MeasureControls({
  caseId,
  version,
  measure,
}: {
  caseId: string;
  version: number;
  measure: { id: string; status: string; assignedOrganisation: string | null };
}) {
  const qc = useQueryClient();
  const orgs = useQuery({ queryKey: ["organisations"], queryFn: () => api<Organisation[]>("/organisations") });
  const m = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api(`/cases/${caseId}/measures/${measure.id}`, { method: "PATCH", body: { ...body, version } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["cases"] }),
    onError: (err) => {
      if (isVersionConflict(err)) void qc.invalidateQueries({ queryKey: ["cases", "one", caseId] });
    },
  });
  return (
    <span className="measure-controls">
      {" "}
      <select
        aria-label={`Assign ${measure.id}`}
        value=""
        onChange={(e) => e.target.value && m.mutate({ assignedOrganisationId: e.target.value })}
      >
        <option value="">assign to…</option>
        {(orgs.data ?? [])
          .filter((o) => o.kind === "executing_authority")
          .map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
      </select>{" "}
      <button type="button" className="link-button" onClick={() => m.mutate({ status: "executed" })}>
        executed
      </button>
      <button type="button" className="link-button" onClick={() => m.mutate({ status: "not_executed" })}>
        not executed
      </button>
      {m.error && <span className="error"> {errorText(m.error)}</span>}
    </span>
  );
}

function AccessForm({ detail }: { detail: CaseDetailData }) {
  const qc = useQueryClient();
  const colleagues = useColleagues();
  const [level, setLevel] = useState<Confidentiality>(detail.confidentiality);
  const [access, setAccess] = useState<string[]>(detail.accessList.map((a) => a.userId));
  // When the case is reloaded at a new version (after a conflict, or another change), the form shows
  // what is now stored: saving the old choices again would silently undo a colleague's change.
  const current = detail.accessList.map((a) => a.userId).join(",");
  useEffect(() => {
    setLevel(detail.confidentiality);
    setAccess(current ? current.split(",") : []);
  }, [detail.confidentiality, current]);
  const save = useMutation({
    mutationFn: () =>
      api<CaseDetailData>(`/cases/${detail.id}`, {
        method: "PATCH",
        body: { version: detail.version, confidentiality: level, accessList: access },
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["cases"] }),
    onError: (err) => {
      if (isVersionConflict(err)) void qc.invalidateQueries({ queryKey: ["cases", "one", detail.id] });
    },
  });
  return (
    <form
      className="card stack"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <label>
        Confidentiality
        <select value={level} onChange={(e) => setLevel(e.target.value as Confidentiality)}>
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              {CONFIDENTIALITY_LABELS[l]}
            </option>
          ))}
        </select>
      </label>
      <AccessChecklist chosen={access} onChange={setAccess} users={colleagues.data ?? []} />
      <button type="submit" disabled={save.isPending}>
        Save access
      </button>
      {save.isSuccess && <p className="ok">Saved.</p>}
      {save.error && (
        <p className="error" role="alert">
          {errorText(save.error)}
        </p>
      )}
    </form>
  );
}

function NewMeasure({ caseId, version }: { caseId: string; version: number }) {
  const qc = useQueryClient();
  const orgs = useQuery({ queryKey: ["organisations"], queryFn: () => api<Organisation[]>("/organisations") });
  const [measure, setMeasure] = useState("testimony");
  const [description, setDescription] = useState("");
  const [org, setOrg] = useState("");
  const add = useMutation({
    mutationFn: () =>
      api(`/cases/${caseId}/measures`, { method: "POST", body: { version, measure, description, assignedOrganisationId: org || null } }),
    onSuccess: () => {
      setDescription("");
      void qc.invalidateQueries({ queryKey: ["cases", "one", caseId] });
    },
    onError: (err) => {
      if (isVersionConflict(err)) void qc.invalidateQueries({ queryKey: ["cases", "one", caseId] });
    },
  });
  return (
    <form
      className="card form-grid"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate();
      }}
    >
      <label>
        Measure
        <select value={measure} onChange={(e) => setMeasure(e.target.value)}>
          {MEASURES.map((m) => (
            <option key={m} value={m}>
              {codeLabel(m)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Description
        <input value={description} onChange={(e) => setDescription(e.target.value)} required minLength={3} maxLength={LIMITS.description} />
      </label>
      <label>
        Assign to
        <select value={org} onChange={(e) => setOrg(e.target.value)}>
          <option value="">not assigned</option>
          {(orgs.data ?? [])
            .filter((o) => o.kind === "executing_authority")
            .map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
        </select>
      </label>
      <button type="submit" disabled={add.isPending}>
        Add the measure
      </button>
      {add.error && (
        <p className="error" role="alert">
          {errorText(add.error)}
        </p>
      )}
    </form>
  );
}
