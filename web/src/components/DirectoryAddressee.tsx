/**
 * The requested state's central authority from the directory, with the languages it accepts (issue 16
 * §1): shown by the request writer for the chosen instrument and by the exchange's "Send to …".
 */
import { useTranslation } from "react-i18next";
import { regionName } from "../format";
import { Link } from "../Link";
import { languageName, useDirectory } from "../pages/Directory";

export function DirectoryAddressee({
  jurisdiction,
  instrument,
  authority,
}: {
  jurisdiction: string;
  instrument?: string;
  authority?: string;
}) {
  // Without suspending: the first time the block appears (a measure ticked on the basis step) the
  // "directory" words load, and suspending there would undo the click that made it appear.
  const { t, ready } = useTranslation("directory", { useSuspense: false });
  const { data } = useDirectory(jurisdiction, instrument, jurisdiction !== "");
  if (!jurisdiction || !data || !ready) return null;
  const central = data.entries.filter((e) => e.role === "central");
  // The partner's own entry first (its identity names it), then the others of its state.
  const shown = [...central.filter((e) => e.authority === authority), ...central.filter((e) => e.authority !== authority)].slice(0, 3);
  const link = `/directory?jurisdiction=${jurisdiction}${instrument ? `&instrument=${instrument}` : ""}`;
  return (
    <div className="directory-addressee" data-testid="directory-addressee">
      <h4>{t("addressee.title")}</h4>
      {shown.length === 0 ? <p className="hint">{t("addressee.none", { state: regionName(jurisdiction) })}</p> : null}
      {shown.map((e) => {
        const languages = [
          ...new Set(e.languages.filter((l) => !instrument || !l.instrument || l.instrument === instrument).flatMap((l) => l.languages)),
        ];
        return (
          <div key={e.id}>
            <strong>{e.authority}</strong>
            <div className="meta">
              {languages.length
                ? t("addressee.languages", { languages: languages.map(languageName).join(", ") })
                : t("addressee.noLanguages")}
            </div>
            <div className="meta">
              {t("source")}: {e.source.document}
              {e.source.article ? `, ${e.source.article}` : ""}
            </div>
          </div>
        );
      })}
      <Link to={link}>{t("addressee.open")}</Link>
    </div>
  );
}
