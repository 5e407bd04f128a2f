/** The top of a case page: its state, what is due next and by when, the basis in one line, who holds it. */
import { Trans, useTranslation } from "react-i18next";
import { label as codeLabel, longDate, regionName } from "../../format";
import { ENGLISH_SLOT, withParts } from "../../components/English";
import { InstrumentTitle, useInstrumentTitles } from "../../components/InstrumentTitle";
import { instrumentName } from "../CaseWork";
import { type CaseDetailData, ConfidentialityBadge } from "./common";

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
};

export function CaseSummary({ c }: { c: CaseDetailData }) {
  const { t } = useTranslation("case");
  const next = c.deadlines[0];
  const basis = instrumentName(c, c.basisInstrument, t("basis.noneRecorded"));
  const titles = useInstrumentTitles();
  const title = <InstrumentTitle inst={c.basisInstrument ? titles.get(c.basisInstrument) : undefined} english={basis} />;
  // The facts of the request in one whole sentence per case, so each language orders its own.
  const words = {
    // States by name in the reader's language, not by code.
    from: regionName(c.requesting),
    to: regionName(c.requested),
    dated: c.requestDate ? longDate(c.requestDate) : "",
    received: c.receivedOn ? longDate(c.receivedOn) : "",
  };
  const facts =
    c.direction === "outgoing"
      ? c.requestDate
        ? t("summary.facts.outgoingDated", words)
        : t("summary.facts.outgoing", words)
      : c.receivedOn
        ? c.requestDate
          ? t("summary.facts.incomingDatedReceived", words)
          : t("summary.facts.incomingReceived", words)
        : c.requestDate
          ? t("summary.facts.incomingDated", words)
          : t("summary.facts.incoming", words);
  const overdue = next !== undefined && next.due < today();
  return (
    <section className="case-summary" aria-label={t("summary.label")} data-testid="case-summary">
      <dl>
        <div>
          <dt>{t("summary.state")}</dt>
          <dd>
            <strong data-testid="case-state">{t(`stateInline.${c.state}`, { defaultValue: codeLabel(c.state) })}</strong>
          </dd>
        </div>
        <div>
          <dt>{t("summary.dueNext")}</dt>
          <dd data-testid="due-next">
            {next ? (
              <>
                <Trans
                  t={t}
                  i18nKey="summary.dueBy"
                  values={{ what: t(`summary.due.${next.kind}`, { defaultValue: codeLabel(next.kind) }), date: longDate(next.due) }}
                  components={{ strong: <strong /> }}
                />
                {overdue && <span className="badge overdue"> {t("summary.overdue")}</span>}
              </>
            ) : (
              t("summary.nothingDue")
            )}
          </dd>
        </div>
        <div>
          <dt>{t("summary.basis")}</dt>
          <dd data-testid="basis-line">
            {/* The instrument's official title in the reader's language where it has one, else the English, marked. */}
            {c.basisInstrument
              ? c.requestDate
                ? withParts(t("summary.basisOn", { basis: ENGLISH_SLOT[0], date: longDate(c.requestDate) }), title)
                : title
              : basis}
          </dd>
        </div>
        <div>
          <dt>{t("summary.heldBy")}</dt>
          <dd>{c.officer ?? t("summary.noOfficer")}</dd>
        </div>
      </dl>
      <p className="case-facts">
        {facts} <ConfidentialityBadge level={c.confidentiality} />
        {c.theirReference ? ` ${t("summary.theirReference", { reference: c.theirReference })}` : ""}
        {c.authority ? ` ${t("summary.authority", { authority: c.authority })}` : ""}
      </p>
    </section>
  );
}
