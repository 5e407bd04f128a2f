import { useTranslation } from "react-i18next";
import { offenceSchema } from "../../../../../src/drafting/draft";
import { OFFENCE_FAMILIES } from "../../../../../src/law/codes";
import { iccsChoices } from "../../../labels";
import { label } from "../../../format";
import { ListEditor, Text, Why } from "../fields";
import type { StepProps } from "../model";

/** The offences, their provisions and penalties. */
export function OffencesStep({ content: d, update, check }: StepProps) {
  const { t } = useTranslation("drafts");
  return (
    <>
      <Why check={check} field="offences" />
      <ListEditor
        items={d.offences}
        empty={offenceSchema.parse({})}
        onChange={(v) => update((x) => ({ ...x, offences: v }))}
        addLabel={t("offences.add")}
        render={(o, change) => (
          <div className="form-grid">
            <Text label={t("offences.offence")} value={o.name} onChange={(v) => change({ ...o, name: v })} />
            <Text label={t("offences.provision")} value={o.provision} onChange={(v) => change({ ...o, provision: v })} />
            <Text label={t("offences.text")} long value={o.text} onChange={(v) => change({ ...o, text: v })} />
            <Text label={t("offences.penalty")} value={o.penalty} onChange={(v) => change({ ...o, penalty: v })} />
            <label>
              {t("offences.iccs")}
              <select value={o.iccs ?? ""} onChange={(e) => change({ ...o, iccs: e.target.value || null })}>
                <option value="">{t("offences.iccsNone")}</option>
                {iccsChoices().map((s) => (
                  <option key={s.code} value={s.code}>
                    {s.label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t("offences.family")}
              <select value={o.family ?? ""} onChange={(e) => change({ ...o, family: (e.target.value || null) as typeof o.family })}>
                <option value="">—</option>
                {OFFENCE_FAMILIES.map((f) => (
                  <option key={f} value={f}>
                    {label(f)}
                  </option>
                ))}
              </select>
            </label>
          </div>
        )}
      />
    </>
  );
}
