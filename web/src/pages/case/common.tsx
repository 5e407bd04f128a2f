/** What the case pages share: the case as the API answers it, confidentiality, colleagues and jurisdictions. */
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { CONFIDENTIALITY_LABELS, type Confidentiality, type UserView, api } from "../../api";
import "./case.css";
import type { EvidenceDetail } from "../CaseEvidence";
import type { WorkDetail } from "../CaseWork";

/** GET /cases/:id. */
export interface CaseDetailData extends Omit<WorkDetail, "direction">, Omit<EvidenceDetail, "id" | "version"> {
  id: string;
  reference: string;
  direction: "incoming" | "outgoing";
  title: string;
  requesting: string;
  requested: string;
  confidentiality: Confidentiality;
  state: string;
  createdAt: string;
  accessList: { userId: string; displayName: string; email: string; role: string }[];
  theirReference: string | null;
  authority: string | null;
  receivedOn: string | null;
  /** Open deadlines, soonest first. */
  deadlines: { kind: string; due: string; rule: string }[];
  /** The officer in charge. */
  officer: string | null;
}

export const LEVELS = Object.keys(CONFIDENTIALITY_LABELS) as Confidentiality[];

/** A confidentiality level as a coloured badge. */
export function ConfidentialityBadge({ level }: { level: Confidentiality }) {
  const { t } = useTranslation("case");
  return (
    <span className={`badge conf-${level}`}>{t(`common:confidentiality.${level}`, { defaultValue: CONFIDENTIALITY_LABELS[level] })}</span>
  );
}

export function useJurisdictions() {
  return useQuery({
    queryKey: ["jurisdictions"],
    queryFn: () => api<{ code: string; name: string }[]>("/jurisdictions"),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useColleagues() {
  return useQuery({ queryKey: ["users"], queryFn: () => api<UserView[]>("/users") });
}

export function AccessChecklist({ chosen, onChange, users }: { chosen: string[]; onChange: (ids: string[]) => void; users: UserView[] }) {
  // Administrators do not read cases, listed or not (docs/decisions.md): listing one would mislead.
  const { t } = useTranslation("case");
  const listable = users.filter((u) => u.role !== "administrator");
  return (
    <fieldset className="access-checklist">
      <legend>{t("access.list")}</legend>
      {listable.length === 0 && <span className="muted">{t("access.noColleagues")}</span>}
      {listable.map((u) => (
        <label key={u.id} className="check">
          <input
            type="checkbox"
            checked={chosen.includes(u.id)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, u.id] : chosen.filter((x) => x !== u.id))}
          />
          {u.displayName} <span className="muted">({t(`common:roles.${u.role}`, { defaultValue: u.role })})</span>
        </label>
      ))}
    </fieldset>
  );
}
