/**
 * The law of a transfer on screen (issue 15 §2): the governing instrument, each condition with its status
 * and article, where consent is not needed, and why other instruments do not apply. Shared by the
 * "Transfer basis" explorer and the transfer case page; the words are the `transfers` namespace's, the
 * law's own texts are shown in the reader's language where translated (knowledge/translations).
 */
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { KnowledgeBase } from "../../../../src/law/knowledge";
import type { ConditionAnswer, TransferAnswer } from "../../../../src/law/transfer";
import { citeLabel, citeWords } from "../../../../src/law/warnings";
import { EngineWords, EngineWordsList } from "../../engineWords";
import { En } from "../../components/English";
import { formatDate, formatNumber, regionName } from "../../format";
import { useLawText } from "../../lawText";
import "./transfer.css";

/** A knowledge text in the reader's language, or its English marked as such. */
export function LawString({ english }: { english: string }) {
  const { translate } = useLawText();
  const said = translate(english);
  return said ?? <En>{english}</En>;
}

/** A citation in the reader's language ("Convention…, art. 3(1)(c)"). */
export function Cite({ kb, provision, cite }: { kb: KnowledgeBase | undefined; provision: string; cite: string }) {
  if (!kb) return <En>{cite}</En>;
  return <EngineWords words={citeWords(kb, { provision, cite })} english={citeLabel(kb, { provision, cite })} kb={kb} />;
}

const DATE_PARAMS = new Set(["day", "ends", "on"]);

/** The reason of a condition's status in words: dates and states in the reader's language. */
export function reasonText(t: TFunction<"transfers">, c: Pick<ConditionAnswer, "reasonKey" | "params">): string {
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.params)) {
    if (DATE_PARAMS.has(k)) params[k] = formatDate(String(v));
    else if (k === "state") params[k] = regionName(String(v));
    else if (k === "states")
      params[k] = String(v)
        .split(", ")
        .map((s) => regionName(s))
        .join(", ");
    else params[k] = typeof v === "number" ? formatNumber(v) : String(v);
  }
  return t(`reason.${c.reasonKey}`, params);
}

/** One condition: status, what it requires, its article, why. */
function ConditionRow({ c, kb }: { c: ConditionAnswer; kb: KnowledgeBase | undefined }) {
  const { t } = useTranslation("transfers");
  return (
    <li className={`tsp-condition tsp-${c.status}`} data-testid={`condition-${c.condition}`} data-status={c.status}>
      <span className={`tsp-badge tsp-badge-${c.status}`}>{t(`status.${c.status}`)}</span>
      <div className="tsp-condition-body">
        <strong>{t(`condition.${c.condition}`)}</strong>
        <span className="tsp-cite">
          <Cite kb={kb} provision={c.provision} cite={c.cite} />
        </span>
        <span>{reasonText(t, c)}</span>
        {c.by ? (
          <span className="muted">
            {t("by")}: <Cite kb={kb} provision={c.by.provision} cite={c.by.cite} />
          </span>
        ) : null}
        <details>
          <summary className="muted">
            <LawString english={c.summary} />
          </summary>
        </details>
      </div>
    </li>
  );
}

/** The whole answer: outcome, governing instrument with its conditions, consent dispensed, not applicable. */
export function TransferLaw({ law, kb }: { law: TransferAnswer; kb: KnowledgeBase | undefined }) {
  const { t } = useTranslation("transfers");
  const first = law.bases[0];
  return (
    <div className="tsp-law" data-testid="transfer-law" data-outcome={law.outcome}>
      <p className={`tsp-outcome tsp-outcome-${law.outcome}`} role="status">
        {t(`outcome.${law.outcome}`)}
      </p>
      {law.bases.map((b) => (
        <section key={b.instrument} className="card">
          <h3>
            {t("basis.heading")}: <LawString english={b.title} />
          </h3>
          {b.inForceSince ? <p className="muted">{t("basis.inForceSince", { date: formatDate(b.inForceSince) })}</p> : null}
          {b.protocols.map((p) => (
            <p key={p.instrument} className="muted">
              {t("basis.protocol")}: <LawString english={p.title} />
            </p>
          ))}
          {b.conditionsUntranscribed ? <p>{t("basis.untranscribed")}</p> : null}
        </section>
      ))}
      {first && law.conditions.length > 0 ? (
        <section>
          <h3>{t("conditionsHeading")}</h3>
          <ul className="tsp-conditions">
            {law.conditions.map((c) => (
              <ConditionRow key={c.provision} c={c} kb={kb} />
            ))}
          </ul>
        </section>
      ) : null}
      {first && first.consentDispensed.length > 0 ? (
        <section>
          <h3>{t("basis.consentHeading")}</h3>
          <ul>
            {first.consentDispensed.map((d) => (
              <li key={d.provision}>
                <Cite kb={kb} provision={d.provision} cite={d.cite} />: <LawString english={d.summary} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {first && first.rules.length > 0 ? (
        <details>
          <summary>{t("basis.rulesHeading")}</summary>
          <ul>
            {first.rules.map((r) => (
              <li key={r.provision}>
                <Cite kb={kb} provision={r.provision} cite={r.cite} />: <LawString english={r.summary} />
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {law.notApplicable.length > 0 ? (
        <details open={law.outcome === "no_basis"}>
          <summary>{t("basis.notApplicableHeading")}</summary>
          <ul>
            {law.notApplicable.map((n) => (
              <li key={n.instrument} data-testid={`not-applicable-${n.instrument}`}>
                <strong>
                  <LawString english={kb?.instruments.get(n.instrument)?.title ?? n.instrument} />
                </strong>
                : <EngineWordsList list={n.reasonWords} english={n.reason} kb={kb} />
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
