/**
 * Hearings by video link on the case's measures tab (issue 15 §3): the law that governs them, a form to
 * schedule one with each side's time zone and both local times shown live (daylight saving included),
 * the list with each hearing's status, its invitation (.ics) and the record of what happened.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { CaseHearings, Hearing, HearingOutcome } from "../../../../src/hearings/hearings";
import type { HearingLaw } from "../../../../src/hearings/law";
import { defaultZone, ianaZones, instantOf, isIanaZone, localTime, zoneGap, zonesOf } from "../../../../src/hearings/zones";
import { LIMITS } from "../../../../src/validation/limits";
import { api, isVersionConflict } from "../../api";
import { En } from "../../components/English";
import { errorWords } from "../../components/ErrorWords";
import { currentLanguage } from "../../i18n";
import { formatDateTime, formatNumber, locale, regionName } from "../../format";
import type { CaseDetailData } from "./common";
import { useMeasureWords } from "./Measures";

/** The measures a hearing may execute (src/hearings/hearings.ts, HEARING_MEASURES). */
const HEARING_MEASURES = new Set(["testimony", "statements", "video_link"]);
const OUTCOMES: HearingOutcome[] = ["held", "adjourned", "witness_refused"];

/** A local date and time in a zone, as the reader's language writes it (English keeps ISO dates). */
function localText(instant: string, zone: string): string {
  const l = localTime(instant, zone);
  if (currentLanguage() === "en") return `${l.date} ${l.time}`;
  return new Intl.DateTimeFormat(locale(), { timeZone: zone, dateStyle: "medium", timeStyle: "short" }).format(new Date(instant));
}

/** The two sides' local times of a hearing side by side, and UTC. */
function LocalTimes({
  startsAt,
  endsAt,
  requesting,
  requested,
  requestingZone,
  requestedZone,
}: {
  startsAt: string;
  endsAt: string;
  requesting: string;
  requested: string;
  requestingZone: string;
  requestedZone: string;
}) {
  const { t } = useTranslation("hearings");
  const side = (which: "requesting" | "requested", state: string, zone: string) => {
    const start = localTime(startsAt, zone);
    const end = localTime(endsAt, zone);
    return (
      <div className="hearing-side" data-testid={`local-${which}`} data-local={`${start.date}T${start.time}`} data-zone={zone}>
        <span className="muted">
          {which === "requesting"
            ? t("local.requesting", { state: regionName(state) })
            : t("local.requested", { state: regionName(state) })}
        </span>
        <strong>
          {localText(startsAt, zone)} – {end.date === start.date ? end.time : localText(endsAt, zone)}
        </strong>
        <span className="muted">
          {/* An IANA zone's name is an identifier, the same in every language. */}
          <code dir="ltr">{zone}</code> · {t("local.offset", { offset: start.offset })}
          {start.dst ? ` · ${t("local.summer")}` : ""}
        </span>
      </div>
    );
  };
  return (
    <div className="hearing-times">
      {side("requesting", requesting, requestingZone)}
      {side("requested", requested, requestedZone)}
      <div className="hearing-side" data-testid="local-utc">
        <span className="muted">{t("local.utc")}</span>
        <strong>{formatDateTime(startsAt)}</strong>
      </div>
    </div>
  );
}

/** The provisions that govern hearings by video link on this case's basis, and whose law punishes perjury. */
function HearingLawPanel({ law, requesting, requested }: { law: HearingLaw; requesting: string; requested: string }) {
  const { t } = useTranslation("hearings");
  return (
    <aside className="hearing-law" data-testid="hearing-law">
      <h3>{t("law.heading")}</h3>
      {law.governing.length === 0 ? (
        <p>{t("law.noneGoverning")}</p>
      ) : (
        <ul>
          {law.governing.map((p) => (
            <li key={p.provision}>
              <strong>
                <En>{p.cite}</En>
              </strong>
              : <En>{p.summary}</En>
            </li>
          ))}
        </ul>
      )}
      {law.notGoverning.length > 0 && (
        <p className="muted">
          {t("law.notGoverning")}{" "}
          {law.notGoverning.map((p, i) => (
            <span key={p.provision}>
              {i > 0 ? "; " : ""}
              <En>{p.cite}</En>
            </span>
          ))}
        </p>
      )}
      <p data-testid="perjury-law">
        {t("law.perjury")}{" "}
        <strong>
          {law.perjury.law === "not_recorded"
            ? t("law.perjuryNotRecorded")
            : law.perjury.law === "requested_party"
              ? t("law.perjuryRequested", { state: regionName(requested) })
              : t("law.perjuryRequesting", { state: regionName(requesting) })}
        </strong>
        {law.perjury.law !== "not_recorded" && (
          <>
            {" "}
            (<En>{law.perjury.cite}</En>)
          </>
        )}
      </p>
    </aside>
  );
}

/** A searchable list of IANA zones (the jurisdiction's own first), with a note when the value is not one. */
function ZonePicker({
  label,
  jurisdiction,
  value,
  onChange,
}: {
  label: string;
  jurisdiction: string;
  value: string;
  onChange: (z: string) => void;
}) {
  const { t } = useTranslation("hearings");
  const id = useId();
  const zones = useMemo(() => {
    const own = zonesOf(jurisdiction);
    return [...own, ...ianaZones().filter((z) => !own.includes(z))];
  }, [jurisdiction]);
  const bad = value !== "" && !isIanaZone(value);
  return (
    <label>
      {label}
      <input
        list={`${id}-zones`}
        value={value}
        onChange={(e) => onChange(e.target.value.trim())}
        required
        maxLength={64}
        autoComplete="off"
        aria-invalid={bad}
      />
      <datalist id={`${id}-zones`}>
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      {value === "" && zonesOf(jurisdiction).length > 1 && (
        <span className="muted">{t("form.chooseZone", { state: regionName(jurisdiction) })}</span>
      )}
      {bad && <span className="error">{t("form.unknownZone")}</span>}
    </label>
  );
}

interface ParticipantRow {
  side: "requesting" | "requested";
  role: string;
  name: string;
}
interface InterpreterRow {
  name: string;
  languages: string;
}

/** The form to schedule a hearing for a testimony or statements measure. */
type EnteredIn = "requesting" | "requested" | "utc";

/** When a hearing is: the clock the time is entered in, the date, the time and the duration (scheduling and scheduling again). */
function WhenFields({
  c,
  when,
  set,
}: {
  c: CaseDetailData;
  when: { enteredIn: EnteredIn; date: string; time: string; duration: number };
  set: { enteredIn: (v: EnteredIn) => void; date: (v: string) => void; time: (v: string) => void; duration: (v: number) => void };
}) {
  const { t } = useTranslation("hearings");
  return (
    <>
      <label>
        {t("form.enteredIn")}
        <select value={when.enteredIn} onChange={(e) => set.enteredIn(e.target.value as EnteredIn)}>
          <option value="requested">{t("form.enteredInRequested", { state: regionName(c.requested) })}</option>
          <option value="requesting">{t("form.enteredInRequesting", { state: regionName(c.requesting) })}</option>
          <option value="utc">{t("form.enteredInUtc")}</option>
        </select>
      </label>
      <label>
        {t("form.date")}
        <input type="date" value={when.date} onChange={(e) => set.date(e.target.value)} required min="2000-01-01" max="2199-12-31" />
      </label>
      <label>
        {t("form.time")}
        <input type="time" value={when.time} onChange={(e) => set.time(e.target.value)} required />
      </label>
      <label>
        {t("form.duration")}
        <input
          type="number"
          value={when.duration}
          min={15}
          max={720}
          step={15}
          onChange={(e) => set.duration(Number(e.target.value))}
          required
        />
      </label>
    </>
  );
}

function ScheduleForm({ c, law }: { c: CaseDetailData; law: HearingLaw }) {
  const { t } = useTranslation("hearings");
  const words = useMeasureWords();
  const qc = useQueryClient();
  const eligible = c.measures.filter((m) => HEARING_MEASURES.has(m.measure) && !["refused", "executed", "not_executed"].includes(m.status));
  const [measureId, setMeasureId] = useState(eligible[0]?.id ?? "");
  const [requestingZone, setRequestingZone] = useState(defaultZone(c.requesting) ?? "");
  const [requestedZone, setRequestedZone] = useState(defaultZone(c.requested) ?? "");
  const [enteredIn, setEnteredIn] = useState<EnteredIn>("requested");
  const [date, setDate] = useState("");
  const [time, setTime] = useState("10:00");
  const [duration, setDuration] = useState(120);
  const [presiding, setPresiding] = useState("");
  const [participants, setParticipants] = useState<ParticipantRow[]>([{ side: "requested", role: "", name: "" }]);
  const [interpreters, setInterpreters] = useState<InterpreterRow[]>([]);
  const [contact, setContact] = useState({ name: "", email: "", phone: "" });
  const [warning, setWarning] = useState("");

  const entryZone = enteredIn === "requesting" ? requestingZone : enteredIn === "requested" ? requestedZone : "UTC";
  const start = date && time && isIanaZone(entryZone) ? instantOf(date, time, entryZone) : null;
  const endsAt = start ? new Date(Date.parse(start.instant) + duration * 60_000).toISOString() : null;
  const zonesChosen = isIanaZone(requestingZone) && isIanaZone(requestedZone);
  const hours = (minutes: number) => formatNumber(minutes / 60, { maximumFractionDigits: 2 });
  const gapThen = start && zonesChosen ? zoneGap(start.instant, requestingZone, requestedZone) : null;
  const gapNow = zonesChosen ? zoneGap(new Date(), requestingZone, requestedZone) : null;

  const add = useMutation({
    mutationFn: () =>
      api(`/cases/${c.id}/hearings`, {
        method: "POST",
        body: {
          version: c.version,
          measureId,
          startsAt: start?.instant,
          endsAt,
          requestingZone,
          requestedZone,
          presidingAuthority: presiding,
          participants: participants.filter((p) => p.name.trim() !== ""),
          interpreters: interpreters
            .filter((i) => i.name.trim() !== "")
            .map((i) => ({
              name: i.name,
              languages: i.languages
                .split(/[\s,;]+/)
                .map((l) => l.trim().toLowerCase())
                .filter(Boolean),
            })),
          technicalContact: { name: contact.name, email: contact.email, phone: contact.phone || null },
          perjuryWarning: warning,
        },
      }),
    onSuccess: () => {
      setDate("");
      void qc.invalidateQueries({ queryKey: ["cases", "one", c.id] });
    },
    onError: (err) => {
      if (isVersionConflict(err)) void qc.invalidateQueries({ queryKey: ["cases", "one", c.id] });
    },
  });

  if (eligible.length === 0) return <p className="muted">{t("form.noMeasure")}</p>;
  const setRow = <T,>(rows: T[], i: number, patch: Partial<T>) => rows.map((r, j) => (j === i ? { ...r, ...patch } : r));
  return (
    <form
      className="card form-grid hearing-form"
      aria-label={t("form.heading")}
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate();
      }}
    >
      <h3>{t("form.heading")}</h3>
      <label>
        {t("form.measure")}
        <select value={measureId} onChange={(e) => setMeasureId(e.target.value)}>
          {eligible.map((m) => (
            <option key={m.id} value={m.id}>
              {words(m.measure)}: {m.description}
            </option>
          ))}
        </select>
      </label>
      <ZonePicker
        label={t("form.requestingZone", { state: regionName(c.requesting) })}
        jurisdiction={c.requesting}
        value={requestingZone}
        onChange={setRequestingZone}
      />
      <ZonePicker
        label={t("form.requestedZone", { state: regionName(c.requested) })}
        jurisdiction={c.requested}
        value={requestedZone}
        onChange={setRequestedZone}
      />
      <WhenFields
        c={c}
        when={{ enteredIn, date, time, duration }}
        set={{ enteredIn: setEnteredIn, date: setDate, time: setTime, duration: setDuration }}
      />
      {start && endsAt && zonesChosen && (
        <div className="span-all" data-testid="live-times">
          <LocalTimes
            startsAt={start.instant}
            endsAt={endsAt}
            requesting={c.requesting}
            requested={c.requested}
            requestingZone={requestingZone}
            requestedZone={requestedZone}
          />
          {!start.exists && (
            <p className="notice" role="status">
              {t("form.skipped", { zone: entryZone, time: localTime(start.instant, entryZone).time })}
            </p>
          )}
          {gapThen !== null && gapNow !== null && gapThen !== gapNow && (
            <p className="notice" role="status" data-testid="gap-changes">
              {t("form.gapChanges", { onDay: hours(gapThen), today: hours(gapNow) })}
            </p>
          )}
        </div>
      )}
      <label>
        {t("form.presiding")}
        <input value={presiding} onChange={(e) => setPresiding(e.target.value)} required maxLength={LIMITS.presidingAuthority} />
      </label>
      <fieldset className="span-all">
        <legend>{t("form.participants")}</legend>
        {participants.map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity before they are saved.
          <div className="hearing-row" key={i}>
            <label>
              {t("form.side")}
              <select
                value={p.side}
                onChange={(e) => setParticipants(setRow(participants, i, { side: e.target.value as ParticipantRow["side"] }))}
              >
                <option value="requested">{t("form.sideRequested", { state: regionName(c.requested) })}</option>
                <option value="requesting">{t("form.sideRequesting", { state: regionName(c.requesting) })}</option>
              </select>
            </label>
            <label>
              {t("form.role")}
              <input
                value={p.role}
                onChange={(e) => setParticipants(setRow(participants, i, { role: e.target.value }))}
                required
                maxLength={LIMITS.hearingRole}
              />
            </label>
            <label>
              {t("form.name")}
              <input
                value={p.name}
                onChange={(e) => setParticipants(setRow(participants, i, { name: e.target.value }))}
                required
                maxLength={LIMITS.hearingName}
              />
            </label>
            {participants.length > 1 && (
              <button type="button" className="link-button" onClick={() => setParticipants(participants.filter((_, j) => j !== i))}>
                {t("form.remove")}
              </button>
            )}
          </div>
        ))}
        <button
          type="button"
          className="link-button"
          onClick={() => setParticipants([...participants, { side: "requesting", role: "", name: "" }])}
        >
          {t("form.addParticipant")}
        </button>
      </fieldset>
      <fieldset className="span-all">
        <legend>{t("form.interpreters")}</legend>
        {interpreters.map((row, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity before they are saved.
          <div className="hearing-row" key={i}>
            <label>
              {t("form.name")}
              <input
                value={row.name}
                onChange={(e) => setInterpreters(setRow(interpreters, i, { name: e.target.value }))}
                required
                maxLength={LIMITS.hearingName}
              />
            </label>
            <label>
              {t("form.languages")}
              <input
                value={row.languages}
                onChange={(e) => setInterpreters(setRow(interpreters, i, { languages: e.target.value }))}
                required
                placeholder="ru, en"
              />
              <span className="muted">{languageNames(row.languages)}</span>
            </label>
            <button type="button" className="link-button" onClick={() => setInterpreters(interpreters.filter((_, j) => j !== i))}>
              {t("form.remove")}
            </button>
          </div>
        ))}
        <button type="button" className="link-button" onClick={() => setInterpreters([...interpreters, { name: "", languages: "" }])}>
          {t("form.addInterpreter")}
        </button>
      </fieldset>
      <fieldset className="span-all">
        <legend>{t("form.contact")}</legend>
        <div className="hearing-row">
          <label>
            {t("form.name")}
            <input
              value={contact.name}
              onChange={(e) => setContact({ ...contact, name: e.target.value })}
              required
              maxLength={LIMITS.hearingName}
            />
          </label>
          <label>
            {t("form.email")}
            <input
              type="email"
              value={contact.email}
              onChange={(e) => setContact({ ...contact, email: e.target.value })}
              required
              maxLength={254}
            />
          </label>
          <label>
            {t("form.phone")}
            <input
              type="tel"
              value={contact.phone}
              onChange={(e) => setContact({ ...contact, phone: e.target.value })}
              maxLength={LIMITS.phone}
            />
          </label>
        </div>
      </fieldset>
      <div className="span-all hearing-warning">
        <label>
          {t("form.perjuryWarning")}
          <textarea value={warning} onChange={(e) => setWarning(e.target.value)} rows={3} maxLength={LIMITS.perjuryWarning} />
          <span className="muted">{t("form.perjuryHelp")}</span>
        </label>
        <HearingLawPanel law={law} requesting={c.requesting} requested={c.requested} />
      </div>
      <button type="submit" disabled={add.isPending || !start || !zonesChosen}>
        {t("form.submit")}
      </button>
      {add.error && (
        <p className="error span-all" role="alert">
          {errorWords(add.error)}
        </p>
      )}
    </form>
  );
}

/** "ru, en" → "Russian, English" in the reader's language (unknown codes are left as typed). */
function languageNames(codes: string): string {
  const names = new Intl.DisplayNames([locale()], { type: "language", fallback: "none" });
  return codes
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map((c) => {
      try {
        return names.of(c.toLowerCase()) ?? c;
      } catch {
        return c;
      }
    })
    .join(", ");
}

/** One hearing: both local times, who takes part, the warning on perjury, its invitation and its record. */
function HearingCard({ c, h, law, canEdit }: { c: CaseDetailData; h: Hearing; law: HearingLaw; canEdit: boolean }) {
  const { t } = useTranslation("hearings");
  const words = useMeasureWords();
  const qc = useQueryClient();
  const [outcome, setOutcome] = useState<HearingOutcome>("held");
  const [note, setNote] = useState("");
  const done = () => void qc.invalidateQueries({ queryKey: ["cases", "one", c.id] });
  const onError = (err: unknown) => {
    if (isVersionConflict(err)) done();
  };
  const record = useMutation({
    mutationFn: () =>
      api(`/cases/${c.id}/hearings/${h.id}/record`, { method: "POST", body: { version: c.version, outcome, note: note || null } }),
    onSuccess: done,
    onError,
  });
  const cancel = useMutation({
    mutationFn: () => api(`/cases/${c.id}/hearings/${h.id}/cancel`, { method: "POST", body: { version: c.version } }),
    onSuccess: done,
    onError,
  });
  const minutes = new Intl.NumberFormat(locale(), { style: "unit", unit: "minute", unitDisplay: "long" }).format(h.durationMinutes);
  const sideName = (s: string) =>
    s === "requesting"
      ? t("form.sideRequesting", { state: regionName(c.requesting) })
      : t("form.sideRequested", { state: regionName(c.requested) });
  return (
    <li className="card hearing-card" data-testid="hearing" data-status={h.status}>
      <p>
        <strong>{words(h.measure)}</strong>{" "}
        <span className="badge" data-testid="hearing-status">
          {t(`case:hearingStatus.${h.status}`)}
        </span>{" "}
        <span className="muted">{t("list.duration", { duration: minutes })}</span>
      </p>
      <LocalTimes
        startsAt={h.startsAt}
        endsAt={h.endsAt}
        requesting={c.requesting}
        requested={c.requested}
        requestingZone={h.requestingZone}
        requestedZone={h.requestedZone}
      />
      <dl className="hearing-facts">
        <dt>{t("form.presiding")}</dt>
        <dd>{h.presidingAuthority}</dd>
        <dt>{t("form.participants")}</dt>
        <dd>
          <ul>
            {h.participants.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the list is the hearing's, in its order.
              <li key={i}>
                {p.name} ({p.role}) — {sideName(p.side)}
              </li>
            ))}
          </ul>
        </dd>
        {h.interpreters.length > 0 && (
          <>
            <dt>{t("form.interpreters")}</dt>
            <dd>
              <ul>
                {h.interpreters.map((i, n) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the list is the hearing's, in its order.
                  <li key={n}>
                    {i.name}: {languageNames(i.languages.join(","))}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        <dt>{t("form.contact")}</dt>
        <dd>{[h.technicalContact.name, h.technicalContact.email, h.technicalContact.phone].filter(Boolean).join(", ")}</dd>
        <dt>{t("list.perjuryWarning")}</dt>
        <dd>{h.perjuryWarning ? <blockquote>{h.perjuryWarning}</blockquote> : <span className="muted">{t("list.noWarning")}</span>}</dd>
      </dl>
      <HearingLawPanel law={law} requesting={c.requesting} requested={c.requested} />
      {h.recordedAt && (
        <p className="muted">
          {t("list.recorded", { date: formatDateTime(h.recordedAt) })}
          {h.outcomeNote ? ` — ${h.outcomeNote}` : ""}
        </p>
      )}
      <p>
        <a href={`/api/v1/cases/${c.id}/hearings/${h.id}/invitation`} download data-testid="hearing-ics">
          {t("list.download")} <code dir="ltr">.ics</code>
        </a>
      </p>
      {canEdit && h.status === "scheduled" && (
        <form
          className="hearing-row"
          aria-label={t("record.heading")}
          onSubmit={(e) => {
            e.preventDefault();
            record.mutate();
          }}
        >
          <label>
            {t("record.outcome")}
            <select value={outcome} onChange={(e) => setOutcome(e.target.value as HearingOutcome)}>
              {OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {t(`case:hearingStatus.${o}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("record.note")}
            <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={LIMITS.hearingNote} />
          </label>
          <button type="submit" disabled={record.isPending}>
            {t("record.submit")}
          </button>
          <span className="muted">{t("record.help")}</span>
        </form>
      )}
      {canEdit && h.status === "adjourned" && <Reschedule c={c} h={h} />}
      {canEdit && (h.status === "scheduled" || h.status === "adjourned") && (
        <button type="button" className="link-button" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
          {t("record.cancel")}
        </button>
      )}
      {record.error || cancel.error ? (
        <p className="error" role="alert">
          {errorWords(record.error ?? cancel.error)}
        </p>
      ) : null}
    </li>
  );
}

/**
 * An adjourned hearing scheduled again: a new date and time (entered in either side's local time or
 * UTC), both local times live; everything else as it was. Its invitation keeps its UID, SEQUENCE goes up.
 */
function Reschedule({ c, h }: { c: CaseDetailData; h: Hearing }) {
  const { t } = useTranslation("hearings");
  const qc = useQueryClient();
  const [enteredIn, setEnteredIn] = useState<EnteredIn>("requested");
  const [date, setDate] = useState("");
  const [time, setTime] = useState(localTime(h.startsAt, h.requestedZone).time);
  const [duration, setDuration] = useState(h.durationMinutes);
  const zone = enteredIn === "requesting" ? h.requestingZone : enteredIn === "requested" ? h.requestedZone : "UTC";
  const start = date && time ? instantOf(date, time, zone) : null;
  const endsAt = start ? new Date(Date.parse(start.instant) + duration * 60_000).toISOString() : null;
  const again = useMutation({
    mutationFn: () =>
      api(`/cases/${c.id}/hearings/${h.id}`, {
        method: "PUT",
        body: {
          version: c.version,
          startsAt: start?.instant,
          endsAt,
          requestingZone: h.requestingZone,
          requestedZone: h.requestedZone,
          presidingAuthority: h.presidingAuthority,
          interpreters: h.interpreters,
          participants: h.participants,
          technicalContact: { ...h.technicalContact, phone: h.technicalContact.phone || null },
          perjuryWarning: h.perjuryWarning,
        },
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ["cases", "one", c.id] }),
    onError: (err) => {
      if (isVersionConflict(err)) void qc.invalidateQueries({ queryKey: ["cases", "one", c.id] });
    },
  });
  return (
    <form
      className="hearing-row"
      aria-label={t("reschedule.heading")}
      onSubmit={(e) => {
        e.preventDefault();
        again.mutate();
      }}
    >
      <WhenFields
        c={c}
        when={{ enteredIn, date, time, duration }}
        set={{ enteredIn: setEnteredIn, date: setDate, time: setTime, duration: setDuration }}
      />
      {start && endsAt && (
        <LocalTimes
          startsAt={start.instant}
          endsAt={endsAt}
          requesting={c.requesting}
          requested={c.requested}
          requestingZone={h.requestingZone}
          requestedZone={h.requestedZone}
        />
      )}
      <button type="submit" disabled={again.isPending || !start}>
        {t("reschedule.submit")}
      </button>
      {again.error && (
        <p className="error" role="alert">
          {errorWords(again.error)}
        </p>
      )}
    </form>
  );
}

/** The case's hearings by video link: the list, then the form to schedule one. */
export function Hearings({ c, canEdit }: { c: CaseDetailData; canEdit: boolean }) {
  const { t } = useTranslation("hearings");
  const q = useQuery({
    queryKey: ["cases", "one", c.id, "hearings", c.version],
    queryFn: () => api<CaseHearings>(`/cases/${c.id}/hearings`),
  });
  return (
    <section className="case-section" data-testid="hearings">
      <h2>{t("title")}</h2>
      {q.error && (
        <p className="error" role="alert">
          {errorWords(q.error)}
        </p>
      )}
      {q.data && (
        <>
          {q.data.hearings.length === 0 ? (
            <p className="muted">{t("none")}</p>
          ) : (
            <ul className="hearing-list">
              {q.data.hearings.map((h) => (
                <HearingCard key={h.id} c={c} h={h} law={q.data.law} canEdit={canEdit} />
              ))}
            </ul>
          )}
          {canEdit ? (
            <ScheduleForm c={c} law={q.data.law} />
          ) : (
            q.data.hearings.length === 0 && <HearingLawPanel law={q.data.law} requesting={c.requesting} requested={c.requested} />
          )}
        </>
      )}
    </section>
  );
}
