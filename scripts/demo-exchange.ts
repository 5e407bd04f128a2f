/**
 * npm run demo:exchange [-- --json] — the exchange between two central authorities, end to end
 * (issue 13 §4): the US Office of International Affairs and Russia's Prosecutor General's Office,
 * each a separate server process on its own embedded PGlite directory, port, passphrase and
 * organisation, set up from nothing as an installation is (first start, administrator, officials).
 *
 *   1. The administrators pair the nodes: each adds the other with the fingerprint the other's
 *      administrator read from their console (as by telephone); each node checks it against the
 *      other's signed identity.
 *   2. The US officer writes the seed-000 request in the request writer (testimony and bank records,
 *      US–Russia MLAT 1999, 13 July 2018), approves the draft into a case with its Word and PDF
 *      documents; the supervisor approves it; it is sent through the exchange.
 *   3. Russia registers it (acknowledgement), asks a question (query), receives the reply, accepts
 *      it (decision), executes it and reports (execution report) and hands a document over (evidence).
 *   4. Both sides' timelines and receipts are printed (JSON with --json, on stdout; progress on stderr).
 *
 * Exits 0 only when both nodes hold the same messages in the same order — same ids, kinds, sequence
 * numbers, hashes and chain — each with its final receipt on both sides, and both audit chains
 * verify; otherwise exits 1 naming the first difference.
 */
import { readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { verifyChain } from "../src/audit/trail.js";
import { openDatabase } from "../src/db/database.js";
import { FINAL, MESSAGES, type Side, type Thread, type TimelineEntry, firstDifference } from "./exchange-agreement.js";
import { type Node, type NodeSpec, api, eventually, must, pair, staffNode, startNode, stopNode } from "./exchange-nodes.js";

const JSON_OUT = process.argv.includes("--json");
const started = Date.now();
/** Progress, as it goes: on stdout for people, on stderr when stdout carries the JSON. */
const progress = (line: string) => {
  const text = `[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}\n`;
  (JSON_OUT ? process.stderr : process.stdout).write(text);
};

const US: NodeSpec = {
  jurisdiction: "US",
  authority: "U.S. Department of Justice, Criminal Division, Office of International Affairs",
  executingAuthority: "United States District Court for the District of Columbia",
  domain: "oia.usdoj.example",
};
const RU: NodeSpec = {
  jurisdiction: "RU",
  authority: "Генеральная прокуратура Российской Федерации",
  executingAuthority: "Тверской районный суд г. Москвы",
  domain: "genproc.example",
};

/**
 * The seed-000 request as the request writer holds it: testimony of the servers' administrator and
 * the hosting company's records, US–Russia MLAT (1999), 13 July 2018 (source: /work/shared/seeds/000,
 * the CRS Legal Sidebar on the US–Russia MLAT after the indictment of 13 July 2018).
 */
const SEED_000 = JSON.parse(readFileSync(resolve(import.meta.dirname, "../test/fixtures/draft-us-ru-2018.json"), "utf8")) as Record<
  string,
  unknown
>;

const EVIDENCE_TEXT =
  "Выписка по счёту хостинговой компании за 2016 г.: договоры аренды серверов и платежи (subscriber and payment records, 2016).\n";

interface CaseDetail {
  id: string;
  version: number;
  state: string;
  reference: string;
  theirReference: string | null;
  measures: { id: string; measure: string; status: string }[];
  documents: { id: string; sha256: string; filename: string; kind: string }[];
  evidence: { sha256: string | null; custody: { action: string; holder: string }[] }[];
  timeline: TimelineEntry[];
}
const short = (h: string) => `${h.slice(0, 12)}…`;

/** One side as people read it. */
function printSide(s: Side): string {
  const lines = [
    `${s.jurisdiction} — ${s.authority} (${s.endpoint})`,
    `  signing fingerprint ${s.fingerprint}`,
    `  case ${s.case.reference} (their reference ${s.case.theirReference ?? "none"}), now ${s.case.state.replace(/_/g, " ")}`,
    "  timeline:",
    ...s.timeline.map(
      (t) =>
        `    ${t.at.slice(0, 19).replace("T", " ")}  ${t.from.replace(/_/g, " ")} → ${t.to.replace(/_/g, " ")}  (${t.action.replace(/_/g, " ")}, ${t.actor})${t.note ? ` — ${t.note}` : ""}`,
    ),
    `  messages (head ${s.head ? short(s.head) : "none"}):`,
  ];
  for (const m of s.messages) {
    lines.push(
      `    #${m.seq} ${m.direction === "out" ? "sent    " : "received"} ${m.kind.padEnd(17)} ${m.id}  hash ${short(m.hash)}  prev ${short(m.prev)}  ${m.status}`,
    );
    for (const r of m.receipts)
      lines.push(
        `        receipt ${r.kind.padEnd(19)} by ${r.issuer} at ${r.at.slice(11, 23)}  audit head #${r.auditHead.seq} ${short(r.auditHead.hash)}${r.reason ? `  (${r.reason})` : ""}`,
      );
  }
  if (s.auditChain)
    lines.push(`  audit chain: ${s.auditChain.ok ? `verifies (${s.auditChain.detail})` : `BROKEN — ${s.auditChain.detail}`}`);
  return lines.join("\n");
}

async function conversation(us: Node, ru: Node): Promise<{ usCase: string; ruCase: string; evidenceSha: string }> {
  const officerUs = us.officer as string;
  const supervisorUs = us.supervisor as string;
  const officerRu = ru.officer as string;
  const supervisorRu = ru.supervisor as string;

  // 2. The request, written in the request writer.
  const draft = await must<{ id: string; version: number }>(201, us, officerUs, "POST", "/drafts", {
    title: "Request to the Russian Federation: testimony and server records (13 July 2018)",
    content: SEED_000,
  });
  const check = await must<{ law: { relied: { title: string; main: boolean }[] } | null; check: unknown }>(
    200,
    us,
    officerUs,
    "GET",
    `/drafts/${draft.id}/check`,
  );
  const main = check.law?.relied.find((r) => r.main)?.title ?? "no basis found";
  progress(`US: officer wrote the seed-000 request in the request writer (basis relied on: ${main})`);
  const approved = await must<{ caseId: string; reference: string }>(201, us, officerUs, "POST", `/drafts/${draft.id}/approve`, {
    version: draft.version,
  });
  let usCase = await must<CaseDetail>(200, us, officerUs, "GET", `/cases/${approved.caseId}`);
  progress(
    `US: draft approved into case ${usCase.reference} with ${usCase.documents
      .filter((d) => d.kind === "request")
      .map((d) => d.filename)
      .join(" and ")}`,
  );
  usCase = await must<CaseDetail>(200, us, supervisorUs, "POST", `/cases/${usCase.id}/transitions`, {
    version: usCase.version,
    action: "approve",
  });
  usCase = await must<CaseDetail>(200, us, officerUs, "POST", `/cases/${usCase.id}/transitions`, {
    version: usCase.version,
    action: "mark_translated",
  });
  progress("US: supervisor approved the request; translation marked done");
  const sent = await must<{ case: CaseDetail; message: { id: string; seq: number } }>(
    201,
    us,
    officerUs,
    "POST",
    `/cases/${usCase.id}/exchange/send`,
    {
      kind: "request",
      version: usCase.version,
      facts: SEED_000.facts,
    },
  );
  progress(`US: request sent through the exchange (message ${sent.message.id}); case now ${sent.case.state}`);

  // 3. Russia: register, ask, decide, execute, report, hand over.
  const waiting = await eventually("the request in Russia's inbox", async () => {
    const r = await api<{ items: { id: string; theirReference: string }[] }>(ru, officerRu, "GET", "/exchange/inbox-cases");
    return r.status === 200 && r.body.items.find((c) => c.theirReference === usCase.reference);
  });
  let ruCase = await must<CaseDetail>(200, ru, officerRu, "GET", `/cases/${waiting.id}`);
  progress(`RU: request received as incoming case ${ruCase.reference}, awaiting registration (${ruCase.documents.length} documents)`);
  const ack = await must<{ case: CaseDetail }>(201, ru, officerRu, "POST", `/cases/${ruCase.id}/exchange/send`, {
    kind: "acknowledgement",
    version: ruCase.version,
    executingAuthority: RU.executingAuthority,
  });
  ruCase = ack.case;
  progress(`RU: registered; acknowledgement sent (case now ${ruCase.state})`);
  await eventually("the acknowledgement at the US node", async () => {
    const c = await must<CaseDetail>(200, us, officerUs, "GET", `/cases/${usCase.id}`);
    return c.theirReference === ruCase.reference && c;
  });
  progress(`US: acknowledged; Russia's reference ${ruCase.reference} recorded`);

  const review = await must<CaseDetail>(200, ru, officerRu, "POST", `/cases/${ruCase.id}/transitions`, {
    version: ruCase.version,
    action: "start_review",
  });
  const q = await must<{ case: CaseDetail; message: { id: string } }>(201, ru, officerRu, "POST", `/cases/${ruCase.id}/exchange/send`, {
    kind: "query",
    version: review.version,
    purpose: "more_information",
    text: "Просим сообщить адрес свидетеля в Москве и перечень серверов (please give the witness's address and the list of servers).",
  });
  progress(`RU: question sent (query ${q.message.id}); case now ${q.case.state}`);
  const query = await eventually("the query at the US node", async () => {
    const t = await must<Thread>(200, us, officerUs, "GET", `/cases/${usCase.id}/exchange`);
    return t.messages.find((m) => m.kind === "query" && m.status === "applied");
  });
  const current = await must<CaseDetail>(200, us, officerUs, "GET", `/cases/${usCase.id}`);
  await must(201, us, officerUs, "POST", `/cases/${usCase.id}/exchange/send`, {
    kind: "reply",
    version: current.version,
    inReplyTo: query.id,
    text: "The witness lives at ул. Тверская, д. 7, кв. 12, Москва; the servers are listed in the annex (12 servers).",
  });
  progress("US: reply sent");
  ruCase = await eventually("the reply at the Russian node", async () => {
    const c = await must<CaseDetail>(200, ru, officerRu, "GET", `/cases/${ruCase.id}`);
    return c.state === "under_review" && c;
  });
  progress("RU: reply received; review resumed");

  const decided = await must<{ case: CaseDetail }>(201, ru, supervisorRu, "POST", `/cases/${ruCase.id}/exchange/send`, {
    kind: "decision",
    version: ruCase.version,
    outcome: "accepted",
  });
  let c = decided.case;
  progress(`RU: supervisor accepted the request; decision sent (case now ${c.state})`);
  for (const m of c.measures)
    c = await must<CaseDetail>(200, ru, officerRu, "PATCH", `/cases/${c.id}/measures/${m.id}`, {
      version: c.version,
      assignedOrganisationId: ru.executingAuthorityId,
    });
  c = await must<CaseDetail>(200, ru, officerRu, "POST", `/cases/${c.id}/transitions`, { version: c.version, action: "start_execution" });
  for (const m of c.measures)
    c = await must<CaseDetail>(200, ru, officerRu, "PATCH", `/cases/${c.id}/measures/${m.id}`, { version: c.version, status: "executed" });
  progress(`RU: measures assigned to ${RU.executingAuthority} and executed`);
  const report = await must<{ case: CaseDetail }>(201, ru, officerRu, "POST", `/cases/${c.id}/exchange/send`, {
    kind: "execution_report",
    version: c.version,
    final: true,
  });
  progress(`RU: execution report sent (case now ${report.case.state})`);
  const doc = await must<{ id: string; sha256: string; caseVersion: number }>(201, ru, officerRu, "POST", `/cases/${c.id}/documents`, {
    version: report.case.version,
    kind: "evidence",
    filename: "выписка-хостинг-2016.txt",
    contentType: "text/plain",
    contentBase64: Buffer.from(EVIDENCE_TEXT).toString("base64"),
  });
  const ev = await must<{ case: CaseDetail }>(201, ru, officerRu, "POST", `/cases/${c.id}/exchange/send`, {
    kind: "evidence",
    version: doc.caseVersion,
    documents: [{ documentId: doc.id, description: "Subscriber and payment records of the servers, 2016" }],
    permittedPurposes: ["the prosecution named in the request"],
    final: true,
  });
  progress(`RU: evidence handed over (SHA-256 ${short(doc.sha256)}); case now ${ev.case.state}`);
  const received = await eventually(
    "the evidence at the US node",
    async () => {
      const x = await must<CaseDetail>(200, us, officerUs, "GET", `/cases/${usCase.id}`);
      return x.state === "evidence_received" && x;
    },
    60_000,
  );
  const got = received.documents.find((d) => d.kind === "evidence");
  progress(`US: evidence received (SHA-256 ${got ? short(got.sha256) : "missing"}); case now ${received.state}`);
  if (got?.sha256 !== doc.sha256) throw new Error(`the evidence's SHA-256 differs: sent ${doc.sha256}, received ${got?.sha256}`);
  return { usCase: usCase.id, ruCase: ruCase.id, evidenceSha: doc.sha256 };
}

/** Reads one side's case, timeline and thread once every message has its final receipt there. */
async function sideOf(node: Node, caseId: string, fingerprint: string): Promise<Side> {
  const token = node.officer as string;
  const thread = await eventually(
    `every message final at ${node.spec.jurisdiction}`,
    async () => {
      const t = await must<Thread>(200, node, token, "GET", `/cases/${caseId}/exchange`);
      const final = t.messages.length >= MESSAGES.length && t.messages.every((m) => FINAL.has(m.status));
      return final && t;
    },
    60_000,
  );
  const c = await must<CaseDetail>(200, node, token, "GET", `/cases/${caseId}`);
  return {
    jurisdiction: node.spec.jurisdiction,
    authority: node.spec.authority,
    endpoint: node.endpoint,
    fingerprint,
    case: { id: c.id, reference: c.reference, theirReference: c.theirReference, state: c.state },
    timeline: c.timeline,
    head: thread.head,
    messages: thread.messages,
    auditChain: null,
  };
}

async function main(): Promise<number> {
  const nodes: Node[] = [];
  let failure: string | null = null;
  let sides: Side[] = [];
  try {
    progress("starting two nodes (US and RU), each its own server process, PGlite directory, port and passphrase …");
    const [u, r] = await Promise.all([startNode(US), startNode(RU)]);
    nodes.push(u.node, r.node);
    const us = u.node;
    const ru = r.node;
    progress(`US node at ${us.endpoint}, fingerprint ${us.printedFingerprint}`);
    progress(`RU node at ${ru.endpoint}, fingerprint ${ru.printedFingerprint}`);
    await Promise.all([staffNode(us, u.oneTimePassword, progress), staffNode(ru, r.oneTimePassword, progress)]);
    const [usId, ruId] = await pair(us, ru, progress);
    const { usCase, ruCase } = await conversation(us, ru);
    sides = [await sideOf(us, usCase, usId.fingerprintGrouped), await sideOf(ru, ruCase, ruId.fingerprintGrouped)];
    progress("both sides read; stopping the servers to verify their audit chains");
    await Promise.all(nodes.map(stopNode));
    for (const [i, n] of nodes.entries()) {
      const db = await openDatabase({ dataDir: n.dir });
      try {
        const v = await verifyChain(db.db);
        (sides[i] as Side).auditChain = { ok: v.ok, detail: v.ok ? `${v.events} events` : `broken at event ${v.brokenAt}: ${v.reason}` };
      } finally {
        await db.close();
      }
    }
    const [a, b] = sides as [Side, Side];
    const kinds = a.messages.map((m) => m.kind).join(",");
    failure = firstDifference(a, b) ?? (kinds === MESSAGES.join(",") ? null : `the conversation is ${kinds}, not ${MESSAGES.join(",")}`);
  } catch (err) {
    failure = err instanceof Error ? err.message : String(err);
  } finally {
    await Promise.all(nodes.map(stopNode));
    for (const n of nodes) rmSync(n.dir, { recursive: true, force: true });
  }
  const agree = failure === null;
  if (JSON_OUT) {
    process.stdout.write(
      `${JSON.stringify({ agree, firstDifference: failure, seconds: (Date.now() - started) / 1000, sides }, null, 2)}\n`,
    );
  } else {
    for (const s of sides) process.stdout.write(`\n${printSide(s)}\n`);
    process.stdout.write(
      agree
        ? `\nBoth nodes agree message by message: ${sides[0]?.messages.length} messages, same ids, kinds, hashes and order; every message receipted; audit chains verify.\n`
        : `\nThe nodes do NOT agree: ${failure}\n`,
    );
  }
  if (!agree) progress(`FAILED: ${failure}`);
  return agree ? 0 : 1;
}

process.exitCode = await main();
