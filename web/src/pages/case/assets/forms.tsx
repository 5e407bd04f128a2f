/**
 * The forms of the Assets tab: register an asset (its identifiers checked as the server checks them),
 * record its next step (only the steps its status allows; the server refuses what the basis does not
 * provide, with the rule and its citation), share realised proceeds with the figures computed live by
 * the same exact-decimal code the server runs, and record a share's transfer.
 */
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { ASSET_KINDS, type AssetKind, CHAINS, identifierProblems } from "../../../../../src/assets/fields";
import type { Asset, CaseAssets } from "../../../../../src/assets/queries";
import { computeSharing } from "../../../../../src/assets/sharing";
import { LIMITS } from "../../../../../src/validation/limits";
import { api } from "../../../api";
import { errorWords } from "../../../components/ErrorWords";
import { regionName } from "../../../format";
import { useAfterWrite, useOnWriteError } from "./query";
import { formatMoney } from "./money";

const today = () => new Date().toISOString().slice(0, 10);

/** Which identifiers each kind asks for. */
const IDENTIFIERS_OF: Record<
  AssetKind,
  readonly ("iban" | "accountNumber" | "landRegistry" | "vin" | "registration" | "imo" | "wallet" | "companyRegistry")[]
> = {
  bank_account: ["iban", "accountNumber"],
  real_estate: ["landRegistry"],
  vehicle: ["vin", "registration"],
  vessel: ["imo", "registration"],
  company_share: ["companyRegistry"],
  crypto_asset: ["wallet"],
  cash: [],
  other: ["registration"],
};

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the child passed in, wrapped by the label.
    <label className="field">
      <span>{label}</span>
      {children}
    </label>
  );
}

/** Registers an asset traced in the case. */
export function AssetRegistration({ data }: { data: CaseAssets }) {
  const { t } = useTranslation("assets");
  const after = useAfterWrite(data.caseId);
  const onError = useOnWriteError(data.caseId);
  const [kind, setKind] = useState<AssetKind>("bank_account");
  const [f, setF] = useState<Record<string, string>>({ location: data.requested, currency: "EUR", valueOn: today(), chain: "bitcoin" });
  const [embezzled, setEmbezzled] = useState(false);
  const id = useId();
  // The rows of holders and of claims, each with the key it was created with.
  const [rows, setRows] = useState([`${id}-h0`]);
  const [claims, setClaims] = useState([`${id}-c0`]);
  const set = (k: string) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const ids = Object.fromEntries(IDENTIFIERS_OF[kind].filter((k) => f[k]?.trim()).map((k) => [k, f[k]?.trim() as string])) as Record<
    string,
    string
  >;
  if (kind === "crypto_asset" && ids.wallet) ids.chain = f.chain ?? "bitcoin";
  const problem = identifierProblems(ids)[0];
  const save = useMutation({
    mutationFn: () =>
      api<CaseAssets>(`/cases/${data.caseId}/assets`, {
        method: "POST",
        body: {
          version: data.caseVersion,
          kind,
          description: f.description ?? "",
          location: (f.location ?? "").toUpperCase(),
          identifiers: ids,
          holders: rows
            .map((_, i) => i)
            .filter((i) => f[`holder${i}`]?.trim())
            .map((i) => ({ name: f[`holder${i}`] ?? "", role: f[`holderRole${i}`]?.trim() || "holder" })),
          value: f.amount?.trim()
            ? { amount: f.amount.trim(), currency: (f.currency ?? "").toUpperCase(), on: f.valueOn, source: f.valueSource ?? "" }
            : null,
          thirdPartyClaims: claims
            .map((_, i) => i)
            .filter((i) => f[`claimant${i}`]?.trim())
            .map((i) => ({ claimant: f[`claimant${i}`] ?? "", right: f[`right${i}`] ?? "" })),
          embezzledPublicFunds: embezzled,
        },
      }),
    onError,
    onSuccess: (answer) => {
      after(answer);
      setF({ location: data.requested, currency: "EUR", valueOn: today(), chain: "bitcoin" });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!problem) save.mutate();
  };
  return (
    <form className="card form-grid asset-form" aria-label={t("register.heading")} onSubmit={submit}>
      <h3 className="span-all">{t("register.heading")}</h3>
      <Field label={t("fields.kind")}>
        <select value={kind} onChange={(e) => setKind(e.target.value as AssetKind)}>
          {ASSET_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kinds.${k}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("fields.description")}>
        <input required maxLength={LIMITS.description} value={f.description ?? ""} onChange={set("description")} />
      </Field>
      <Field label={t("fields.location")}>
        <input required pattern="[A-Za-z]{2}" maxLength={2} value={f.location ?? ""} onChange={set("location")} />
      </Field>
      {IDENTIFIERS_OF[kind].map((k) => (
        <Field key={k} label={t(`fields.${k}`)}>
          <input
            dir="ltr"
            maxLength={LIMITS.assetIdentifier}
            value={f[k] ?? ""}
            onChange={set(k)}
            aria-invalid={problem?.field === `identifiers.${k}`}
          />
        </Field>
      ))}
      {kind === "crypto_asset" && (
        <Field label={t("fields.chain")}>
          <select value={f.chain} onChange={set("chain")}>
            {CHAINS.map((c) => (
              <option key={c} value={c}>
                {t(`chains.${c}`)}
              </option>
            ))}
          </select>
        </Field>
      )}
      {problem && (
        <p className="error span-all" role="alert" data-testid="identifier-problem">
          {t(`errors:domain.${problem.key}`)}
        </p>
      )}
      {rows.map((k, i) => (
        <div key={k} className="span-all form-grid">
          <Field label={`${t("fields.holder")}${i > 0 ? ` ${i + 1}` : ""}`}>
            <input maxLength={LIMITS.personName} value={f[`holder${i}`] ?? ""} onChange={set(`holder${i}`)} />
          </Field>
          <Field label={`${t("fields.holderRole")}${i > 0 ? ` ${i + 1}` : ""}`}>
            <input maxLength={LIMITS.hearingRole} value={f[`holderRole${i}`] ?? ""} onChange={set(`holderRole${i}`)} />
          </Field>
        </div>
      ))}
      {rows.length < LIMITS.assetHolders && (
        <button type="button" className="span-all" onClick={() => setRows([...rows, `${id}-h${rows.length}`])}>
          {t("register.addHolder")}
        </button>
      )}
      <Field label={t("fields.value")}>
        <input inputMode="decimal" pattern="\d+(\.\d{1,4})?" value={f.amount ?? ""} onChange={set("amount")} />
      </Field>
      <Field label={t("fields.currency")}>
        <input pattern="[A-Za-z]{3}" maxLength={3} value={f.currency ?? ""} onChange={set("currency")} />
      </Field>
      <Field label={t("fields.valueOn")}>
        <input type="date" value={f.valueOn ?? ""} onChange={set("valueOn")} />
      </Field>
      <Field label={t("fields.valueSource")}>
        <input
          maxLength={LIMITS.valueSource}
          required={Boolean(f.amount?.trim())}
          value={f.valueSource ?? ""}
          onChange={set("valueSource")}
        />
      </Field>
      {claims.map((k, i) => (
        <div key={k} className="span-all form-grid">
          <Field label={`${t("fields.claimant")}${i > 0 ? ` ${i + 1}` : ""}`}>
            <input maxLength={LIMITS.personName} value={f[`claimant${i}`] ?? ""} onChange={set(`claimant${i}`)} />
          </Field>
          <Field label={`${t("fields.right")}${i > 0 ? ` ${i + 1}` : ""}`}>
            <input
              maxLength={LIMITS.claimRight}
              required={Boolean(f[`claimant${i}`]?.trim())}
              value={f[`right${i}`] ?? ""}
              onChange={set(`right${i}`)}
            />
          </Field>
        </div>
      ))}
      {claims.length < LIMITS.assetClaims && (
        <button type="button" className="span-all" onClick={() => setClaims([...claims, `${id}-c${claims.length}`])}>
          {t("register.addClaim")}
        </button>
      )}
      <label className="check">
        <input type="checkbox" checked={embezzled} onChange={(e) => setEmbezzled(e.target.checked)} /> {t("fields.embezzled")}
      </label>
      {save.error && (
        <p className="error span-all" role="alert">
          {errorWords(save.error)}
        </p>
      )}
      <button type="submit" disabled={save.isPending || Boolean(problem)}>
        {t("register.submit")}
      </button>
    </form>
  );
}

type StepKind = "freeze" | "renew" | "release" | "confiscate" | "realise" | "return" | "restitution";

/** The steps an asset's status allows (the server's MOVES). */
function nextSteps(a: Asset): StepKind[] {
  switch (a.status) {
    case "traced":
      return ["freeze", "confiscate", "release"];
    case "frozen":
      return ["renew", "confiscate", "release"];
    case "confiscated":
      return a.confiscation?.final ? ["realise"] : ["confiscate"];
    case "realised":
      return ["return", "restitution"];
    default:
      return [];
  }
}

/** Records the asset's next step. */
export function StepForm({ data, asset }: { data: CaseAssets; asset: Asset }) {
  const { t } = useTranslation("assets");
  const after = useAfterWrite(data.caseId);
  const onError = useOnWriteError(data.caseId);
  const steps = nextSteps(asset);
  const [step, setStep] = useState<StepKind | "">(steps[0] ?? "");
  const [f, setF] = useState<Record<string, string>>({ on: today(), currency: asset.value?.currency ?? "EUR" });
  const [final, setFinal] = useState(true);
  const set = (k: string) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const current = steps.includes(step as StepKind) ? (step as StepKind) : steps[0];
  const save = useMutation({
    mutationFn: () =>
      api<CaseAssets>(`/cases/${data.caseId}/assets/${asset.id}/steps`, {
        method: "POST",
        body: {
          version: data.caseVersion,
          step: current,
          on: f.on,
          order: f.order?.trim() || null,
          expiresOn: current === "freeze" || current === "renew" ? f.expiresOn || null : null,
          final: current === "confiscate" ? final : null,
          amount: f.amount?.trim() ? { amount: f.amount.trim(), currency: (f.currency ?? "").toUpperCase() } : null,
          recipient: f.recipient?.trim() || null,
          reference: f.reference?.trim() || null,
          note: f.note?.trim() || null,
        },
      }),
    onError,
    onSuccess: (answer) => {
      after(answer);
      setF({ on: today(), currency: f.currency ?? "EUR" });
    },
  });
  if (!current) return null;
  return (
    <form
      className="card form-grid asset-form"
      aria-label={t("stepForm.heading")}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h4 className="span-all">{t("stepForm.heading")}</h4>
      <Field label={t("fields.step")}>
        <select value={current} onChange={(e) => setStep(e.target.value as StepKind)}>
          {steps.map((s) => (
            <option key={s} value={s}>
              {t(`steps.${s}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("fields.on")}>
        <input type="date" required value={f.on ?? ""} onChange={set("on")} />
      </Field>
      {(current === "freeze" || current === "renew" || current === "confiscate") && (
        <Field label={t("fields.order")}>
          <input required={current !== "renew"} maxLength={LIMITS.reference} value={f.order ?? ""} onChange={set("order")} />
        </Field>
      )}
      {(current === "freeze" || current === "renew") && (
        <Field label={t("fields.expiresOn")}>
          <input type="date" required value={f.expiresOn ?? ""} onChange={set("expiresOn")} />
        </Field>
      )}
      {current === "confiscate" && (
        <label className="check">
          <input type="checkbox" checked={final} onChange={(e) => setFinal(e.target.checked)} /> {t("fields.final")}
        </label>
      )}
      {(current === "realise" || current === "return" || current === "restitution") && (
        <>
          <Field label={t("fields.amount")}>
            <input
              inputMode="decimal"
              required={current === "realise"}
              pattern="\d+(\.\d{1,4})?"
              value={f.amount ?? ""}
              onChange={set("amount")}
            />
          </Field>
          <Field label={t("fields.currency")}>
            <input pattern="[A-Za-z]{3}" maxLength={3} value={f.currency ?? ""} onChange={set("currency")} />
          </Field>
        </>
      )}
      {(current === "return" || current === "restitution") && (
        <>
          <Field label={t("fields.recipient")}>
            <input
              required
              maxLength={LIMITS.personName}
              value={f.recipient ?? (current === "return" ? regionName(data.requesting) : "")}
              onChange={set("recipient")}
            />
          </Field>
          <Field label={t("fields.reference")}>
            <input required maxLength={LIMITS.reference} value={f.reference ?? ""} onChange={set("reference")} />
          </Field>
        </>
      )}
      {save.error && (
        <p className="error span-all" role="alert" data-testid="step-error">
          {errorWords(save.error)}
        </p>
      )}
      <button type="submit" disabled={save.isPending}>
        {t("stepForm.submit")}
      </button>
    </form>
  );
}

/** Shares realised proceeds: costs first, the parties' percentages, an optional conversion; the figures live. */
export function SharingForm({ data, asset }: { data: CaseAssets; asset: Asset }) {
  const { t } = useTranslation("assets");
  const after = useAfterWrite(data.caseId);
  const onError = useOnWriteError(data.caseId);
  const id = useId();
  const [basis, setBasis] = useState<"basis" | "case_agreement" | "arrangement">("basis");
  const [f, setF] = useState<Record<string, string>>({ concludedOn: today(), costs: "0" });
  // Each row keeps the key it was created with, so editing or adding rows never remounts another.
  const [parts, setParts] = useState([
    { key: `${id}-0`, party: data.requesting, percent: "50" },
    { key: `${id}-1`, party: data.requested, percent: "50" },
  ]);
  const set = (k: string) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const proceeds = asset.proceeds;
  const conversion =
    f.convertTo?.trim() && f.rate?.trim()
      ? { currency: f.convertTo.trim().toUpperCase(), rate: f.rate.trim(), on: f.rateOn ?? today(), source: f.rateSource ?? "" }
      : null;
  let preview: ReturnType<typeof computeSharing> | null = null;
  let previewError: string | null = null;
  if (proceeds)
    try {
      preview = computeSharing({
        currency: proceeds.currency,
        gross: proceeds.amount,
        costs: f.costs?.trim() || "0",
        parts: parts.map(({ party, percent }) => ({ party, percent })),
        conversion,
      });
    } catch (e) {
      previewError = (e as Error).message;
    }
  const save = useMutation({
    mutationFn: () =>
      api<CaseAssets>(`/cases/${data.caseId}/assets/${asset.id}/sharing`, {
        method: "POST",
        body: {
          version: data.caseVersion,
          basis,
          instrumentId: basis === "arrangement" ? f.instrumentId?.trim() || null : null,
          reference: f.reference ?? "",
          concludedOn: f.concludedOn,
          costs: f.costs?.trim() || "0",
          parts: parts.map(({ party, percent }) => ({ party, percent })),
          conversion,
        },
      }),
    onSuccess: after,
    onError,
  });
  if (!proceeds) return null;
  return (
    <form
      className="card form-grid asset-form"
      aria-label={t("sharing.heading")}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h4 className="span-all">{t("sharing.heading")}</h4>
      <Field label={t("fields.basis")}>
        <select value={basis} onChange={(e) => setBasis(e.target.value as typeof basis)}>
          {(["basis", "case_agreement", "arrangement"] as const).map((b) => (
            <option key={b} value={b}>
              {t(`sharingBases.${b}`)}
            </option>
          ))}
        </select>
      </Field>
      {basis === "arrangement" && (
        <Field label={t("fields.instrumentId")}>
          <input required value={f.instrumentId ?? ""} onChange={set("instrumentId")} />
        </Field>
      )}
      <Field label={t("fields.agreementReference")}>
        <input required maxLength={LIMITS.reference} value={f.reference ?? ""} onChange={set("reference")} />
      </Field>
      <Field label={t("fields.concludedOn")}>
        <input type="date" required value={f.concludedOn ?? ""} onChange={set("concludedOn")} />
      </Field>
      <Field label={t("fields.costs")}>
        <input inputMode="decimal" pattern="\d+(\.\d{1,4})?" value={f.costs ?? ""} onChange={set("costs")} />
      </Field>
      {parts.map((p, i) => (
        <fieldset key={p.key} className="share-part span-all inline-form">
          <legend>
            {t("fields.party")} {i + 1}
          </legend>
          <Field label={`${t("fields.party")} ${i + 1}`}>
            <input
              required
              value={p.party}
              onChange={(e) => setParts(parts.map((x, j) => (j === i ? { ...x, party: e.target.value } : x)))}
            />
          </Field>
          <Field label={`${t("fields.percent")} ${i + 1}`}>
            <input
              inputMode="decimal"
              required
              value={p.percent}
              onChange={(e) => setParts(parts.map((x, j) => (j === i ? { ...x, percent: e.target.value } : x)))}
            />
          </Field>
        </fieldset>
      ))}
      {parts.length < LIMITS.shareParties && (
        <button type="button" onClick={() => setParts([...parts, { key: `${id}-${Date.now()}`, party: "", percent: "0" }])}>
          {t("sharing.addParty")}
        </button>
      )}
      <Field label={t("fields.convertTo")}>
        <input pattern="[A-Za-z]{3}" maxLength={3} value={f.convertTo ?? ""} onChange={set("convertTo")} />
      </Field>
      {f.convertTo?.trim() && (
        <>
          <Field label={t("fields.rate")}>
            <input inputMode="decimal" required value={f.rate ?? ""} onChange={set("rate")} />
          </Field>
          <Field label={t("fields.rateOn")}>
            <input type="date" required value={f.rateOn ?? ""} onChange={set("rateOn")} />
          </Field>
          <Field label={t("fields.rateSource")}>
            <input required maxLength={LIMITS.valueSource} value={f.rateSource ?? ""} onChange={set("rateSource")} />
          </Field>
        </>
      )}
      <div className="table-scroll span-all">
        <table className="data" data-testid="share-preview">
          <caption>{t("sharing.preview")}</caption>
          <tbody>
            <tr>
              <th scope="row">{t("sharing.gross")}</th>
              <td>{formatMoney(proceeds.amount, proceeds.currency)}</td>
            </tr>
            {preview && (
              <>
                <tr>
                  <th scope="row">{t("sharing.net")}</th>
                  <td data-testid="preview-net">{formatMoney(preview.net, preview.currency)}</td>
                </tr>
                {preview.shares.map((s, i) => (
                  <tr key={parts[i]?.key}>
                    <th scope="row">{s.party.length === 2 ? regionName(s.party) : s.party}</th>
                    <td data-testid="preview-share">
                      {formatMoney(s.amount, preview.currency)}
                      {s.converted && preview.conversion ? ` (${formatMoney(s.converted, preview.conversion.currency)})` : ""}
                    </td>
                  </tr>
                ))}
              </>
            )}
          </tbody>
        </table>
      </div>
      {previewError && (
        <p className="error span-all" role="alert">
          <span lang="en">{previewError}</span>
        </p>
      )}
      <p className="muted span-all">{t("sharing.rounding")}</p>
      {save.error && (
        <p className="error span-all" role="alert" data-testid="sharing-error">
          {errorWords(save.error)}
        </p>
      )}
      <button type="submit" disabled={save.isPending || previewError !== null}>
        {t("sharing.submit")}
      </button>
    </form>
  );
}

/** Records the transfer of one share with its reference. */
export function TransferButton({
  caseId,
  version,
  assetId,
  shareId,
}: {
  caseId: string;
  version: number;
  assetId: string;
  shareId: string;
}) {
  const { t } = useTranslation("assets");
  const after = useAfterWrite(caseId);
  const onError = useOnWriteError(caseId);
  const [reference, setReference] = useState("");
  const save = useMutation({
    mutationFn: () =>
      api<CaseAssets>(`/cases/${caseId}/assets/${assetId}/transfers`, {
        method: "POST",
        body: { version, shareId, reference, on: today() },
      }),
    onSuccess: after,
    onError,
  });
  return (
    <form
      className="inline-form"
      aria-label={t("sharing.recordTransfer")}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Field label={t("fields.reference")}>
        <input required maxLength={LIMITS.reference} value={reference} onChange={(e) => setReference(e.target.value)} />
      </Field>
      <button type="submit" disabled={save.isPending}>
        {t("sharing.recordTransfer")}
      </button>
      {save.error && <span className="error">{errorWords(save.error)}</span>}
    </form>
  );
}
