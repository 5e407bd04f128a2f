/** Documents (with their SHA-256) and evidence items (chain of custody, permitted uses) on the case page. */
import { LIMITS } from "../../../src/validation/limits";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, isVersionConflict } from "../api";
import { formatDate, formatDateTime, formatNumber, label as codeLabel } from "../format";
import { errorWords } from "../components/ErrorWords";

export interface EvidenceDetail {
  id: string;
  version: number;
  documents: { id: string; kind: string; filename: string; contentType: string; size: number; sha256: string; addedAt: string }[];
  evidence: {
    id: string;
    description: string;
    documentId: string | null;
    sha256: string | null;
    permittedPurposes: string[];
    custody: { action: string; holder: string; onDate: string; sha256: string | null }[];
    uses: { purpose: string; consentOn: string | null; consentBy: string | null }[];
  }[];
}

const KINDS = ["request", "translation", "order", "reply", "evidence", "notice", "other"];

function useRefresh() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: ["cases"] });
}

/** On a version conflict the case is reloaded at once, so the officer sees the change that beat theirs. */
const reloadOnConflict = (refresh: () => Promise<void>) => (err: Error) => {
  if (isVersionConflict(err)) void refresh();
};

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The documents of a case: download links with their hash, and an upload form. */
export function Documents({ c, canEdit }: { c: EvidenceDetail; canEdit: boolean }) {
  const { t } = useTranslation("case");
  const refresh = useRefresh();
  const [kind, setKind] = useState("request");
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: async () => {
      if (!file) throw new Error(t("documents.chooseFile"));
      return api(`/cases/${c.id}/documents`, {
        method: "POST",
        body: {
          version: c.version,
          kind,
          filename: file.name,
          contentType: file.type || "application/octet-stream",
          contentBase64: await toBase64(file),
        },
      });
    },
    onSuccess: () => {
      setFile(null);
      void refresh();
    },
    onError: reloadOnConflict(refresh),
  });
  return (
    <div className="stack">
      {c.documents.length === 0 && <p className="muted empty">{t("documents.none")}</p>}
      <ul>
        {c.documents.map((d) => (
          <li key={d.id}>
            <a href={`/api/v1/cases/${c.id}/documents/${d.id}`} download={d.filename}>
              {d.filename}
            </a>{" "}
            <span className="muted">
              {t("documents.facts", {
                kind: t(`documentKinds.${d.kind}`, { defaultValue: codeLabel(d.kind) }),
                size: formatNumber(Math.ceil(d.size / 1024)),
                added: formatDateTime(d.addedAt),
              })}{" "}
              <code>{d.sha256.slice(0, 16)}…</code>
            </span>
          </li>
        ))}
      </ul>
      {canEdit && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            upload.mutate();
          }}
        >
          <label>
            {t("documents.kind")}
            <select value={kind} onChange={(e) => setKind(e.target.value)}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`documentKinds.${k}`, { defaultValue: codeLabel(k) })}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("documents.file")}
            <input type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} required />
          </label>
          <button type="submit" disabled={upload.isPending}>
            {t("documents.add")}
          </button>
          {upload.error && (
            <p className="error" role="alert">
              {errorWords(upload.error)}
            </p>
          )}
        </form>
      )}
    </div>
  );
}

/** Evidence items with their chain of custody and uses; new items, custody links and uses. */
export function Evidence({ c, canEdit }: { c: EvidenceDetail; canEdit: boolean }) {
  const { t } = useTranslation("case");
  const refresh = useRefresh();
  const [f, setF] = useState({ description: "", documentId: "", purposes: "", holder: "", receivedOn: "" });
  const add = useMutation({
    mutationFn: () =>
      api(`/cases/${c.id}/evidence`, {
        method: "POST",
        body: {
          version: c.version,
          description: f.description,
          documentId: f.documentId || null,
          permittedPurposes: f.purposes
            .split(";")
            .map((p) => p.trim())
            .filter(Boolean),
          holder: f.holder,
          receivedOn: f.receivedOn,
        },
      }),
    onSuccess: () => void refresh(),
    onError: reloadOnConflict(refresh),
  });
  return (
    <div className="stack">
      {c.evidence.length === 0 && <p className="muted empty">{t("evidence.none")}</p>}
      {c.evidence.map((e) => (
        <EvidenceItem key={e.id} caseId={c.id} version={c.version} item={e} canEdit={canEdit} />
      ))}
      {canEdit && (
        <form
          className="card form-grid"
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate();
          }}
        >
          <strong className="form-title">{t("evidence.form")}</strong>
          <label>
            {t("evidence.item")}
            <input
              value={f.description}
              onChange={(e) => setF({ ...f, description: e.target.value })}
              required
              maxLength={LIMITS.description}
            />
          </label>
          <label>
            {t("evidence.document")}
            <select value={f.documentId} onChange={(e) => setF({ ...f, documentId: e.target.value })}>
              <option value="">{t("evidence.noDocument")}</option>
              {c.documents.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.filename}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("evidence.purposes")}
            <input
              value={f.purposes}
              onChange={(e) => setF({ ...f, purposes: e.target.value })}
              required
              maxLength={LIMITS.permittedPurposes * (LIMITS.permittedPurpose + 2)}
            />
          </label>
          <label>
            {t("evidence.holder")}
            <input value={f.holder} onChange={(e) => setF({ ...f, holder: e.target.value })} required maxLength={LIMITS.holder} />
          </label>
          <label>
            {t("evidence.receivedOn")}
            <input type="date" value={f.receivedOn} onChange={(e) => setF({ ...f, receivedOn: e.target.value })} required />
          </label>
          <button type="submit" disabled={add.isPending}>
            {t("evidence.record")}
          </button>
          {add.error && (
            <p className="error" role="alert">
              {errorWords(add.error)}
            </p>
          )}
        </form>
      )}
    </div>
  );
}

function EvidenceItem({
  caseId,
  version,
  item,
  canEdit,
}: {
  caseId: string;
  version: number;
  item: EvidenceDetail["evidence"][number];
  canEdit: boolean;
}) {
  const { t } = useTranslation("case");
  const refresh = useRefresh();
  const [custody, setCustody] = useState({ action: "transferred", holder: "", onDate: "" });
  const [use, setUse] = useState({ purpose: "", consentOn: "", consentBy: "" });
  const link = useMutation({
    mutationFn: () => api(`/cases/${caseId}/evidence/${item.id}/custody`, { method: "POST", body: { ...custody, version } }),
    onSuccess: () => void refresh(),
    onError: reloadOnConflict(refresh),
  });
  const used = useMutation({
    mutationFn: () =>
      api(`/cases/${caseId}/evidence/${item.id}/uses`, {
        method: "POST",
        body: { version, purpose: use.purpose, consentOn: use.consentOn || null, consentBy: use.consentBy || null },
      }),
    onSuccess: () => void refresh(),
    onError: reloadOnConflict(refresh),
  });
  return (
    <div className="card stack">
      <p>
        <strong>{item.description}</strong> {item.sha256 ? <code className="muted">SHA-256 {item.sha256.slice(0, 16)}…</code> : null}
      </p>
      <p className="muted">{t("evidence.mayBeUsedFor", { purposes: item.permittedPurposes.join("; ") })}</p>
      <ol>
        {item.custody.map((k) => (
          <li key={`${k.onDate}-${k.action}-${k.holder}`}>
            {t("evidence.custodyLine", {
              date: formatDate(k.onDate),
              action: t(`custodyActions.${k.action}`, { defaultValue: k.action }),
              holder: k.holder,
            })}
          </li>
        ))}
      </ol>
      {item.uses.length > 0 && (
        <ul>
          {item.uses.map((u) => (
            <li key={`${u.purpose}-${u.consentOn ?? ""}`}>
              {u.consentBy
                ? t("evidence.usedWithConsent", { purpose: u.purpose, by: u.consentBy, on: u.consentOn ? formatDate(u.consentOn) : "" })
                : t("evidence.usedWithin", { purpose: u.purpose })}
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <div className="inline-form">
          <label>
            {t("evidence.custody")}
            <select value={custody.action} onChange={(e) => setCustody({ ...custody, action: e.target.value })}>
              {["held", "transferred", "sent", "returned"].map((a) => (
                <option key={a} value={a}>
                  {t(`custodyActions.${a}`, { defaultValue: a })}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("evidence.custodyHolder")}
            <input value={custody.holder} onChange={(e) => setCustody({ ...custody, holder: e.target.value })} maxLength={LIMITS.holder} />
          </label>
          <label>
            {t("evidence.on")}
            <input type="date" value={custody.onDate} onChange={(e) => setCustody({ ...custody, onDate: e.target.value })} />
          </label>
          <button type="button" onClick={() => link.mutate()}>
            {t("evidence.addToChain")}
          </button>
          <label>
            {t("evidence.useFor")}
            <input value={use.purpose} onChange={(e) => setUse({ ...use, purpose: e.target.value })} maxLength={LIMITS.usePurpose} />
          </label>
          <label>
            {t("evidence.consentOn")}
            <input type="date" value={use.consentOn} onChange={(e) => setUse({ ...use, consentOn: e.target.value })} />
          </label>
          <label>
            {t("evidence.consentBy")}
            <input value={use.consentBy} onChange={(e) => setUse({ ...use, consentBy: e.target.value })} maxLength={LIMITS.consentBy} />
          </label>
          <button type="button" onClick={() => used.mutate()}>
            {t("evidence.recordUse")}
          </button>
        </div>
      )}
      {(link.error || used.error) && (
        <p className="error" role="alert">
          {errorWords(link.error ?? used.error)}
        </p>
      )}
    </div>
  );
}
