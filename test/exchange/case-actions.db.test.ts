/**
 * The conversation driven by ordinary case actions, between two real server processes on loopback
 * (US and RU, each on its own embedded PGlite): registering an incoming request through the
 * transitions route acknowledges it (issue 13 §3: "a message is written in the same transaction as
 * the case change that causes it"); telling the requesting state that confidentiality cannot be kept
 * sends a notice; withdrawing sends the withdrawal; closing sends the closing. Between them, the US
 * sends notices that meet faults of RU's database (a trigger installed before RU starts): a busy
 * database is answered 503 and retried until it applies, a fault that heals after two attempts is
 * applied on the third, one that never heals is refused after the attempts allowed, one that cannot
 * heal at once — each refusal with a signed negative receipt, kept in RU's quarantine, and the
 * conversation goes on after it. Both nodes end with the same chain.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.js";
import { DEFAULT_MAX_APPLY_ATTEMPTS } from "../../src/exchange/inbox.js";
import { type ExchangeNode, api, eventually, removeNode, startPairedNodes } from "../support/exchange-pair.js";

/**
 * Faults of RU's database while it applies a received notice, keyed by a marker in the notice's text
 * (RU records it as correspondence): `busy` is a lock timeout (55P03) three times, `flaky` an internal
 * error (XX000) twice, `broken` an internal error every time, `permanent` a check violation (23514).
 * Sequences are not rolled back with the failed transaction, so they count the attempts.
 */
const FAULTS = [
  "create sequence test_fault_busy",
  "create sequence test_fault_flaky",
  `create function test_fault() returns trigger language plpgsql as $$
  begin
    if new.summary like '%[fault: permanent]%' then raise exception 'test fault' using errcode = '23514'; end if;
    if new.summary like '%[fault: broken]%' then raise exception 'test fault' using errcode = 'XX000'; end if;
    if new.summary like '%[fault: flaky]%' and nextval('test_fault_flaky') <= 2 then
      raise exception 'test fault' using errcode = 'XX000';
    end if;
    if new.summary like '%[fault: busy]%' and nextval('test_fault_busy') <= 3 then
      raise exception 'test fault' using errcode = '55P03';
    end if;
    return new;
  end $$`,
  "create trigger test_fault before insert on case_correspondence for each row execute function test_fault()",
];

interface CaseDetail {
  id: string;
  version: number;
  state: string;
  reference: string;
  theirReference: string | null;
}
interface Message {
  id: string;
  kind: string;
  direction: string;
  seq: number;
  hash: string;
  prev: string;
  status: string;
  reason: string | null;
  body: Record<string, unknown>;
  receipts: { kind: string; issuer: string }[];
}
interface Thread {
  head: string;
  messages: Message[];
}

let us: ExchangeNode;
let ru: ExchangeNode;

beforeAll(async () => {
  [us, ru] = await startPairedNodes(
    { jurisdiction: "US", authority: "U.S. Department of Justice, Office of International Affairs" },
    { jurisdiction: "RU", authority: "Генеральная прокуратура Российской Федерации" },
    async (node, database) => {
      if (node.jurisdiction === "RU") for (const statement of FAULTS) await sql.raw(statement).execute(database.db);
    },
  );
}, 240_000);

afterAll(async () => {
  await Promise.all([removeNode(us), removeNode(ru)]);
});

const thread = async (node: ExchangeNode, caseId: string) =>
  (await api<Thread>(node, node.officer, "GET", `/cases/${caseId}/exchange`)).body;
const read = async (node: ExchangeNode, caseId: string) => (await api<CaseDetail>(node, node.officer, "GET", `/cases/${caseId}`)).body;
/** The message as the sender holds it once the partner's final receipt came back. */
const settled = (node: ExchangeNode, caseId: string, messageId: string, ms = 60_000) =>
  eventually(
    `the final receipt of ${messageId}`,
    async () => {
      const m = (await thread(node, caseId)).messages.find((x) => x.id === messageId);
      return m && (m.status === "accepted" || m.status === "rejected") && m;
    },
    ms,
  );

describe("case actions on a carried case send their messages; inbox faults end in a refusal, not in retries for ever", () => {
  let usCase: CaseDetail;
  let ruCase: CaseDetail;

  it("the US sends the request through the exchange", async () => {
    const created = await api<CaseDetail>(us, us.officer, "POST", "/cases", {
      direction: "outgoing",
      title: "Request for the records of ООО «Северный ветер» — Petrov investigation",
      requesting: "US",
      requested: "RU",
      confidentiality: "confidential",
      requestDate: "2018-07-13",
      authority: "U.S. Department of Justice, Office of International Affairs",
      measures: [{ measure: "records", description: "Company records of ООО «Северный ветер», 2016–2017" }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    let version = created.body.version;
    for (const [who, action] of [
      [us.supervisor, "approve"],
      [us.officer, "mark_translated"],
    ] as const) {
      const r = await api<CaseDetail>(us, who, "POST", `/cases/${created.body.id}/transitions`, { version, action });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      version = r.body.version;
    }
    const sent = await api<{ case: CaseDetail }>(us, us.officer, "POST", `/cases/${created.body.id}/exchange/send`, {
      kind: "request",
      version,
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    usCase = sent.body.case;
  });

  it("a case not carried through the exchange takes no message words, and its actions work as before", async () => {
    const other = await api<CaseDetail>(us, us.officer, "POST", "/cases", {
      direction: "outgoing",
      title: "Request sent by diplomatic bag",
      requesting: "US",
      requested: "RU",
      confidentiality: "confidential",
      requestDate: "2018-07-14",
      authority: "U.S. Department of Justice, Office of International Affairs",
      measures: [{ measure: "records", description: "Land registry extract" }],
    });
    expect(other.status, JSON.stringify(other.body)).toBe(201);
    const refused = await api<{ field: string }>(us, us.supervisor, "POST", `/cases/${other.body.id}/transitions`, {
      version: other.body.version,
      action: "approve",
      exchange: { text: "This would go nowhere." },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.field).toBe("exchange");
    const approved = await api<CaseDetail>(us, us.supervisor, "POST", `/cases/${other.body.id}/transitions`, {
      version: other.body.version,
      action: "approve",
    });
    expect(approved.status).toBe(200);
    expect((await thread(us, other.body.id)).messages).toEqual([]);
  });

  it("registering through the ordinary transitions route acknowledges the request; the US case shows it", async () => {
    const waiting = await eventually("the request in RU's inbox", async () => {
      const r = await api<{ items: { id: string }[] }>(ru, ru.officer, "GET", "/exchange/inbox-cases");
      return r.body.items[0];
    });
    ruCase = await read(ru, waiting.id);
    expect(ruCase.state).toBe("received");
    const registered = await api<CaseDetail>(ru, ru.officer, "POST", `/cases/${ruCase.id}/transitions`, {
      version: ruCase.version,
      action: "register",
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(200);
    expect(registered.body.state).toBe("registered");
    ruCase = registered.body;
    const ack = (await thread(ru, ruCase.id)).messages.find((m) => m.kind === "acknowledgement");
    expect(ack).toMatchObject({ direction: "out", seq: 1 });
    expect(ack?.body).toMatchObject({ reference: ruCase.reference, executingAuthority: null });
    const acknowledged = await eventually("the acknowledgement at US", async () => {
      const c = await read(us, usCase.id);
      return c.state === "acknowledged" && c;
    });
    expect(acknowledged.theirReference).toBe(ruCase.reference);
    const atUs = (await thread(us, usCase.id)).messages.find((m) => m.id === ack?.id);
    expect(atUs).toMatchObject({ kind: "acknowledgement", direction: "in", status: "applied" });
    usCase = acknowledged;
  });

  it("an action whose message needs the officer's words is refused without them, and nothing changes", async () => {
    const review = await api<CaseDetail>(ru, ru.officer, "POST", `/cases/${ruCase.id}/transitions`, {
      version: ruCase.version,
      action: "start_review",
    });
    expect(review.status).toBe(200);
    ruCase = review.body;
    // start_review is an internal step: no message.
    expect((await thread(ru, ruCase.id)).messages.filter((m) => m.direction === "out")).toHaveLength(1);
    const bare = await api<{ error: string; field: string }>(ru, ru.officer, "POST", `/cases/${ruCase.id}/transitions`, {
      version: ruCase.version,
      action: "notify_confidentiality_impossible",
    });
    expect(bare.status).toBe(400);
    expect(bare.body).toMatchObject({ error: "exchange_text_required", field: "exchange.text" });
    expect((await read(ru, ruCase.id)).version).toBe(ruCase.version);
  });

  it("telling the requesting state that confidentiality cannot be kept sends the notice", async () => {
    const text = "Российское законодательство требует уведомить владельца счёта; confidentiality cannot be kept.";
    const r = await api<CaseDetail>(ru, ru.officer, "POST", `/cases/${ruCase.id}/transitions`, {
      version: ruCase.version,
      action: "notify_confidentiality_impossible",
      exchange: { text },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.state).toBe("awaiting_confidentiality_choice");
    ruCase = r.body;
    const notice = (await thread(ru, ruCase.id)).messages.find((m) => m.kind === "notice");
    expect(notice?.body).toEqual({ topic: "confidentiality_cannot_be_kept", text, dates: [] });
    const atUs = await eventually("the notice at US", async () =>
      (await thread(us, usCase.id)).messages.find((m) => m.id === notice?.id && m.status === "applied"),
    );
    expect(atUs.body).toMatchObject({ topic: "confidentiality_cannot_be_kept", text });
  });

  /** The US sends a notice (limits on use) whose text carries a fault marker for RU's database. */
  const sendNotice = async (marker: string) => {
    const c = await read(us, usCase.id);
    const r = await api<{ message: { id: string } }>(us, us.officer, "POST", `/cases/${usCase.id}/exchange/send`, {
      kind: "notice",
      version: c.version,
      topic: "limits_on_use",
      text: `The records may be used only in the Petrov investigation ${marker}`,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.message.id;
  };

  const faulted: Record<string, string> = {};

  it("a busy database at RU is answered 503 and retried until the notice applies", async () => {
    faulted.busy = await sendNotice("[fault: busy]");
    expect(await settled(us, usCase.id, faulted.busy)).toMatchObject({ status: "accepted" });
  }, 60_000);

  it("a fault that heals after two attempts is applied on the third", async () => {
    faulted.flaky = await sendNotice("[fault: flaky]");
    expect(await settled(us, usCase.id, faulted.flaky)).toMatchObject({ status: "accepted" });
  }, 60_000);

  it("a fault that cannot heal is refused at once with a signed negative receipt", async () => {
    faulted.permanent = await sendNotice("[fault: permanent]");
    const m = await settled(us, usCase.id, faulted.permanent);
    expect(m.status).toBe("rejected");
    expect(m.reason).toMatch(/^apply_failed: .*database error 23514.*would fail the same way/);
    expect(m.receipts.find((r) => r.kind === "rejected")?.issuer).toBe("RU");
  }, 60_000);

  it(`a fault that never heals is refused after ${DEFAULT_MAX_APPLY_ATTEMPTS} attempts`, async () => {
    faulted.broken = await sendNotice("[fault: broken]");
    const m = await settled(us, usCase.id, faulted.broken, 90_000);
    expect(m.status).toBe("rejected");
    expect(m.reason).toMatch(new RegExp(`^apply_failed: .*database error XX000.* in ${DEFAULT_MAX_APPLY_ATTEMPTS} attempt`));
    const atRu = (await thread(ru, ruCase.id)).messages.find((x) => x.id === faulted.broken);
    expect(atRu).toMatchObject({ status: "rejected", direction: "in" });
  }, 120_000);

  it("withdrawing through the transitions route sends the withdrawal, which follows the refused messages in the chain", async () => {
    const c = await read(us, usCase.id);
    const r = await api<CaseDetail>(us, us.officer, "POST", `/cases/${usCase.id}/transitions`, {
      version: c.version,
      action: "withdraw",
      exchange: { text: "The accused has died; the prosecution is discontinued." },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.state).toBe("withdrawn");
    usCase = r.body;
    ruCase = await eventually("the withdrawal at RU", async () => {
      const x = await read(ru, ruCase.id);
      return x.state === "withdrawn" && x;
    });
    const w = (await thread(ru, ruCase.id)).messages.find((m) => m.kind === "withdrawal");
    expect(w?.body).toEqual({ reasons: "The accused has died; the prosecution is discontinued." });
  });

  it("closing on each side sends the closing, recorded at the other", async () => {
    const ruClosed = await api<CaseDetail>(ru, ru.officer, "POST", `/cases/${ruCase.id}/transitions`, {
      version: ruCase.version,
      action: "close",
    });
    expect(ruClosed.status, JSON.stringify(ruClosed.body)).toBe(200);
    expect(ruClosed.body.state).toBe("closed");
    const ruClosing = (await thread(ru, ruCase.id)).messages.find((m) => m.kind === "closing");
    expect(ruClosing?.body).toEqual({ text: null });
    await eventually("RU's closing at US", async () =>
      (await thread(us, usCase.id)).messages.find((m) => m.id === ruClosing?.id && m.status === "applied"),
    );
    const c = await read(us, usCase.id);
    const usClosed = await api<CaseDetail>(us, us.officer, "POST", `/cases/${usCase.id}/transitions`, {
      version: c.version,
      action: "close",
      exchange: { text: "Case closed on our side as well." },
    });
    expect(usClosed.status, JSON.stringify(usClosed.body)).toBe(200);
    expect(usClosed.body.state).toBe("closed");
    const usClosing = (await thread(us, usCase.id)).messages.find((m) => m.kind === "closing" && m.direction === "out");
    await eventually("US's closing at RU", async () =>
      (await thread(ru, ruCase.id)).messages.find((m) => m.id === usClosing?.id && m.status === "applied"),
    );
  });

  it("both nodes hold the same chain, every message with its final receipt", async () => {
    const [a, b] = await eventually("every message settled on both sides", async () => {
      const x = await thread(us, usCase.id);
      const y = await thread(ru, ruCase.id);
      const done = (t: Thread) => t.messages.every((m) => ["accepted", "applied", "rejected"].includes(m.status));
      return x.messages.length === 10 && y.messages.length === 10 && done(x) && done(y) && ([x, y] as const);
    });
    const chain = (t: Thread) => t.messages.map((m) => `${m.kind}:${m.seq}:${m.hash}:${m.prev}`).sort();
    expect(chain(a)).toEqual(chain(b));
    expect(a.head).toBe(b.head);
    expect(a.messages.map((m) => `${m.direction} ${m.kind}`)).toEqual([
      "out request",
      "in acknowledgement",
      "in notice",
      "out notice",
      "out notice",
      "out notice",
      "out notice",
      "out withdrawal",
      "in closing",
      "out closing",
    ]);
    for (const m of a.messages.filter((x) => x.direction === "out"))
      expect(m.receipts.map((r) => r.kind)).toEqual(expect.arrayContaining(["submission_accepted", "delivered"]));
  });

  it("accepting through the transitions route sends the decision; the US case moves to execution", async () => {
    const created = await api<CaseDetail>(us, us.officer, "POST", "/cases", {
      direction: "outgoing",
      title: "Request for the testimony of Анна Кузнецова",
      requesting: "US",
      requested: "RU",
      confidentiality: "confidential",
      requestDate: "2018-07-13",
      authority: "U.S. Department of Justice, Office of International Affairs",
      measures: [{ measure: "testimony", description: "Testimony of Анна Кузнецова as a witness" }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    let version = created.body.version;
    for (const [who, action] of [
      [us.supervisor, "approve"],
      [us.officer, "mark_translated"],
    ] as const)
      version = (await api<CaseDetail>(us, who, "POST", `/cases/${created.body.id}/transitions`, { version, action })).body.version;
    const sent = await api<{ case: CaseDetail }>(us, us.officer, "POST", `/cases/${created.body.id}/exchange/send`, {
      kind: "request",
      version,
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const waiting = await eventually("the second request at RU", async () => {
      const r = await api<{ items: { id: string; theirReference: string }[] }>(ru, ru.officer, "GET", "/exchange/inbox-cases");
      return r.body.items.find((i) => i.theirReference === sent.body.case.reference);
    });
    let c = await read(ru, waiting.id);
    for (const [who, action] of [
      [ru.officer, "register"],
      [ru.officer, "start_review"],
      [ru.supervisor, "accept"],
    ] as const) {
      const r = await api<CaseDetail>(ru, who, "POST", `/cases/${c.id}/transitions`, { version: c.version, action });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      c = r.body;
    }
    expect(c.state).toBe("accepted");
    const out = (await thread(ru, c.id)).messages.filter((m) => m.direction === "out");
    expect(out.map((m) => m.kind)).toEqual(["acknowledgement", "decision"]);
    expect(out[1]?.body).toMatchObject({ outcome: "accepted", refusedMeasures: [] });
    const atUs = await eventually("the decision at US", async () => {
      const x = await read(us, created.body.id);
      return x.state === "under_execution" && x;
    });
    expect(atUs.theirReference).toBe(c.reference);

    // Criminal assets (issue 15 §1): RU tells the US it froze the account, with the order's expiry; the
    // notice lands on the US case as correspondence.
    const frozen = await api<{ message: { id: string } }>(ru, ru.officer, "POST", `/cases/${c.id}/exchange/send`, {
      kind: "notice",
      version: c.version,
      topic: "freezing",
      text: "Счёт арестован постановлением № 12 Пресненского районного суда.",
      dates: [{ label: "Order expires", on: "2018-12-31" }],
    });
    expect(frozen.status, JSON.stringify(frozen.body)).toBe(201);
    await eventually("the freezing notice at US", async () =>
      (await thread(us, created.body.id)).messages.find((m) => m.id === frozen.body.message.id && m.status === "applied"),
    );
    const usCorrespondence = (await read(us, created.body.id)) as CaseDetail & { correspondence: { summary: string }[] };
    expect(usCorrespondence.correspondence.map((x) => x.summary)).toContainEqual(
      "Notice (freezing): Счёт арестован постановлением № 12 Пресненского районного суда.\nOrder expires: 2018-12-31",
    );
  });

  it("RU's quarantine holds the two refused notices with their reason, and not those that healed", async () => {
    await ru.server?.stop();
    const database = await openDatabase({ dataDir: ru.dir });
    try {
      const rows = await database.db.selectFrom("exchange_quarantine").select(["message_id", "reason", "detail"]).execute();
      const byId = new Map(rows.map((r) => [r.message_id, r]));
      expect(byId.get(faulted.permanent)?.reason).toBe("apply_failed");
      expect(byId.get(faulted.broken)?.reason).toBe("apply_failed");
      expect(byId.get(faulted.broken)?.detail).toMatch(/XX000/);
      expect(byId.has(faulted.busy)).toBe(false);
      expect(byId.has(faulted.flaky)).toBe(false);
      // No personal data or values of the database's message in what the administrator reads: the fault is named by its code.
      expect(rows.map((r) => r.detail).join(" ")).not.toMatch(/test fault|Petrov/);
    } finally {
      await database.close();
    }
  });
});
