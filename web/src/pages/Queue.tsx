/** My queue: open deadlines of my cases (or all I may see), overdue first, with the rule behind each. */
import { useInfiniteQuery } from "@tanstack/react-query";
import { Trans, useTranslation } from "react-i18next";
import { type Confidentiality, api } from "../api";
import { En } from "../components/English";
import { formatDate, formatNumber } from "../format";
import { say, type Words } from "../serverWords";
import { Link } from "../Link";
import { navigate } from "../router";
import { deadlineLabel, stateLabel } from "../labels";
import { ConfidentialityBadge } from "./Cases";
import { errorWords } from "../components/ErrorWords";

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
    ruleWords?: Words;
    overdue: boolean;
  }[];
  nextCursor: string | null;
}

/** The queue page; scope and horizon live in the URL. */
export function Queue({ search }: { search: string }) {
  const { t } = useTranslation("cases");
  useTranslation("case"); // the states' words (case:states) load with the page
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
      <h1>{scope === "mine" ? t("queue.mine") : t("queue.all")}</h1>
      <div className="inline-form">
        <label>
          {t("queue.whose")}
          <select value={scope} onChange={(e) => go({ scope: e.target.value })}>
            <option value="mine">{t("queue.scopeMine")}</option>
            <option value="all">{t("queue.scopeAll")}</option>
          </select>
        </label>
        <label>
          {t("queue.within")}
          <select value={within} onChange={(e) => go({ within: Number(e.target.value) })}>
            {[7, 14, 30, 90].map((d) => (
              <option key={d} value={d}>
                {formatNumber(d)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {q.error && (
        <p className="error" role="alert">
          {errorWords(q.error)}
        </p>
      )}
      {summary && (
        <p data-testid="queue-summary">
          <Trans
            t={t}
            i18nKey="queue.summary"
            values={{
              today: formatDate(summary.today),
              overdue: t("queue.overdue", { count: summary.overdue, n: formatNumber(summary.overdue) }),
              dueSoon: t("queue.dueSoon", { count: summary.dueSoon, n: formatNumber(summary.dueSoon), days: formatNumber(within) }),
            }}
            components={{ strong: <strong className={summary.overdue ? "error" : undefined} /> }}
          />
        </p>
      )}
      <table className="data cards" data-testid="queue">
        <thead>
          <tr>
            <th>{t("queue.columns.due")}</th>
            <th>{t("queue.columns.case")}</th>
            <th>{t("queue.columns.what")}</th>
            <th>{t("queue.columns.rule")}</th>
            <th>{t("queue.columns.state")}</th>
            <th>{t("queue.columns.confidentiality")}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={`${i.caseId}-${i.kind}-${i.due}`} className={i.overdue ? "overdue" : undefined}>
              <td data-label={t("queue.columns.due")}>
                {i.overdue ? t("queue.dueOverdue", { date: formatDate(i.due) }) : formatDate(i.due)}
              </td>
              <td data-label={t("queue.columns.case")}>
                <Link to={`/cases/${i.caseId}`}>{i.reference}</Link> <span className="muted">{i.title}</span>
              </td>
              <td data-label={t("queue.columns.what")}>{t(`queue.deadlines.${i.kind}`, { defaultValue: deadlineLabel(i.kind) })}</td>
              <td data-label={t("queue.columns.rule")} className="muted">
                {(i.ruleWords && say(i.ruleWords, t)) ?? <En>{i.rule}</En>}
              </td>
              <td data-label={t("queue.columns.state")}>{t(`case:states.${i.state}`, { defaultValue: stateLabel(i.state) })}</td>
              <td data-label={t("queue.columns.confidentiality")}>
                <ConfidentialityBadge level={i.confidentiality} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {summary && items.length === 0 && <p className="muted">{t("queue.nothing")}</p>}
      {q.hasNextPage && summary && (
        <p>
          <button type="button" onClick={() => q.fetchNextPage()} disabled={q.isFetchingNextPage}>
            {q.isFetchingNextPage
              ? t("common:shell.loading")
              : t("queue.more", { shown: formatNumber(items.length), total: formatNumber(summary.overdue + summary.dueSoon) })}
          </button>
        </p>
      )}
    </section>
  );
}
