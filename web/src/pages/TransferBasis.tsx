/**
 * The "Transfer basis" explorer (issue 15 §2): a sentencing state, an administering state and the date of
 * the request in; out comes the instrument that would govern the transfer, its conditions with their
 * articles, and why other instruments do not apply. Computed in the browser with the server's own engine
 * (src/law/transfer.ts) on the knowledge base; the URL keeps the query for sharing.
 */
import { useId, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { LawInputError } from "../../../src/law/errors";
import { parseTransferQuery, resolveTransfer } from "../../../src/law/transfer";
import { En } from "../components/English";
import { JurisdictionPicker } from "../components/JurisdictionPicker";
import { TranslatedLawNote } from "../components/TranslatedLawNote";
import { useKnowledge } from "../knowledge";
import { navigate } from "../router";
import { TransferLaw } from "./transfer/Conditions";

export function TransferBasis({ search }: { search: string }) {
  const { t } = useTranslation("transfers");
  const kb = useKnowledge();
  const q = new URLSearchParams(search);
  const from = q.get("from") ?? "";
  const to = q.get("to") ?? "";
  const on = q.get("on") ?? new Date().toISOString().slice(0, 10);
  const onId = useId();
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(search);
    if (v) next.set(k, v);
    else next.delete(k);
    if (!next.get("on")) next.set("on", on);
    navigate(`/transfer-basis?${next.toString()}`, true);
  };
  const answer = useMemo(() => {
    if (!kb.data || !from || !to) return null;
    try {
      return { law: resolveTransfer(kb.data, parseTransferQuery({ from, to, on })) };
    } catch (err) {
      if (err instanceof LawInputError) return { error: err.message };
      throw err;
    }
  }, [kb.data, from, to, on]);
  return (
    <section className="tsp-explorer">
      <h1>{t("explorer.title")}</h1>
      <p>{t("explorer.intro")}</p>
      <form className="tsp-form" onSubmit={(e) => e.preventDefault()}>
        <JurisdictionPicker label={t("explorer.from")} value={from} onChange={(c) => set("from", c)} name="from" />
        <JurisdictionPicker label={t("explorer.to")} value={to} onChange={(c) => set("to", c)} name="to" />
        <label htmlFor={onId}>
          {t("explorer.on")}
          <input id={onId} type="date" value={on} onChange={(e) => set("on", e.target.value)} />
          <span className="hint">{t("explorer.onHint")}</span>
        </label>
      </form>
      <TranslatedLawNote />
      {!answer ? <p className="muted">{t("explorer.choose")}</p> : null}
      {answer && "error" in answer ? (
        <p className="error" role="alert">
          <En>{answer.error}</En>
        </p>
      ) : null}
      {answer && "law" in answer && answer.law ? <TransferLaw law={answer.law} kb={kb.data} /> : null}
    </section>
  );
}
