/**
 * npm run bench:exchange — the exchange between two nodes on loopback (issue 13 §6):
 *   - messages per second end to end: two nodes (US and RU), each a separate server process on its
 *     own embedded PGlite, set up and paired as `npm run demo:exchange` does; EXCHANGE_CASES cases
 *     (default 20) sent as requests, then EXCHANGE_MESSAGES (default 50) notices per case sent by
 *     the US officers through the API, one client per case — each notice written to the outbox in
 *     the case's transaction, signed, encrypted, delivered by the sender worker, checked and stored
 *     by RU, applied to its case and receipted (delivered, accepted), the receipts checked and stored
 *     by US. Timed from the first send to the last `accepted` receipt;
 *   - beside it, floors measured in the same run on the same bytes: (a) a bare Fastify route that
 *     inserts each sealed message (the very JWE strings the exchange sends) into the same table of a
 *     copy of RU's database, posted one at a time (as the sender worker does) and by one client per
 *     case; (b) `jose` sign+encrypt alone (seal.ts's `seal`), and decrypt+verify alone (`unseal`);
 *   - evidence: a 100 MB document (EXCHANGE_EVIDENCE_MB) uploaded at RU as a file (stored in chunks)
 *     and handed over as evidence — its 8 MiB chunks each sealed and pushed before the message — from RU to
 *     US, timed from the send to the `accepted` receipt (a 1 MB one first: what every transfer pays),
 *     and compared with copying as many bytes over a loopback TCP connection between two fresh
 *     processes; beside it, the least transfer between two such processes — each chunk encrypted and
 *     the whole file's SHA-256 checked, nothing else — in memory and from file to files (loopback.ts).
 * Targets: ≥ 500 messages/s and ≥ 0.3 × the plain-POST floor; evidence ≥ 0.5 × the raw copy.
 * `--write` replaces the marked section in BENCHMARKS.md.
 *
 * The same file is the node process (`--serve`: the server as `src/server/main.ts` starts it, with
 * the per-client rate limit lifted — the limit is not what is measured) and the floor's process
 * (`--floor` with FLOOR_DATA_DIR). EXCHANGE_PROFILE=DIR writes the nodes' CPU profiles there.
 */
import { createHash, randomUUID } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { spawn } from "node:child_process";
import Fastify from "fastify";
import { ensureFirstAdministrator } from "../src/accounts/bootstrapper.js";
import { DEFAULT_SECURITY, type SecuritySettings } from "../src/accounts/context.js";
import { readConfig } from "../src/config.js";
import { openDatabase } from "../src/db/database.js";
import { type Envelope, GENESIS, deliveryBytes } from "../src/exchange/envelope.js";
import { groupFingerprint } from "../src/exchange/fingerprint.js";
import { openKeyring } from "../src/exchange/keyring.js";
import { partnerDirectory } from "../src/exchange/partners.js";
import { startExchange } from "../src/exchange/runtime.js";
import { MAX_BATCH_MESSAGES, openSealed, seal, sealBatch, unseal, verifyMessage } from "../src/exchange/seal.js";
import { startSender } from "../src/exchange/sender.js";
import { startMessages } from "../src/exchange/startup.js";
import { readKnowledgeFiles } from "../src/knowledge/load.js";
import { loadReferenceData } from "../src/knowledge/reference-data.js";
import { buildKnowledgeBase } from "../src/law/knowledge.js";
import { systemClock } from "../src/security/clock.js";
import { buildApp } from "../src/server/app.js";
import { type Copy, type CopyKind, copiesBetweenProcesses, evidenceOf, ownCpu } from "./loopback.js";
import { type Node, type NodeSpec, api, eventually, must, pair, staffNode, startNode, stopNode } from "../scripts/exchange-nodes.js";

const CASES = Number(process.env.EXCHANGE_CASES ?? 20);
const PER_CASE = Number(process.env.EXCHANGE_MESSAGES ?? 50);
const EVIDENCE_MB = Number(process.env.EXCHANGE_EVIDENCE_MB ?? 100);
/** The per-client limit (600 a minute) is a policy, not what is measured: lifted in the bench's node processes. */
const SECURITY: SecuritySettings = { ...DEFAULT_SECURITY, apiPerMinute: 10_000_000, signInPerMinute: 1_000_000 };
const SELF = fileURLToPath(import.meta.url);
/** EXCHANGE_PROFILE=DIR: the node processes write V8 CPU profiles there (us/ and ru/, one file per thread: the largest is the main thread) when they stop. */
const PROFILE = (name: string) =>
  process.env.EXCHANGE_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${join(process.env.EXCHANGE_PROFILE, name)}`] : [];

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

const log = (line: string) => console.log(line);

interface ThreadMessage {
  id: string;
  kind: string;
  direction: string;
  status: string;
  receipts: { kind: string; issuer: string; at: string }[];
}

/** Opens `CASES` outgoing cases at US and sends each as a request; resolves when RU holds them all. */
async function openCases(us: Node, ru: Node): Promise<{ usCases: { id: string; version: number }[]; ruCases: string[] }> {
  const usCases: { id: string; version: number }[] = [];
  for (let i = 0; i < CASES; i++) {
    let c = await must<{ id: string; version: number }>(201, us, us.officer as string, "POST", "/cases", {
      direction: "outgoing",
      title: `Request for records ${i + 1} — benchmark`,
      requesting: "US",
      requested: "RU",
      confidentiality: "normal",
      requestDate: "2018-07-13",
      urgency: "normal",
      authority: US.authority,
      measures: [{ measure: "records", description: `Records of account ${40817810099910004312n + BigInt(i)}` }],
    });
    c = await must(200, us, us.supervisor as string, "POST", `/cases/${c.id}/transitions`, { version: c.version, action: "approve" });
    c = await must(200, us, us.officer as string, "POST", `/cases/${c.id}/transitions`, { version: c.version, action: "mark_translated" });
    const sent = await must<{ case: { id: string; version: number } }>(
      201,
      us,
      us.officer as string,
      "POST",
      `/cases/${c.id}/exchange/send`,
      {
        kind: "request",
        version: c.version,
        facts: "Funds of the victims passed through the account.",
      },
    );
    usCases.push({ id: sent.case.id, version: sent.case.version });
  }
  const waiting = await eventually(
    `${CASES} requests at RU`,
    async () => {
      const r = await api<{ items: { id: string }[] }>(ru, ru.officer as string, "GET", "/exchange/inbox-cases");
      return r.status === 200 && r.body.items.length >= CASES && r.body.items;
    },
    120_000,
    250,
  );
  return { usCases, ruCases: waiting.map((c) => c.id) };
}

/** Sends `count` notices on each case, one client per case; returns the ids sent and when the last API call returned. */
async function sendNotices(us: Node, cases: { id: string; version: number }[], count: number, label: string) {
  const ids: string[] = [];
  await Promise.all(
    cases.map(async (c) => {
      for (let i = 0; i < count; i++) {
        const sent = await must<{ case: { version: number }; message: { id: string } }>(
          201,
          us,
          us.officer as string,
          "POST",
          `/cases/${c.id}/exchange/send`,
          {
            kind: "notice",
            version: c.version,
            topic: "limits_on_use",
            text: `${label} notice ${i + 1}: the records may be used only in the proceedings named in the request (Art. 7 of the US–Russia MLAT).`,
            dates: [],
          },
        );
        c.version = sent.case.version;
        ids.push(sent.message.id);
      }
    }),
  );
  return { ids, apiDone: Date.now() };
}

/**
 * Waits until every message of `ids` is accepted at US; returns the latest `accepted` receipt's time
 * (the rate is timed from the receipts, not from this polling). One case's thread is read at a time,
 * every 250 ms, until it is done, so the polling costs the US node little beside the work measured.
 */
async function untilAccepted(
  us: Node,
  caseIds: string[],
  ids: string[],
): Promise<{ lastAccepted: number; rejected: number; receipts: number }> {
  const want = new Set(ids);
  const done = new Map<string, ThreadMessage>();
  for (const id of caseIds) {
    await eventually(
      `the messages of case ${id} accepted`,
      async () => {
        const t = await must<{ messages: ThreadMessage[] }>(200, us, us.officer as string, "GET", `/cases/${id}/exchange`);
        let open = 0;
        for (const m of t.messages) {
          if (!want.has(m.id)) continue;
          if (m.status === "accepted" || m.status === "rejected") done.set(m.id, m);
          else open++;
        }
        return open === 0;
      },
      600_000,
      250,
    );
  }
  if (done.size !== want.size) throw new Error(`${want.size - done.size} messages sent are in no case's thread`);
  let lastAccepted = 0;
  let rejected = 0;
  let receipts = 0;
  for (const m of done.values()) {
    if (m.status === "rejected") rejected++;
    receipts += m.receipts.length;
    for (const r of m.receipts) if (r.kind === "accepted") lastAccepted = Math.max(lastAccepted, Date.parse(r.at));
  }
  return { lastAccepted, rejected, receipts };
}

/**
 * CPU seconds a process has used so far (user + system, all its threads), from /proc (Linux). On a
 * shared machine the wall-clock rates depend on what else runs; CPU time per message does much less.
 */
function cpuSeconds(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    // After "pid (comm) ": state is field 3, so utime (14) and stime (15) are at 11 and 12.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/**
 * Uploads `bytes` at RU as a file of the case (streamed into chunks, as the web app does with a large
 * document) and hands it over as evidence to US: seconds from the send to US's `accepted` receipt (as
 * US timed it), each node's CPU seconds over that time, and whether US's copy has the SHA-256 sent.
 */
async function sendEvidence(
  us: Node,
  ru: Node,
  ruCase: string,
  usCaseIds: string[],
  bytes: ReturnType<typeof evidenceOf>,
  filename: string,
): Promise<{ seconds: number; cpu: [number, number]; arrived: boolean }> {
  const rc = await must<{ version: number }>(200, ru, ru.officer as string, "GET", `/cases/${ruCase}`);
  const q = new URLSearchParams({ version: String(rc.version), kind: "evidence", filename, contentType: "application/octet-stream" });
  const up = await fetch(`${ru.endpoint}/api/v1/cases/${ruCase}/documents?${q}`, {
    method: "PUT",
    headers: { authorization: `Bearer ${ru.officer}`, "content-type": "application/octet-stream" },
    body: bytes,
  });
  const doc = (await up.json()) as { id: string; sha256: string; caseVersion: number };
  if (up.status !== 201) throw new Error(`upload: ${up.status} ${JSON.stringify(doc)}`);
  const cpu0 = [cpuSeconds(us.child?.pid), cpuSeconds(ru.child?.pid)];
  const sentAt = Date.now();
  const ev = await must<{ message: { id: string } }>(201, ru, ru.officer as string, "POST", `/cases/${ruCase}/exchange/send`, {
    kind: "evidence",
    version: doc.caseVersion,
    documents: [{ documentId: doc.id, description: `Bank statement (benchmark, ${filename})` }],
    permittedPurposes: ["the investigation named in the request"],
    final: false,
  });
  // Polled gently: the time is the receipt's own, so polling often would only take CPU from the nodes.
  const m = await eventually(
    "the evidence accepted",
    async () => {
      const t = await must<{ messages: (ThreadMessage & { receipts: { kind: string; at: string }[] })[] }>(
        200,
        ru,
        ru.officer as string,
        "GET",
        `/cases/${ruCase}/exchange`,
      );
      const x = t.messages.find((y) => y.id === ev.message.id);
      return x && (x.status === "accepted" || x.status === "rejected") && x;
    },
    300_000,
    250,
  );
  // CPU to the moment this script saw the receipt: a little after.
  const cpu: [number, number] = [cpuSeconds(us.child?.pid) - (cpu0[0] ?? 0), cpuSeconds(ru.child?.pid) - (cpu0[1] ?? 0)];
  if (m.status !== "accepted") throw new Error(`the evidence was ${m.status}`);
  const acceptedAt = Date.parse(m.receipts.find((x) => x.kind === "accepted")?.at ?? "");
  let arrived = false;
  for (const c of usCaseIds) {
    const d = await must<{ documents: { kind: string; sha256: string }[] }>(200, us, us.officer as string, "GET", `/cases/${c}`);
    arrived ||= d.documents.some((x) => x.kind === "evidence" && x.sha256 === doc.sha256);
  }
  return { seconds: (acceptedAt - sentAt) / 1000, cpu, arrived };
}

/** Posts every sealed message to the floor route with `clients` clients; messages a second. */
async function postFloor(url: string, sealed: string[], clients: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (;;) {
        const i = next++;
        if (i >= sealed.length) return;
        const r = await fetch(url, { method: "POST", headers: { "content-type": "application/jose" }, body: sealed[i] });
        if (r.status !== 201) throw new Error(`floor answered ${r.status}: ${await r.text()}`);
        await r.arrayBuffer();
      }
    }),
  );
  return sealed.length / ((performance.now() - started) / 1000);
}

interface Row {
  what: string;
  rate: string;
  ratio: string;
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), "rogatory-xbench-"));
  const loads: number[] = [loadavg()[0] ?? 0];
  const started = Date.now();
  const nodes: Node[] = [];
  const rows: Row[] = [];
  try {
    log("Starting two nodes (US, RU), each its own server process and PGlite directory …");
    const [u, r] = await Promise.all([
      startNode(US, { root: tmp, command: [...PROFILE("us"), SELF, "--serve"] }),
      startNode(RU, { root: tmp, command: [...PROFILE("ru"), SELF, "--serve"] }),
    ]);
    nodes.push(u.node, r.node);
    const [us, ru] = [u.node, r.node];
    await Promise.all([staffNode(us, u.oneTimePassword), staffNode(ru, r.oneTimePassword)]);
    await pair(us, ru, log);
    log(`Opening ${CASES} cases at US and sending them to RU as requests …`);
    const { usCases, ruCases } = await openCases(us, ru);
    const caseIds = usCases.map((c) => c.id);
    // Warm-up: one notice per case (JIT, prepared statements, connections), not counted.
    const warm = await sendNotices(us, usCases, 1, "Warm-up");
    await untilAccepted(us, caseIds, warm.ids);
    loads.push(loadavg()[0] ?? 0);

    const n = CASES * PER_CASE;
    log(`Sending ${n} notices (${PER_CASE} on each of ${CASES} cases, one client per case) …`);
    const cpu0 = [cpuSeconds(us.child?.pid), cpuSeconds(ru.child?.pid)];
    const t0 = Date.now();
    const sent = await sendNotices(us, usCases, PER_CASE, "Measured");
    const done = await untilAccepted(us, caseIds, sent.ids);
    // CPU per message at each node (the polling of the threads by this script included: a small overestimate at US).
    const [usCpu, ruCpu] = [cpuSeconds(us.child?.pid) - (cpu0[0] ?? 0), cpuSeconds(ru.child?.pid) - (cpu0[1] ?? 0)].map(
      (c) => (c / n) * 1000,
    ) as [number, number];
    loads.push(loadavg()[0] ?? 0);
    const seconds = (done.lastAccepted - t0) / 1000;
    const e2e = n / seconds;
    const apiRate = n / ((sent.apiDone - t0) / 1000);
    log(
      `  end to end: ${n} messages in ${seconds.toFixed(2)} s = ${e2e.toFixed(0)} messages/s (the officers' API sends alone took ${((sent.apiDone - t0) / 1000).toFixed(2)} s, ${apiRate.toFixed(0)}/s); rejected ${done.rejected}; receipts held by US ${done.receipts} (3 per message: ${done.receipts === 3 * n})`,
    );
    // RU applied every one: its threads hold them, applied.
    let applied = 0;
    for (const id of ruCases) {
      const t = await must<{ messages: ThreadMessage[] }>(200, ru, ru.officer as string, "GET", `/cases/${id}/exchange`);
      applied += t.messages.filter((m) => m.kind === "notice" && m.status === "applied").length;
    }
    log(`  CPU per message: US ${usCpu.toFixed(2)} ms, RU ${ruCpu.toFixed(2)} ms`);
    log(`  RU applied ${applied} of ${n + CASES} notices (measured and warm-up)`);

    // The exchange alone: the same number of notices queued while US's sender is held, then released.
    log(`Queueing ${n} more notices at US with its sender held, then releasing it …`);
    const usChild = us.child;
    if (!usChild) throw new Error("the US node has no process");
    const held = (us.output().match(/bench: sender held/g) ?? []).length;
    usChild.kill("SIGUSR1");
    await eventually("US's sender held", async () => (us.output().match(/bench: sender held/g) ?? []).length > held, 30_000, 50);
    const queued = await sendNotices(us, usCases, PER_CASE, "Queued");
    const cpuQ0 = [cpuSeconds(us.child?.pid), cpuSeconds(ru.child?.pid)];
    const tq = Date.now();
    usChild.kill("SIGUSR2");
    const doneQ = await untilAccepted(us, caseIds, queued.ids);
    const [usCpuQ, ruCpuQ] = [cpuSeconds(us.child?.pid) - (cpuQ0[0] ?? 0), cpuSeconds(ru.child?.pid) - (cpuQ0[1] ?? 0)].map(
      (c) => (c / n) * 1000,
    ) as [number, number];
    const qSeconds = (doneQ.lastAccepted - tq) / 1000;
    const exchangeRate = n / qSeconds;
    log(
      `  exchange alone: ${n} queued messages in ${qSeconds.toFixed(2)} s = ${exchangeRate.toFixed(0)} messages/s; rejected ${doneQ.rejected}; receipts ${doneQ.receipts} (3 per message: ${doneQ.receipts === 3 * n}); CPU per message US ${usCpuQ.toFixed(2)} ms, RU ${ruCpuQ.toFixed(2)} ms`,
    );
    loads.push(loadavg()[0] ?? 0);

    // Evidence, RU → US: first 1 MB (what every transfer pays whatever its size, and the chunk path's
    // warm-up), then EVIDENCE_MB.
    const ruCase = ruCases[0] as string;
    const small = await sendEvidence(us, ru, ruCase, caseIds, evidenceOf(1), "выписка-малая.bin");
    log(
      `  evidence: 1 MB in ${(small.seconds * 1000).toFixed(0)} ms send → accepted (SHA-256 at US ${small.arrived ? "equal" : "DIFFERENT"})`,
    );
    const evidenceBytes = evidenceOf(EVIDENCE_MB);
    const large = await sendEvidence(us, ru, ruCase, caseIds, evidenceBytes, "выписка-большая.bin");
    const evSeconds = large.seconds;
    const evRate = EVIDENCE_MB / evSeconds;
    const [evUsCpu, evRuCpu] = large.cpu;
    log(
      `  evidence: ${EVIDENCE_MB} MB in ${evSeconds.toFixed(2)} s = ${evRate.toFixed(1)} MB/s (SHA-256 at US ${large.arrived ? "equal" : "DIFFERENT"})`,
    );
    loads.push(loadavg()[0] ?? 0);

    log("Stopping the nodes; floors on the same bytes …");
    await Promise.all(nodes.map(stopNode));

    // (b) jose alone: seal (sign + encrypt) the measured envelopes as the sender does, then open them as RU does.
    const usDb = await openDatabase({ dataDir: us.dir });
    const usKeys = await openKeyring({
      db: usDb.db,
      clock: systemClock,
      node: { jurisdiction: "US", authority: US.authority, endpoint: us.endpoint },
      passphrase: us.passphrase,
    });
    const ruAtUs = (await partnerDirectory(usDb.db).byJurisdiction("RU"))[0];
    if (!ruAtUs) throw new Error("RU is not a partner at US");
    const envelopes = (
      await usDb.db.selectFrom("exchange_message").select(["id", "envelope"]).where("id", "in", sent.ids).orderBy("created_at").execute()
    ).map((m) => JSON.parse(m.envelope) as Envelope);
    const payloads = envelopes.map((e) => deliveryBytes({ envelope: e, sealedAt: new Date().toISOString() }));
    let t = performance.now();
    let c = ownCpu();
    const sealed: string[] = [];
    for (const p of payloads) sealed.push(await seal(usKeys, ruAtUs, p));
    const sealRate = sealed.length / ((performance.now() - t) / 1000);
    const sealCpu = ((ownCpu() - c) / sealed.length) * 1000;
    await usDb.close();
    const ruDb = await openDatabase({ dataDir: ru.dir });
    const ruKeys = await openKeyring({
      db: ruDb.db,
      clock: systemClock,
      node: { jurisdiction: "RU", authority: RU.authority, endpoint: ru.endpoint },
      passphrase: ru.passphrase,
    });
    const dir = partnerDirectory(ruDb.db);
    t = performance.now();
    c = ownCpu();
    for (const s of sealed) {
      const o = await unseal(ruKeys, dir, s, new Date());
      if (!o.ok) throw new Error(`unseal: ${o.reason} ${o.detail}`);
    }
    const unsealRate = sealed.length / ((performance.now() - t) / 1000);
    const unsealCpu = ((ownCpu() - c) / sealed.length) * 1000;
    // The same in batches of 100 (sealBatch: each signed, the batch encrypted once), as the sender delivers now.
    const ruAtUs2 = ruAtUs;
    const usDb2 = await openDatabase({ dataDir: us.dir });
    const usKeys2 = await openKeyring({
      db: usDb2.db,
      clock: systemClock,
      node: { jurisdiction: "US", authority: US.authority, endpoint: us.endpoint },
      passphrase: us.passphrase,
    });
    const batchSize = Math.min(100, MAX_BATCH_MESSAGES);
    t = performance.now();
    const batches: string[] = [];
    for (let i = 0; i < payloads.length; i += batchSize) batches.push(await sealBatch(usKeys2, ruAtUs2, payloads.slice(i, i + batchSize)));
    const sealBatchRate = payloads.length / ((performance.now() - t) / 1000);
    await usDb2.close();
    t = performance.now();
    for (const b of batches) {
      const o = await openSealed(ruKeys, dir, b, new Date());
      if (!o.ok || !("batch" in o)) throw new Error("openSealed: not a batch");
      const keys = new Map<string, Promise<unknown>>();
      for (const jws of o.batch) if (!(await verifyMessage(dir, jws, new Date(), keys)).ok) throw new Error("verifyMessage failed");
    }
    const openBatchRate = payloads.length / ((performance.now() - t) / 1000);
    await ruDb.close();
    const meanBytes = sealed.reduce((a, s) => a + s.length, 0) / sealed.length;
    log(
      `  jose: seal (sign + encrypt) ${sealRate.toFixed(0)}/s, unseal (decrypt + verify) ${unsealRate.toFixed(0)}/s; sealed message ${meanBytes.toFixed(0)} bytes; in batches of ${batchSize}: seal ${sealBatchRate.toFixed(0)}/s, open + verify ${openBatchRate.toFixed(0)}/s`,
    );

    // (a) the plain POST floor: the same sealed bytes into the same table of a copy of RU's database.
    const floorDir = join(tmp, "floor");
    cpSync(ru.dir, floorDir, { recursive: true });
    const floor = await startFloor(floorDir);
    let floorSeq = 0;
    let floorConc = 0;
    let floorCpu = 0;
    try {
      const f0 = cpuSeconds(floor.pid);
      floorSeq = await postFloor(floor.url, sealed, 1);
      floorCpu = ((cpuSeconds(floor.pid) - f0) / sealed.length) * 1000;
      floorConc = await postFloor(floor.url, sealed, CASES);
    } finally {
      floor.stop();
    }
    log(
      `  plain POST floor: ${floorSeq.toFixed(0)}/s one at a time (CPU ${floorCpu.toFixed(2)} ms a message), ${floorConc.toFixed(0)}/s with ${CASES} clients`,
    );
    loads.push(loadavg()[0] ?? 0);

    // The copies over loopback, each between two fresh processes (bench/loopback.ts), the best of five
    // with both ends' CPU: the raw copy the target is set against, and the least transfer — the
    // smallest program that still encrypts each chunk and checks the whole file's SHA-256 — without
    // (memory to memory) and with the files at both ends.
    const best = async (kind: CopyKind) => {
      const all = await copiesBetweenProcesses(kind, EVIDENCE_MB, 5);
      const top = [...all].sort((a, b) => a.seconds - b.seconds)[0] as Copy;
      const rate = EVIDENCE_MB / top.seconds;
      const cpuPerMb = (top.cpu / EVIDENCE_MB) * 1000;
      log(
        `  ${kind} copy: ${EVIDENCE_MB} MB at ${rate.toFixed(0)} MB/s (best of ${all.map((r) => (EVIDENCE_MB / r.seconds).toFixed(0)).join(", ")}), ${cpuPerMb.toFixed(2)} ms CPU per MB at both ends`,
      );
      return { rate, cpuPerMb };
    };
    const raw = await best("raw");
    const leastMemory = await best("least-memory");
    const leastFiles = await best("least-files");
    // Both nodes share this machine's cores: however the least transfer's work were split into
    // threads, it could not run faster than all of them busy with it all the time.
    const cores = cpus().length;
    const spread = (cores * 1000) / leastFiles.cpuPerMb;
    loads.push(loadavg()[0] ?? 0);

    /** A ratio with two significant digits when small (0.0012×), else two decimals. */
    const x = (a: number, b: number) => `${a / b < 0.1 ? (a / b).toPrecision(2) : (a / b).toFixed(2)}×`;
    rows.push(
      {
        what: `the exchange: ${n} notices over ${CASES} cases queued in the outbox, sender released → accepted receipt stored at the sender`,
        rate: `${exchangeRate.toFixed(0)} msg/s`,
        ratio: "",
      },
      {
        what: "floor (a): bare Fastify route inserting the sealed bytes, one at a time",
        rate: `${floorSeq.toFixed(0)} msg/s`,
        ratio: x(exchangeRate, floorSeq),
      },
      { what: `floor (a): the same with ${CASES} clients`, rate: `${floorConc.toFixed(0)} msg/s`, ratio: x(exchangeRate, floorConc) },
      {
        what: "floor (b): jose sign + encrypt alone, one message a JWE (seal)",
        rate: `${sealRate.toFixed(0)} msg/s`,
        ratio: x(exchangeRate, sealRate),
      },
      {
        what: `floor (b): jose sign + encrypt alone, ${batchSize} messages a JWE (sealBatch, as the sender delivers)`,
        rate: `${sealBatchRate.toFixed(0)} msg/s`,
        ratio: x(exchangeRate, sealBatchRate),
      },
      {
        what: `jose decrypt + verify alone: one a JWE (unseal) / ${batchSize} a JWE (openSealed + verifyMessage), for the profile`,
        rate: `${unsealRate.toFixed(0)} / ${openBatchRate.toFixed(0)} msg/s`,
        ratio: "",
      },
      {
        what: "CPU per message (user + system), the exchange alone: US / RU",
        rate: `${usCpuQ.toFixed(2)} / ${ruCpuQ.toFixed(2)} ms`,
        ratio: "",
      },
      {
        what: `with the officers' API sends: ${n} notices over ${CASES} cases, API send → accepted receipt stored at the sender`,
        rate: `${e2e.toFixed(0)} msg/s`,
        ratio: "",
      },
      { what: "of which: the officers' API sends (outbox writes), alone", rate: `${apiRate.toFixed(0)} msg/s`, ratio: "" },
      {
        what: "CPU per message (user + system) with the API sends: US / RU; the plain-POST floor; seal; unseal",
        rate: `${usCpu.toFixed(2)} / ${ruCpu.toFixed(2)}; ${floorCpu.toFixed(2)}; ${sealCpu.toFixed(2)}; ${unsealCpu.toFixed(2)} ms`,
        ratio: "",
      },
      {
        what: `evidence: ${EVIDENCE_MB} MB document (stored and sent in 8 MiB chunks), RU → US, send → accepted`,
        rate: `${evRate.toFixed(1)} MB/s`,
        ratio: "",
      },
      {
        what: `raw loopback TCP copy of ${EVIDENCE_MB} MB between two fresh processes, memory to memory (best of 5 after one not counted)`,
        rate: `${raw.rate.toFixed(0)} MB/s`,
        ratio: x(evRate, raw.rate),
      },
      {
        what: `the least transfer, memory to memory: the same copy with each 8 MiB chunk encrypted (AES-256-GCM, its own key) and the whole file's SHA-256 checked at the receiver; no signatures, HTTP, database or answers (best of 5)`,
        rate: `${leastMemory.rate.toFixed(0)} MB/s`,
        ratio: `${x(evRate, leastMemory.rate)} (it is ${x(leastMemory.rate, raw.rate)} the raw copy)`,
      },
      {
        what: `the least transfer of a file: the same, read from the sender's file and each chunk written to a file at the receiver (best of 5)`,
        rate: `${leastFiles.rate.toFixed(0)} MB/s`,
        ratio: `${x(evRate, leastFiles.rate)} (it is ${x(leastFiles.rate, raw.rate)} the raw copy)`,
      },
      {
        what: `the same work spread perfectly over the ${cores} cores: ${cores} ÷ its CPU per MB at both ends (${leastFiles.cpuPerMb.toFixed(2)} ms), the most any implementation of the checks could do here`,
        rate: `${spread.toFixed(0)} MB/s`,
        ratio: `${x(evRate, spread)} (it is ${x(spread, raw.rate)} the raw copy)`,
      },
      {
        what: "CPU (user + system) per MB at both ends: the raw copy; the least transfer in memory; of a file",
        rate: `${raw.cpuPerMb.toFixed(2)}; ${leastMemory.cpuPerMb.toFixed(2)}; ${leastFiles.cpuPerMb.toFixed(2)} ms`,
        ratio: "",
      },
      {
        what: "CPU (user + system) of each node during the evidence transfer: US (receiving) / RU (sending)",
        rate: `${((evUsCpu / EVIDENCE_MB) * 1000).toFixed(1)} / ${((evRuCpu / EVIDENCE_MB) * 1000).toFixed(1)} ms per MB`,
        ratio: "",
      },
      {
        what: "evidence: 1 MB document, RU → US, send → accepted (what every transfer pays whatever its size: the send, a status request, the chunk, the sealed evidence message, its receipts)",
        rate: `${(small.seconds * 1000).toFixed(0)} ms`,
        ratio: "",
      },
    );
    const verdict = [
      `Targets (the exchange): ≥ 500 msg/s — ${exchangeRate.toFixed(0)} (${exchangeRate >= 500 ? "met" : "missed"}); ≥ 0.3 × the plain-POST floor — ${(exchangeRate / floorSeq).toFixed(2)} × one at a time, ${(exchangeRate / floorConc).toFixed(2)} × with ${CASES} clients (${exchangeRate / floorConc >= 0.3 ? "met" : exchangeRate / floorSeq >= 0.3 ? "met against the sequential floor only" : "missed"}); evidence ≥ 0.5 × the raw copy — ${(evRate / raw.rate).toPrecision(2)} × (${evRate / raw.rate >= 0.5 ? "met" : "missed"}; the least transfer of a file reaches ${(leastFiles.rate / raw.rate).toFixed(2)} ×, in memory ${(leastMemory.rate / raw.rate).toFixed(2)} ×, and its work spread perfectly over the ${cores} cores ${(spread / raw.rate).toFixed(2)} ×). With the officers' API sends in the same time: ${e2e.toFixed(0)} msg/s.`,
      `Checks: rejected ${done.rejected + doneQ.rejected}; every measured message holds its 3 receipts at US: ${done.receipts === 3 * n && doneQ.receipts === 3 * n}; RU applied ${applied} of ${n + CASES} before the queued phase; evidence SHA-256 equal at US: ${small.arrived && large.arrived}.`,
    ];
    const text = [
      `${CASES} cases × ${PER_CASE} notices = ${n} messages; two nodes, each its own server process on embedded PGlite, on loopback; ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, measured ${new Date().toISOString().slice(0, 10)} in ${((Date.now() - started) / 1000).toFixed(0)} s; load average during the run ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}.`,
      "",
      "| what | rate | exchange ÷ this |",
      "| --- | ---: | ---: |",
      ...rows.map((r) => `| ${r.what} | ${r.rate} | ${r.ratio} |`),
      "",
      ...verdict,
    ].join("\n");
    console.log(`\n${text}`);
    if (process.argv.includes("--write")) {
      const file = new URL("../BENCHMARKS.md", import.meta.url);
      const md = readFileSync(file, "utf8");
      const start = "<!-- bench:exchange -->";
      const end = "<!-- /bench:exchange -->";
      const block = `${start}\n${text}\n${end}`;
      writeFileSync(file, md.includes(start) ? md.replace(new RegExp(`${start}[\\s\\S]*?${end}`), block) : `${md.trimEnd()}\n\n${block}\n`);
    }
  } finally {
    await Promise.all(nodes.map(stopNode));
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Starts the floor process on a database directory; resolves with its URL. */
function startFloor(dataDir: string): Promise<{ url: string; pid: number | undefined; stop: () => void }> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, ["--import", "tsx", SELF, "--floor"], {
      env: { ...process.env, FLOOR_DATA_DIR: dataDir },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stderr?.on("data", (d: Buffer) => {
      err += d.toString();
    });
    child.stdout?.on("data", (d: Buffer) => {
      const m = /LISTENING (\S+)/.exec(d.toString());
      if (m?.[1]) res({ url: `${m[1]}/floor`, pid: child.pid, stop: () => child.kill("SIGKILL") });
    });
    child.on("exit", (code) => rej(new Error(`floor exited with ${code}: ${err.slice(-2000)}`)));
  });
}

// ───────────────────────────── the processes ─────────────────────────────

/** A node: the server as src/server/main.ts starts it (first administrator, exchange, sender worker), without the per-client rate limit. */
async function serveNode(): Promise<void> {
  const config = readConfig();
  const files = readKnowledgeFiles();
  const kb = buildKnowledgeBase(files);
  const database = await openDatabase({ dataDir: config.dataDir });
  const { hash } = await loadReferenceData({ db: database.db, kb, files });
  const first = await ensureFirstAdministrator(
    { db: database.db, clock: systemClock, settings: SECURITY },
    { organisationName: config.organisationName, email: config.adminEmail, jurisdiction: config.jurisdiction },
  );
  if (first) console.log(`    one-time password:  ${first.oneTimePassword}`);
  if (!config.exchange) throw new Error("the bench's node needs ROGATORY_NODE_KEY_PASSPHRASE");
  const exchange = await startExchange(database.db, systemClock, { ...config.exchange, jurisdiction: config.jurisdiction });
  console.log(
    `  Signing key fingerprint (compare it with partners out of band): ${groupFingerprint((await exchange.keyring.current("sig")).fingerprint)}`,
  );
  const messages = await startMessages({ runtime: exchange, db: database.db, clock: systemClock, kb, files, soleInstance: true });
  const app = await buildApp({
    kb,
    files,
    database,
    knowledgeHash: hash,
    webDir: "/nonexistent",
    security: SECURITY,
    exchange,
    exchangeMessages: messages.ctx,
  });
  await app.listen({ port: config.port, host: "127.0.0.1" });
  console.log(`Rogatory is running at http://127.0.0.1:${config.port}`);
  // The bench holds the sender worker (SIGUSR1) while it queues messages through the API, then lets
  // it go (SIGUSR2): the exchange alone is timed from the outbox to the receipts.
  let worker = messages.worker;
  process.on("SIGUSR1", () => {
    void worker.stop().then(() => console.log("bench: sender held"));
  });
  process.on("SIGUSR2", () => {
    worker = startSender(messages.ctx);
    messages.ctx.wake = () => worker.wake();
    console.log("bench: sender released");
  });
  process.on("SIGTERM", () => {
    void worker
      .stop()
      .then(() => app.close())
      .then(() => database.close())
      .then(() => process.exit(0));
  });
}

/** The plain-POST floor: a bare Fastify route inserting each body, as it came, into exchange_message. */
async function serveFloor(): Promise<void> {
  const database = await openDatabase({ dataDir: process.env.FLOOR_DATA_DIR });
  const partner = await database.db.selectFrom("exchange_partner").select("id").executeTakeFirstOrThrow();
  const app = Fastify({ bodyLimit: 17 * 1024 * 1024 });
  app.addContentTypeParser("application/jose", { parseAs: "string" }, (_req, body, done) => done(null, body));
  let seq = 0;
  app.post("/floor", async (req, reply) => {
    const body = req.body as string;
    const now = new Date();
    await database.db
      .insertInto("exchange_message")
      .values({
        id: randomUUID(),
        direction: "in",
        kind: "notice",
        partner_id: partner.id,
        case_id: null,
        requesting_jurisdiction: "US",
        requesting_reference: `FLOOR-${process.pid}`,
        seq: ++seq,
        prev: GENESIS,
        hash: createHash("sha256").update(body).digest("hex"),
        sent_at: now,
        urgent: false,
        envelope: body,
        jws: null,
        status: "held",
        reason: null,
        next_attempt_at: null,
        last_error: null,
        created_at: now,
        done_at: null,
      })
      .execute();
    return reply.status(201).send({ ok: true });
  });
  const address = await app.listen({ port: 0, host: "127.0.0.1" });
  console.log(`LISTENING ${address}`);
}

if (process.argv.includes("--serve")) await serveNode();
else if (process.argv.includes("--floor")) await serveFloor();
else await main();
