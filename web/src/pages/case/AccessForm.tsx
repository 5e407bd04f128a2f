/** Changing a case's confidentiality and access list. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { type Confidentiality, api, isVersionConflict } from "../../api";
import { AccessChecklist, type CaseDetailData, LEVELS, useColleagues } from "./common";
import { errorWords } from "../../components/ErrorWords";

export function AccessForm({ detail }: { detail: CaseDetailData }) {
  const { t } = useTranslation("case");
  const qc = useQueryClient();
  const colleagues = useColleagues();
  const [level, setLevel] = useState<Confidentiality>(detail.confidentiality);
  // Administrators are never offered (they do not read cases); one listed before is dropped on saving.
  const listed = detail.accessList.filter((a) => a.role !== "administrator");
  const [access, setAccess] = useState<string[]>(listed.map((a) => a.userId));
  // When the case is reloaded at a new version (after a conflict, or another change), the form shows
  // what is now stored: saving the old choices again would silently undo a colleague's change.
  const current = listed.map((a) => a.userId).join(",");
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
      className="card stack access-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <label>
        {t("access.confidentiality")}
        <select value={level} onChange={(e) => setLevel(e.target.value as Confidentiality)}>
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              {t(`common:confidentiality.${l}`)}
            </option>
          ))}
        </select>
      </label>
      <AccessChecklist chosen={access} onChange={setAccess} users={colleagues.data ?? []} />
      <button type="submit" disabled={save.isPending}>
        {t("access.save")}
      </button>
      {save.isSuccess && <p className="ok">{t("access.saved")}</p>}
      {save.error && (
        <p className="error" role="alert">
          {errorWords(save.error)}
        </p>
      )}
    </form>
  );
}
