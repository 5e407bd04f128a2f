/** The case's assets as the Assets tab reads them, and what a write does with its answer. */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { CaseAssets } from "../../../../../src/assets/queries";
import { api, isVersionConflict } from "../../../api";

/**
 * The query of a case's assets (shared by the forms, which put their answer in it), under the case's own
 * key: a change made on another tab, which invalidates the case, reads the assets (and their version) again.
 */
export const assetsKey = (caseId: string) => ["cases", "one", caseId, "assets"] as const;

export function useCaseAssets(caseId: string) {
  return useQuery({ queryKey: assetsKey(caseId), queryFn: () => api<CaseAssets>(`/cases/${caseId}/assets`) });
}

/** After a write: the answer is the case's assets; the case (its version, timeline, deadlines) is read again. */
export function useAfterWrite(caseId: string) {
  const qc = useQueryClient();
  return (answer: CaseAssets) => {
    if ("assets" in answer) qc.setQueryData(assetsKey(caseId), answer);
    void qc.invalidateQueries({ queryKey: ["cases", "one", caseId], exact: true });
  };
}

/** After a refused write: a version conflict reads the case and its assets again (the error says to reload). */
export function useOnWriteError(caseId: string) {
  const qc = useQueryClient();
  return (err: Error) => {
    if (isVersionConflict(err)) void qc.invalidateQueries({ queryKey: ["cases", "one", caseId] });
  };
}
