/**
 * `rogatory exchange identity|partners|rotate|revoke|export|import`: the exchange's keys, partners and signed packages from the
 * server's console (on embedded PGlite, stop the server first, as for every command that writes).
 */
import { readFileSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import { actorOf, findByEmail } from "../accounts/users.js";
import { allow } from "../policies/policy.js";
import { readConfig } from "../config.js";
import type { OpenDatabase } from "../db/database.js";
import { DomainError } from "../errors.js";
import { groupFingerprint } from "../exchange/fingerprint.js";
import { identityDocument } from "../exchange/identity.js";
import type { NodeKeyView } from "../exchange/keyring.js";
import { addPartner, type ChangeActor, refreshPartner, setPartnerStatus } from "../exchange/partnerRegistrar.js";
import { listPartners, type PartnerView } from "../exchange/partners.js";
import { activateNextKeys, DEFAULT_OVERLAP_DAYS, revokeKey, rotateKeys } from "../exchange/rotation.js";
import { EXCHANGE_OFF_MESSAGE, type ExchangeRuntime, startExchange } from "../exchange/runtime.js";
import { systemClock } from "../security/clock.js";
import { readKnowledgeFiles } from "../knowledge/load.js";
import { buildKnowledgeBase } from "../law/knowledge.js";
import { exchangeContext } from "../exchange/node.js";
import { exportPackage, importPackage, type PackagingContext } from "../exchange/packaging.js";
import type { Actor } from "../policies/policy.js";

/** What the exchange commands borrow from the CLI's main module. */
export interface CliDeps {
  print: (s: string) => void;
  withDatabase: <T>(fn: (db: OpenDatabase) => Promise<T>) => Promise<T>;
  /** An error that ends the command with this exit code and message. */
  fail: (exitCode: number, message: string) => Error;
}

const CONSOLE: ChangeActor = { userId: null, label: "server console (rogatory exchange)" };
const NO_IP = { ip: null };

function keyLine(k: NodeKeyView | PartnerView["keys"][number]): string {
  const until = k.revokedAt ? ` revoked ${k.revokedAt}` : k.status === "retired" && k.acceptUntil ? ` accepted until ${k.acceptUntil}` : "";
  return `  ${k.use === "sig" ? "signing   " : "encryption"} ${k.status.padEnd(8)} ${groupFingerprint(k.fingerprint)}${until}`;
}

function partnerLines(p: PartnerView): string[] {
  return [
    `${p.jurisdiction}  ${p.authority}  [${p.status}]`,
    `  id ${p.id} (version ${p.version})`,
    `  endpoint ${p.endpoint}`,
    `  fingerprint ${p.fingerprintGrouped}`,
    `  identity of ${p.identityIssuedAt}, read ${p.refreshedAt}`,
    ...p.keys.map(keyLine),
  ];
}

/** Adds the `exchange` command and its subcommands to the program. */
export function addExchangeCommands(program: Command, deps: CliDeps): void {
  const { print, fail } = deps;
  /** Runs with the exchange on, or exits 1 saying how to turn it on. */
  const withExchange = <T>(fn: (x: ExchangeRuntime, d: OpenDatabase) => Promise<T>): Promise<T> => {
    const config = readConfig();
    const settings = config.exchange;
    if (!settings) throw fail(1, EXCHANGE_OFF_MESSAGE);
    return deps.withDatabase(async (d) =>
      fn(await startExchange(d.db, systemClock, { ...settings, jurisdiction: config.jurisdiction }), d),
    );
  };
  /** The administrator named by --as, for the audit trail of partner changes. */
  const administrator = async (d: OpenDatabase, email: string): Promise<ChangeActor> => {
    const u = await findByEmail(d.db, email);
    if (!u || u.disabled_at) throw fail(2, `error: --as: no active user with the email ${email}`);
    const actor = actorOf(u);
    if (!allow(actor, "exchange:partners:manage")) throw fail(2, `error: --as: ${email} is not an administrator`);
    return { userId: actor.userId, label: actor.label };
  };
  /** The officer or supervisor named by --as, who exports or imports a package. */
  const caseWorker = async (d: OpenDatabase, email: string): Promise<Actor> => {
    const u = await findByEmail(d.db, email);
    if (!u || u.disabled_at) throw fail(2, `error: --as: no active user with the email ${email}`);
    const actor = actorOf(u);
    if (!allow(actor, "exchange:send")) throw fail(2, `error: --as: ${email} is not an officer or supervisor of the central authority`);
    return actor;
  };
  /** The message context of the exchange on the console (no sender worker: packages need none). */
  const packaging = async (x: ExchangeRuntime, d: OpenDatabase): Promise<PackagingContext> => {
    const org = await d.db
      .selectFrom("organisation")
      .select("id")
      .where("kind", "=", "central_authority")
      .where("name", "=", x.keyring.node.authority)
      .orderBy("created_at")
      .executeTakeFirst();
    if (!org) throw fail(1, `No central authority organisation is named "${x.keyring.node.authority}".`);
    const files = readKnowledgeFiles();
    const exchange = await exchangeContext({
      db: d.db,
      clock: systemClock,
      kb: buildKnowledgeBase(files),
      files,
      keyring: x.keyring,
      directory: x.directory,
      organisationId: org.id,
    });
    return { exchange, keyring: x.keyring, directory: x.directory };
  };
  /** Runs a command, turning a refusal (wrong fingerprint, partner unreachable…) into exit 1 with its words. */
  const refusing = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof DomainError) throw fail(1, `${err.code}: ${err.message}`);
      throw err;
    }
  };

  const exchange = program
    .command("exchange")
    .description("the exchange between central authorities: this node's identity and keys, its partners, and signed packages");

  exchange
    .command("identity")
    .description("this node's identity and keys; read the signing fingerprint to a partner authority out of band")
    .option("--json", "print the identity document as served at /api/v1/exchange/identity")
    .action(async (o: { json?: boolean }) =>
      withExchange(async (x) => {
        const doc = await identityDocument(x.keyring);
        if (o.json) return print(JSON.stringify(doc, null, 2));
        print(`${doc.authority} (${doc.jurisdiction}) at ${doc.endpoint}`);
        print(`Fingerprint of the current signing key (compare it by telephone or diplomatic note):`);
        print(`  ${doc.fingerprintGrouped}`);
        print("Keys:");
        for (const k of await x.keyring.keys()) print(keyLine(k));
      }),
    );

  const partners = exchange.command("partners").description("the partner nodes this node trusts");
  partners
    .command("list", { isDefault: true })
    .description("every partner with its keys")
    .option("--json", "print JSON")
    .action(async (o: { json?: boolean }) =>
      withExchange(async (x) => {
        const list = await listPartners(x.partners.db);
        if (o.json) return print(JSON.stringify(list, null, 2));
        if (list.length === 0) print("No partners yet: add one with rogatory exchange partners add.");
        for (const p of list) print(partnerLines(p).join("\n"));
      }),
    );
  partners
    .command("add")
    .description("add a partner by its endpoint (or its identity file) and the fingerprint its authority gave you out of band")
    .option("--endpoint <url>", "the partner node's public base URL")
    .option("--identity-file <file>", "its identity document (identity --json), for a partner reached only by signed packages")
    .requiredOption("--fingerprint <text>", "its signing-key fingerprint (spaces between groups are ignored)")
    .requiredOption("--as <email>", "the administrator making the change")
    .action(async (o: { endpoint?: string; identityFile?: string; fingerprint: string; as: string }) => {
      let identity: unknown;
      if (o.identityFile !== undefined)
        try {
          identity = JSON.parse(readFileSync(o.identityFile, "utf8"));
        } catch {
          throw fail(2, `error: --identity-file: cannot read ${o.identityFile} as JSON`);
        }
      else if (o.endpoint === undefined) throw fail(2, "error: give --endpoint or --identity-file");
      await withExchange(async (x, d) => {
        const actor = await administrator(d, o.as);
        const p = await refusing(() =>
          addPartner(x.partners, actor, { endpoint: o.endpoint, fingerprint: o.fingerprint, identity }, NO_IP),
        );
        print(`Partner added:\n${partnerLines(p).join("\n")}`);
      });
    });
  partners
    .command("refresh")
    .description("read a partner's identity again (its new or revoked keys); --fingerprint to pair anew after it lost every trusted key")
    .argument("<id>", "the partner's id")
    .option("--fingerprint <text>", "the fingerprint compared again out of band")
    .requiredOption("--as <email>", "the administrator making the change")
    .action(async (id: string, o: { fingerprint?: string; as: string }) =>
      withExchange(async (x, d) => {
        const actor = await administrator(d, o.as);
        const p = await refusing(() => refreshPartner(x.partners, actor, id, { fingerprint: o.fingerprint }, NO_IP));
        print(`Partner refreshed:\n${partnerLines(p).join("\n")}`);
      }),
    );
  for (const [name, status] of [
    ["suspend", "suspended"],
    ["resume", "active"],
  ] as const)
    partners
      .command(name)
      .description(
        status === "suspended" ? "send nothing to a partner and accept nothing from it" : "make a suspended partner active again",
      )
      .argument("<id>", "the partner's id")
      .requiredOption("--as <email>", "the administrator making the change")
      .action(async (id: string, o: { as: string }) =>
        withExchange(async (x, d) => {
          const actor = await administrator(d, o.as);
          const current = (await listPartners(x.partners.db)).find((p) => p.id === id);
          if (!current) throw fail(2, `error: no partner ${id}`);
          const p = await refusing(() => setPartnerStatus(x.partners, actor, id, { status, version: current.version }, NO_IP));
          print(`${p.jurisdiction} ${p.authority}: ${p.status}.`);
        }),
      );

  exchange
    .command("rotate")
    .description("publish a next key pair beside the current one; --activate makes it current and retires the old pair")
    .option("--activate", "make the published next pair current")
    .option("--overlap-days <n>", `with --activate: how long partners still accept the old pair (default ${DEFAULT_OVERLAP_DAYS})`)
    .action(async (o: { activate?: boolean; overlapDays?: string }) => {
      const days = o.overlapDays === undefined ? DEFAULT_OVERLAP_DAYS : Number(o.overlapDays);
      if (!Number.isInteger(days) || days < 0 || days > 365) throw fail(2, "error: --overlap-days must be a whole number from 0 to 365");
      await withExchange(async (x) => {
        if (o.activate) {
          const keys = await refusing(() => activateNextKeys(x.keyring, CONSOLE, days));
          print(`The next keys are now current; the old ones are accepted for ${days} more day(s).`);
          for (const k of keys.filter((k) => k.status !== "revoked")) print(keyLine(k));
          print(`New signing fingerprint: ${groupFingerprint((await x.keyring.current("sig")).fingerprint)}`);
        } else {
          const created = await refusing(() => rotateKeys(x.keyring, CONSOLE));
          print("Next keys published beside the current ones (partners learn them when they refresh):");
          for (const k of created) print(keyLine(k));
          print("When partners have refreshed, run: rogatory exchange rotate --activate");
        }
      });
    });

  exchange
    .command("revoke")
    .description("revoke one of this node's keys from now on (a compromised key)")
    .argument("<kid...>", "the key's id: its fingerprint, as shown (spaces between its groups are ignored)")
    // A base64url fingerprint begins with "-" one time in 64: taken as an argument, not an unknown option.
    .allowUnknownOption()
    .action(async (kid: string[]) =>
      withExchange(async (x) => {
        const { revoked, replacedBy } = await refusing(() => revokeKey(x.keyring, CONSOLE, kid.join("").replace(/\s+/g, "")));
        print(`Revoked:${keyLine(revoked)}`);
        if (replacedBy)
          print(
            `Now current:${keyLine(replacedBy)}\nPartners that did not know it must compare this fingerprint again out of band and refresh with it.`,
          );
        print("Partners refuse the key once they refresh this node's identity: ask them to, or wait for their next refresh.");
      }),
    );

  exchange
    .command("export")
    .description(
      "write the case's signed package (for a partner reached without a network link): sends a request never sent, else its latest outgoing message",
    )
    .argument("<case>", "the case's id or reference")
    .requiredOption("--out <file>", "where to write the package (zip)")
    .requiredOption("--as <email>", "the officer or supervisor exporting it (recorded on the case)")
    .option("--facts <text>", "for a request never sent: the facts as the request states them")
    .action(async (ref: string, o: { out: string; as: string; facts?: string }) =>
      withExchange(async (x, d) => {
        const actor = await caseWorker(d, o.as);
        const row = await d.db
          .selectFrom("case_file")
          .select(["id", "version"])
          .where((eb) =>
            /^[0-9a-f-]{36}$/i.test(ref) ? eb.or([eb("id", "=", ref), eb("reference", "=", ref)]) : eb("reference", "=", ref),
          )
          .executeTakeFirst();
        if (!row) throw fail(2, `error: no case ${ref}`);
        const p = await packaging(x, d);
        // The console acts on the case as it is now: the version read here, a moment before.
        const exported = await refusing(() =>
          exportPackage(p, actor, row.id, row.version, { ip: null, userAgent: "rogatory exchange export" }, { facts: o.facts ?? null }),
        );
        writeFileSync(o.out, exported.bytes);
        print(
          `Wrote ${o.out} (${exported.bytes.byteLength} bytes, SHA-256 ${exported.sha256}): the ${exported.message.kind.replace(/_/g, " ")} (message ${exported.message.seq}) for ${exported.to.authority}.`,
        );
      }),
    );

  exchange
    .command("import")
    .description("verify a partner's signed package against its key and apply it as a message received through the exchange")
    .argument("<file>", "the package (zip)")
    .requiredOption("--as <email>", "the officer or supervisor importing it (recorded on the case)")
    .option("--json", "print the outcome as JSON")
    .action(async (file: string, o: { as: string; json?: boolean }) => {
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(file);
      } catch {
        throw fail(2, `error: cannot read ${file}`);
      }
      await withExchange(async (x, d) => {
        const actor = await caseWorker(d, o.as);
        const r = await refusing(async () =>
          importPackage(await packaging(x, d), actor, bytes, { ip: null, userAgent: "rogatory exchange import" }),
        );
        if (o.json) print(JSON.stringify(r, null, 2));
        const what = r.message ? `the ${r.message.kind.replace(/_/g, " ")} (message ${r.message.seq})` : "the package";
        const from = r.partner ? ` from ${r.partner.authority} (${r.partner.jurisdiction})` : "";
        if (r.outcome === "refused")
          throw fail(1, `Refused ${what}${from}: ${r.reason}: ${r.detail}. Nothing was applied; it is kept in the quarantine.`);
        if (o.json) return;
        if (r.outcome === "already_received") print(`Already received ${what}${from}: nothing applied again.`);
        else if (r.outcome === "held") print(`Stored ${what}${from}: it waits for the earlier messages of its case.`);
        else print(`Applied ${what}${from}${r.caseReference ? ` to case ${r.caseReference}` : ""}.`);
      });
    });
}
