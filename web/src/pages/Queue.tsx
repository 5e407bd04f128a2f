/** My queue: open deadlines of my cases (or all I may see), overdue first, with the rule behind each. */
import { useInfiniteQuery } from "@tanstack/react-query";
import { type Confidentiality, api, errorText } from "../api";
import { Link } from "../Link";
import { navigate } from "../router";
import { deadlineLabel, stateLabel } from "../labels";
import { ConfidentialityBadge } from "./Cases";

interface QueueAnswer {
  today: string;
  overdue: number;
  dueSoon: number;
  items: {
    caseId: string;
    reference: string;
    title: string;
    state: string;
    confidentiality: Confidentiality;
    kind: string;
    due: string;
    rule: string;
    overdue: boolean;
  }[];
  nextCursor: string | null;
}

/** The queue page; scope and horizon live in the URL. */
export function Queue({ search }: { search: string }) {
  const p = new URLSearchParams(search);
  const scope = p.get("scope") === "all" ? "all" : "mine";
  const within = Number(p.get("within") ?? 14) || 14;
  // A page at a time; the counts in every page are of the whole queue, and "Show more" appends the next page.
  const q = useInfiniteQuery({
    queryKey: ["queue", scope, within],
    initialPageParam: "",
    queryFn: ({ pageParam }) =>
      api<QueueAnswer>(`/queue?scope=${scope}&within=${within}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const summary = q.data?.pages[0];
  const items = q.data?.pages.flatMap((page) => page.items) ?? [];
  const go = (next: { scope?: string; within?: number }) =>
    navigate(`/queue?scope=${next.scope ?? scope}&within=${next.within ?? within}`, true);
  return (
    <section>
      <h1>{scope === "mine" ? "My queue" : "All deadlines"}</h1>
      <div className="inline-form">
        <label>
          Whose cases
          <select value={scope} onChange={(e) => go({ scope: e.target.value })}>
            <option value="mine">Mine</option>
            <option value="all">All I may see</option>
          </select>
        </label>
        <label>
          Due within (days)
          <select value={within} onChange={(e) => go({ within: Number(e.target.value) })}>
            {[7, 14, 30, 90].map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
      </div>
      {q.error && (
        <p className="error" role="alert">
          {errorText(q.error)}
        </p>
      )}
      {summary && (
        <p data-testid="queue-summary">
          Today {summary.today}: <strong className={summary.overdue ? "error" : undefined}>{summary.overdue} overdue</strong>,{" "}
          {summary.dueSoon} due within {within} days.
        </p>
      )}
      <table className="data cards" data-testid="queue">
        <thead>
          <tr>
            <th>Due</th>
            <th>Case</th>
            <th>What</th>
            <th>Rule</th>
            <th>State</th>
            <th>Confidentiality</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={`${i.caseId}-${i.kind}-${i.due}`} className={i.overdue ? "overdue" : undefined}>
              <td data-label="Due">
                {i.due}
                {i.overdue ? " (overdue)" : ""}
              </td>
              <td data-label="Case">
                <Link to={`/cases/${i.caseId}`}>{i.reference}</Link> <span className="muted">{i.title}</span>
              </td>
              <td data-label="What">{deadlineLabel(i.kind)}</td>
              <td data-label="Rule" className="muted">
                {i.rule}
              </td>
              <td data-label="State">{stateLabel(i.state)}</td>
              <td data-label="Confidentiality">
                <ConfidentialityBadge level={i.confidentiality} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {summary && items.length === 0 && <p className="muted">Nothing due. </p>}
      {q.hasNextPage && summary && (
        <p>
          <button type="button" onClick={() => q.fetchNextPage()} disabled={q.isFetchingNextPage}>
            {q.isFetchingNextPage ? "Loading…" : `Show more (${items.length} of ${summary.overdue + summary.dueSoon} shown)`}
          </button>
        </p>
      )}
    </section>
  );
}
