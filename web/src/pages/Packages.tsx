/**
 * Signed packages, for a partner the network does not reach (issue 13 §3): the case's message as a zip
 * signed by this node, to send by e-mail or diplomatic bag, and the import of a partner's package,
 * verified against its key and applied once like a message received through the exchange.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError, apiFile } from "../api";
import { useTranslation } from "react-i18next";
import { type Kind, kindWords, reasonText } from "../exchange";
import { Link } from "../Link";
import { errorWords } from "../components/ErrorWords";

interface ImportResult {
  outcome: "applied" | "held" | "already_received" | "refused";
  reason?: string;
  detail?: string;
  partner?: { authority: string; jurisdiction: string };
  message?: { kind: Kind; seq: number };
  caseId?: string | null;
  caseReference?: string | null;
}

/** Downloads the case's signed package; for a request never sent, this sends it. */
export function PackageExport({ caseId, version, sendsRequest }: { caseId: string; version: number; sendsRequest: boolean }) {
  const { t } = useTranslation("exchange");
  const qc = useQueryClient();
  const [saved, setSaved] = useState<string | null>(null);
  const download = useMutation({
    mutationFn: () => apiFile(`/cases/${caseId}/package`, { body: { version } }),
    onSuccess: ({ blob, filename }) => {
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = filename ?? "package.zip";
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setSaved(a.download);
      void qc.invalidateQueries({ queryKey: ["cases"] });
      void qc.invalidateQueries({ queryKey: ["exchange"] });
    },
  });
  return (
    <div className="stack">
      <p className="muted">{sendsRequest ? t("packages.exportSends") : t("packages.exportAgain")}</p>
      <div>
        <button type="button" disabled={download.isPending} onClick={() => download.mutate()}>
          {sendsRequest ? t("packages.sendButton") : t("packages.downloadButton")}
        </button>
      </div>
      {saved && (
        <p className="ok" role="status">
          {t("packages.savedAs", { filename: saved })}
        </p>
      )}
      {download.error && (
        <p className="error" role="alert">
          {errorWords(download.error)}
        </p>
      )}
    </div>
  );
}

/** Imports a partner's signed package (a zip received by e-mail or diplomatic bag). */
export function PackageImport() {
  const { t } = useTranslation("exchange");
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const load = useMutation({
    mutationFn: async () => {
      if (!file) throw new Error(t("packages.chooseFirst"));
      const { blob } = await apiFile("/exchange/packages", { bytes: file, contentType: "application/zip" });
      return JSON.parse(await blob.text()) as ImportResult;
    },
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: ["cases"] });
      void qc.invalidateQueries({ queryKey: ["exchange"] });
    },
  });
  const r = load.data;
  const what = r?.message
    ? r.partner
      ? t("packages.kindFrom", { kind: kindWords(r.message.kind), partner: r.partner.authority })
      : kindWords(r.message.kind)
    : t("packages.thePackage");
  return (
    <form
      className="stack"
      data-testid="package-import"
      onSubmit={(e) => {
        e.preventDefault();
        load.mutate();
      }}
    >
      <label>
        {t("packages.fileLabel")}
        <input type="file" accept=".zip,application/zip" onChange={(e) => setFile(e.target.files?.[0] ?? null)} required />
      </label>
      <div>
        <button type="submit" disabled={load.isPending || !file}>
          {t("packages.import")}
        </button>
      </div>
      {r && (
        <p className={r.outcome === "refused" ? "error" : "ok"} role="status">
          {r.outcome === "applied" && t("packages.applied", { what })}
          {r.outcome === "held" && t("packages.held", { what })}
          {r.outcome === "already_received" && t("packages.alreadyReceived", { what })}
          {r.outcome === "refused" && t("packages.refused", { reason: reasonText(`${r.reason}: ${r.detail}`) })}{" "}
          {r.caseId && <Link to={`/cases/${r.caseId}`}>{t("packages.openCase", { reference: r.caseReference ?? "" })}</Link>}
        </p>
      )}
      {load.error && (
        <p className="error" role="alert">
          {load.error instanceof ApiError && load.error.code === "package_refused"
            ? t("packages.refusedNothingApplied", { reason: reasonText(load.error.message) })
            : errorWords(load.error)}
        </p>
      )}
    </form>
  );
}
