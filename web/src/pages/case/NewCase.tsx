/** Opening a case: direction, states, confidentiality, the request's particulars, measures and access list. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { MEASURES } from "../../../../src/law/codes";
import { MEASURE_WORDS } from "../../../../src/law/measure-words";
import { currentLanguage } from "../../i18n";
import { type Confidentiality, api } from "../../api";
import { navigate } from "../../router";
import { AccessChecklist, type CaseDetailData, LEVELS, useColleagues } from "./common";
import { JurisdictionPicker } from "../../components/JurisdictionPicker";
import { measureLabel } from "../../labels";
import { errorWords } from "../../components/ErrorWords";

/** Today in the officer's own calendar (the server allows for every time zone). */
function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

export function NewCase() {
  const { t } = useTranslation("cases");
  // The measures in the officer's language; the English words are the request documents' own.
  const words = MEASURE_WORDS[currentLanguage()];
  const measureWords = (m: string) => words[m as keyof typeof words] ?? measureLabel(m);
  const qc = useQueryClient();
  const colleagues = useColleagues();
  const [form, setForm] = useState({
    direction: "outgoing",
    title: "",
    requesting: "",
    requested: "",
    confidentiality: "normal" as Confidentiality,
  });
  const [access, setAccess] = useState<string[]>([]);
  // "Received on" is today unless the officer says otherwise: most requests are registered the day they arrive.
  const [details, setDetails] = useState({ requestDate: "", receivedOn: localToday(), theirReference: "", authority: "" });
  const [wanted, setWanted] = useState<Record<string, string>>({});
  // One key per form: a double click or a retried submission never opens two cases.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const create = useMutation({
    mutationFn: () =>
      api<CaseDetailData>("/cases", {
        method: "POST",
        headers: { "idempotency-key": idempotencyKey },
        body: {
          ...form,
          accessList: access,
          requestDate: details.requestDate || undefined,
          receivedOn: form.direction === "incoming" ? details.receivedOn || undefined : undefined,
          theirReference: details.theirReference || null,
          authority: details.authority || null,
          measures: Object.entries(wanted).map(([measure, description]) => ({
            measure,
            description: description || measureLabel(measure),
          })),
        },
      }),
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: ["cases"] });
      navigate(`/cases/${c.id}`);
    },
  });
  return (
    <div className="card">
      <h2>{t("newCase.title")}</h2>
      <form
        className="form-grid case-form"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <label>
          {t("newCase.direction")}
          <select value={form.direction} onChange={(e) => setForm({ ...form, direction: e.target.value })}>
            <option value="outgoing">{t("newCase.outgoing")}</option>
            <option value="incoming">{t("newCase.incoming")}</option>
          </select>
        </label>
        <label>
          {t("newCase.caseTitle")}
          <input value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} required minLength={3} maxLength={300} />
        </label>
        <JurisdictionPicker
          label={t("newCase.requesting")}
          value={form.requesting}
          onChange={(code) => setForm({ ...form, requesting: code })}
          required
        />
        <JurisdictionPicker
          label={t("newCase.requested")}
          value={form.requested}
          onChange={(code) => setForm({ ...form, requested: code })}
          required
        />
        <label>
          {t("newCase.confidentiality")}
          <select value={form.confidentiality} onChange={(e) => setForm({ ...form, confidentiality: e.target.value as Confidentiality })}>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {t(`common:confidentiality.${l}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("newCase.requestDate")}
          <input
            type="date"
            value={details.requestDate}
            max={localToday()}
            onChange={(e) => setDetails({ ...details, requestDate: e.target.value })}
          />
          <span className="hint">{t("newCase.requestDateHint")}</span>
        </label>
        {form.direction === "incoming" && (
          <label>
            {t("newCase.receivedOn")}
            <input
              type="date"
              value={details.receivedOn}
              max={localToday()}
              min={details.requestDate || undefined}
              onChange={(e) => setDetails({ ...details, receivedOn: e.target.value })}
            />
            <span className="hint">{t("newCase.receivedOnHint")}</span>
          </label>
        )}
        <label>
          {t("newCase.theirReference")}
          <input
            value={details.theirReference}
            maxLength={100}
            onChange={(e) => setDetails({ ...details, theirReference: e.target.value })}
          />
        </label>
        <label>
          {t("newCase.authority")}
          <input value={details.authority} maxLength={300} onChange={(e) => setDetails({ ...details, authority: e.target.value })} />
        </label>
        <fieldset className="measure-picks">
          <legend>{t("newCase.measures")}</legend>
          {MEASURES.map((m) => (
            <span key={m} className="measure-pick">
              <label className="check">
                <input
                  type="checkbox"
                  checked={m in wanted}
                  onChange={(e) => {
                    const next = { ...wanted };
                    if (e.target.checked) next[m] = "";
                    else delete next[m];
                    setWanted(next);
                  }}
                />
                {measureWords(m)}
              </label>
              {m in wanted && (
                <input
                  aria-label={t("newCase.whatIsAsked", { measure: measureWords(m) })}
                  value={wanted[m]}
                  onChange={(e) => setWanted({ ...wanted, [m]: e.target.value })}
                  placeholder={t("newCase.whatExactly")}
                  maxLength={2000}
                />
              )}
            </span>
          ))}
        </fieldset>
        <AccessChecklist chosen={access} onChange={setAccess} users={colleagues.data ?? []} />
        <button type="submit" disabled={create.isPending}>
          {t("newCase.open")}
        </button>
      </form>
      <p className="muted">{t("newCase.accessNote")}</p>
      {create.error && (
        <p className="error" role="alert">
          {errorWords(create.error)}
        </p>
      )}
    </div>
  );
}
