/** The case's assets as the Assets tab reads them, and what a write does with its answer. */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { CaseAssets } from "../../../../../src/assets/queries";
import { api } from "../../../api";

/** The query of a case's assets (shared by the forms, which put their answer in it). */
export const assetsKey = (caseId: string) => ["case-assets", caseId] as const;

export function useCaseAssets(caseId: string) {
  return useQuery({ queryKey: assetsKey(caseId), queryFn: () => api<CaseAssets>(`/cases/${caseId}/assets`) });
}

/** After a write: the answer is the case's assets; the case (its version, timeline, deadlines) is read again. */
export function useAfterWrite(caseId: string) {
  const qc = useQueryClient();
  return (answer: CaseAssets) => {
    if ("assets" in answer) qc.setQueryData(assetsKey(caseId), answer);
    void qc.invalidateQueries({ queryKey: ["case", caseId] });
  };
}
