/** The case register: search, counts, export; opening a case and one case live in ./case/. */
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { CONFIDENTIALITY_LABELS, type Confidentiality, api, errorText } from "../api";
import { label as codeLabel, formatDate } from "../format";
import { Link } from "../Link";
import { BarChart } from "../Chart";
import { navigate } from "../router";
import { ConfidentialityBadge, LEVELS } from "./case/common";
import { NewCase } from "./case/NewCase";

// Other pages import these from here.
export { ConfidentialityBadge } from "./case/common";
export { CaseDetail } from "./case/CaseDetail";

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

/** The list of cases the user may see, with search in the URL. */
export function Cases({ search, canCreate }: { search: string; canCreate: boolean }) {
  const params = new URLSearchParams(search);
  const filter = {
    q: params.get("q") ?? "",
    confidentiality: params.get("confidentiality") ?? "",
    direction: params.get("direction") ?? "",
    state: params.get("state") ?? "",
    partner: params.get("partner") ?? "",
    overdue: params.get("overdue") ?? "",
  };
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v)).toString();
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
  });
  const shown = list.data?.pages.flatMap((page) => page.items) ?? [];
  const count = useQuery({
    queryKey: ["cases", "count", query],
    queryFn: () =>
      api<{ total: number; byConfidentiality: Record<Confidentiality, number>; byState: Record<string, number> }>(
        `/cases/count${query ? `?${query}` : ""}`,
      ),
  });
  const [draft, setDraft] = useState(filter);
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const p = new URLSearchParams(Object.entries(draft).filter(([, v]) => v));
    navigate(`/cases${p.size ? `?${p}` : ""}`, true);
  };
  return (
    <section>
      <h1>Cases</h1>
      <form className="form-grid" onSubmit={apply}>
        <label>
          Search
          <input value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} placeholder="reference or title" />
        </label>
        <label>
          Confidentiality
          <select value={draft.confidentiality} onChange={(e) => setDraft({ ...draft, confidentiality: e.target.value })}>
            <option value="">any</option>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {CONFIDENTIALITY_LABELS[l]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Direction
          <select value={draft.direction} onChange={(e) => setDraft({ ...draft, direction: e.target.value })}>
            <option value="">both</option>
            <option value="incoming">incoming</option>
            <option value="outgoing">outgoing</option>
          </select>
        </label>
        <label>
          Partner state
          <input
            value={draft.partner}
            maxLength={2}
            onChange={(e) => setDraft({ ...draft, partner: e.target.value.toUpperCase() })}
            placeholder="e.g. US"
          />
        </label>
        <label>
          State of the case
          <input value={draft.state} onChange={(e) => setDraft({ ...draft, state: e.target.value })} placeholder="e.g. under_review" />
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.overdue === "true"}
            onChange={(e) => setDraft({ ...draft, overdue: e.target.checked ? "true" : "" })}
          />
          Overdue only
        </label>
        <button type="submit">Search</button>
      </form>
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
            .map(([name, value]) => ({ name: codeLabel(name), value }))}
        />
      )}
      {list.error && (
        <p className="error" role="alert">
          {errorText(list.error)}
        </p>
      )}
      <table className="data" data-testid="cases">
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
              <td>
                <Link to={`/cases/${c.id}`}>{c.reference}</Link>
              </td>
              <td>{c.direction}</td>
              <td>
                {c.requesting} → {c.requested}
              </td>
              <td>{c.title}</td>
              <td>{codeLabel(c.state)}</td>
              <td>
                <ConfidentialityBadge level={c.confidentiality} />
              </td>
              <td>{formatDate(c.createdAt)}</td>
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
