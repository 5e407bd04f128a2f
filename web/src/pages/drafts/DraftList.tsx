import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, isVersionConflict } from "../../api";
import { formatDateTime } from "../../format";
import { Link } from "../../Link";
import { navigate } from "../../router";
import type { DraftSummary, DraftView } from "./model";
import { errorWords } from "../../components/ErrorWords";

/** The list of the user's drafts, with a form to start one. */
export function Drafts() {
  const { t } = useTranslation("drafts");
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ["drafts"], queryFn: () => api<DraftSummary[]>("/drafts") });
  const [title, setTitle] = useState("");
  const create = useMutation({
    mutationFn: () => api<DraftView>("/drafts", { method: "POST", body: { title } }),
    onSuccess: (d) => {
      qc.invalidateQueries({ queryKey: ["drafts"] });
      navigate(`/drafts/${d.id}`);
    },
  });
  const duplicate = useMutation({
    mutationFn: (id: string) => api<DraftView>(`/drafts/${id}/duplicate`, { method: "POST" }),
    onSuccess: (d) => {
      qc.invalidateQueries({ queryKey: ["drafts"] });
      navigate(`/drafts/${d.id}`);
    },
  });
  const remove = useMutation({
    mutationFn: (d: { id: string; version: number }) => api<void>(`/drafts/${d.id}?version=${d.version}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["drafts"] }),
    // Saved in another tab since this list was shown: reload the list so the newer draft is seen before deleting it.
    onError: (err) => {
      if (isVersionConflict(err)) void qc.invalidateQueries({ queryKey: ["drafts"] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <section>
      <h1>{t("list.title")}</h1>
      <p className="lead">{t("list.lead")}</p>
      <form className="inline-form card" onSubmit={submit}>
        <label>
          {t("list.newTitle")}
          <input value={title} onChange={(e) => setTitle(e.target.value)} minLength={3} maxLength={300} required size={50} />
        </label>
        <button type="submit" disabled={create.isPending}>
          {t("list.create")}
        </button>
        {create.error && <p className="error">{errorWords(create.error)}</p>}
      </form>
      {list.isLoading && <p>{t("common:shell.loading")}</p>}
      {list.error && <p className="error">{errorWords(list.error)}</p>}
      {remove.error && (
        <p className="error" role="alert">
          {errorWords(remove.error)}
        </p>
      )}
      {list.data && list.data.length === 0 && <p className="hint">{t("list.none")}</p>}
      {list.data && list.data.length > 0 && (
        <table className="data">
          <thead>
            <tr>
              <th>{t("list.colTitle")}</th>
              <th>{t("list.colRoute")}</th>
              <th>{t("list.colCase")}</th>
              <th>{t("list.colSaved")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.map((d) => (
              <tr key={d.id}>
                <td>
                  <Link to={`/drafts/${d.id}`}>{d.title}</Link>
                </td>
                <td>{t("list.route", { from: d.requesting || "?", to: d.requested || "?" })}</td>
                <td>{d.caseReference ?? "—"}</td>
                <td>{formatDateTime(d.updatedAt)}</td>
                <td className="actions">
                  <button type="button" className="link-button" onClick={() => duplicate.mutate(d.id)}>
                    {t("list.duplicate")}
                  </button>
                  {!d.caseReference && (
                    <button
                      type="button"
                      className="link-button"
                      onClick={() =>
                        window.confirm(t("list.confirmDelete", { title: d.title })) && remove.mutate({ id: d.id, version: d.version })
                      }
                    >
                      {t("list.delete")}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
