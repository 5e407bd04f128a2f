import { type ReactNode, Suspense, lazy, useEffect } from "react";
import { useTranslation } from "react-i18next";
import { type Role, type SessionState, api } from "./api";
import { chosenHere, i18next, isUiLanguage, switchLanguage } from "./i18n";
import { Link } from "./Link";
import { ForcedEnrolment, ForcedPasswordChange, SecondFactor, SignIn, SignOutButton } from "./pages/SignIn";
import { SIGN_IN_PATH, isDirectoryPath, isLawPath, navigate, useLocation } from "./router";
import { useSession } from "./session";
import { MAIN_ID, TopBar } from "./components/TopBar";

// Each page is its own chunk, fetched the first time it is shown: the first screen (sign-in, or the
// law for a visitor) downloads only what it needs. Sign-in stays in the main chunk, as every visit starts there.
const Account = lazy(() => import("./pages/Account").then((m) => ({ default: m.Account })));
const AssetRegister = lazy(() => import("./pages/AssetRegister").then((m) => ({ default: m.AssetRegister })));
const Assignments = lazy(() => import("./pages/Assignments").then((m) => ({ default: m.Assignments })));
const Audit = lazy(() => import("./pages/Audit").then((m) => ({ default: m.Audit })));
const BasisExplorer = lazy(() => import("./pages/BasisExplorer").then((m) => ({ default: m.BasisExplorer })));
const CaseDetail = lazy(() => import("./pages/Cases").then((m) => ({ default: m.CaseDetail })));
const Cases = lazy(() => import("./pages/Cases").then((m) => ({ default: m.Cases })));
const Directory = lazy(() => import("./pages/Directory").then((m) => ({ default: m.Directory })));
const DraftEditor = lazy(() => import("./pages/drafts").then((m) => ({ default: m.DraftEditor })));
const Drafts = lazy(() => import("./pages/drafts").then((m) => ({ default: m.Drafts })));
const InstrumentPage = lazy(() => import("./pages/Instruments").then((m) => ({ default: m.InstrumentPage })));
const Instruments = lazy(() => import("./pages/Instruments").then((m) => ({ default: m.Instruments })));
const Inbox = lazy(() => import("./pages/Inbox").then((m) => ({ default: m.Inbox })));
const Partners = lazy(() => import("./pages/Partners").then((m) => ({ default: m.Partners })));
const Quarantine = lazy(() => import("./pages/Quarantine").then((m) => ({ default: m.Quarantine })));
const Queue = lazy(() => import("./pages/Queue").then((m) => ({ default: m.Queue })));
const TransferBasis = lazy(() => import("./pages/TransferBasis").then((m) => ({ default: m.TransferBasis })));
const TransferCase = lazy(() => import("./pages/Transfers").then((m) => ({ default: m.TransferCase })));
const Transfers = lazy(() => import("./pages/Transfers").then((m) => ({ default: m.Transfers })));
const Statistics = lazy(() => import("./pages/Statistics").then((m) => ({ default: m.Statistics })));
const Users = lazy(() => import("./pages/Users").then((m) => ({ default: m.Users })));

/** The page's area: a short line while a page's chunk is on its way. */
function PageArea({ children }: { children: ReactNode }) {
  return (
    <main id={MAIN_ID}>
      <Suspense fallback={<Loading />}>{children}</Suspense>
    </main>
  );
}

/** "Loading…" in the screens' language; before the words arrive, an ellipsis alone. */
function Loading() {
  return (
    <p className="loading">
      <LoadingWords />
    </p>
  );
}

function LoadingWords() {
  const { t, ready } = useTranslation("common", { useSuspense: false });
  return <>{ready ? t("shell.loading") : "…"}</>;
}

function NavLink({ to, label, active }: { to: string; label: string; active: boolean }) {
  return (
    <Link to={to} className={active ? "nav-link active" : "nav-link"} current={active}>
      {label}
    </Link>
  );
}

type NavKey =
  | "basis"
  | "instruments"
  | "directory"
  | "queue"
  | "cases"
  | "assets"
  | "transfers"
  | "statistics"
  | "inbox"
  | "drafts"
  | "assignments"
  | "partners"
  | "quarantine"
  | "users"
  | "audit";

/** What each role finds in the navigation; the server enforces the same rules on every request. */
const SECTIONS: { to: string; label: NavKey; roles: readonly Role[]; exchange?: true }[] = [
  { to: "/basis", label: "basis", roles: ["administrator", "officer", "supervisor", "executing", "auditor"] },
  { to: "/instruments", label: "instruments", roles: ["administrator", "officer", "supervisor", "executing", "auditor"] },
  { to: "/directory", label: "directory", roles: ["administrator", "officer", "supervisor", "executing", "auditor"] },
  { to: "/queue", label: "queue", roles: ["officer", "supervisor", "auditor"] },
  { to: "/cases", label: "cases", roles: ["officer", "supervisor", "auditor"] },
  { to: "/assets", label: "assets", roles: ["officer", "supervisor", "auditor"] },
  { to: "/transfers", label: "transfers", roles: ["officer", "supervisor", "auditor"] },
  { to: "/statistics", label: "statistics", roles: ["officer", "supervisor", "auditor"] },
  { to: "/inbox", label: "inbox", roles: ["officer", "supervisor", "auditor"], exchange: true },
  { to: "/drafts", label: "drafts", roles: ["officer", "supervisor"] },
  { to: "/assignments", label: "assignments", roles: ["executing"] },
  { to: "/partners", label: "partners", roles: ["administrator", "officer", "supervisor", "auditor"], exchange: true },
  { to: "/quarantine", label: "quarantine", roles: ["administrator"], exchange: true },
  { to: "/users", label: "users", roles: ["administrator"] },
  { to: "/audit", label: "audit", roles: ["administrator", "auditor"] },
];

/** The law's pages, the only ones an anonymous visitor sees when the installation opens the law. */
function lawPage(path: string, search: string): ReactNode {
  const instrumentMatch = path.match(/^\/instruments\/([a-z0-9-]+)$/);
  if (instrumentMatch?.[1]) return <InstrumentPage id={instrumentMatch[1]} />;
  if (path.startsWith("/instruments")) return <Instruments />;
  if (path.startsWith("/transfer-basis")) return <TransferBasis search={search} />;
  return <BasisExplorer search={search} />;
}

/**
 * Navigation for visitors who are not signed in, when the law or the directory is open to read: those
 * pages and a way to sign in.
 */
function PublicNav({ path, law, directory }: { path: string; law: boolean; directory: boolean }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t("nav.main")}>
      {law ? <NavLink to="/basis" label={t("nav.basis")} active={path === "/" || path.startsWith("/basis")} /> : null}
      {law ? <NavLink to="/instruments" label={t("nav.instruments")} active={path.startsWith("/instruments")} /> : null}
      {directory ? <NavLink to="/directory" label={t("nav.directory")} active={isDirectoryPath(path)} /> : null}
      <NavLink to={SIGN_IN_PATH} label={t("nav.signIn")} active={!(law && isLawPath(path)) && !(directory && isDirectoryPath(path))} />
    </nav>
  );
}

function page(path: string, search: string, session: SessionState): ReactNode {
  const role = session.user?.role;
  const caseMatch = path.match(/^\/cases\/([0-9a-f-]{36})$/);
  const instrumentMatch = path.match(/^\/instruments\/([a-z0-9-]+)$/);
  const allowed = (to: string) => SECTIONS.find((s) => s.to === to)?.roles.includes(role as Role) ?? true;
  if (instrumentMatch?.[1] || path.startsWith("/instruments") || path.startsWith("/transfer-basis")) return lawPage(path, search);
  if (isDirectoryPath(path)) return <Directory search={search} canManage={role === "administrator"} />;
  const transferMatch = path.match(/^\/transfers\/([0-9a-f-]{36})$/);
  if (transferMatch?.[1] && allowed("/transfers")) return <TransferCase id={transferMatch[1]} />;
  if (path.startsWith("/transfers") && allowed("/transfers")) return <Transfers canCreate={role === "officer" || role === "supervisor"} />;
  if (path.startsWith("/account")) return <Account session={session} />;
  if (caseMatch?.[1] && allowed("/cases")) return <CaseDetail id={caseMatch[1]} canEdit={role === "officer" || role === "supervisor"} />;
  if (path.startsWith("/cases") && allowed("/cases"))
    return <Cases search={search} canCreate={role === "officer" || role === "supervisor"} />;
  const draftMatch = path.match(/^\/drafts\/([0-9a-f-]{36})$/);
  if (draftMatch?.[1] && allowed("/drafts")) return <DraftEditor key={draftMatch[1]} id={draftMatch[1]} />;
  if (path.startsWith("/drafts") && allowed("/drafts")) return <Drafts />;
  if (path.startsWith("/assignments") && allowed("/assignments")) return <Assignments />;
  if (path.startsWith("/queue") && allowed("/queue")) return <Queue search={search} />;
  if (path.startsWith("/assets") && allowed("/assets")) return <AssetRegister search={search} />;
  if (path.startsWith("/statistics") && allowed("/statistics")) return <Statistics search={search} />;
  if (path.startsWith("/inbox") && allowed("/inbox")) return <Inbox canRegister={role === "officer" || role === "supervisor"} />;
  if (path.startsWith("/partners") && allowed("/partners")) return <Partners canManage={role === "administrator"} />;
  const quarantineMatch = path.match(/^\/quarantine\/([0-9a-f-]{36})$/);
  if (path.startsWith("/quarantine") && allowed("/quarantine")) return <Quarantine id={quarantineMatch?.[1]} />;
  if (path.startsWith("/users") && allowed("/users")) return <Users selfId={session.user?.id ?? ""} />;
  if (path.startsWith("/audit") && allowed("/audit")) return <Audit search={search} />;
  if (path === "/" || path === SIGN_IN_PATH || path.startsWith("/basis")) return <BasisExplorer search={search} />;
  return <NotAvailable />;
}

function NotAvailable() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t("shell.notAvailable")}</h1>
      <p>{t("shell.notAvailableText")}</p>
    </section>
  );
}

/**
 * The account's language wins once the user has chosen one; a choice made in this browser before
 * signing in is saved to an account that has none yet.
 */
function useAccountLanguage(s: SessionState | undefined) {
  const fullySignedIn = s?.signedIn === true && s.stage === "full";
  const saved = s?.user?.language;
  useEffect(() => {
    if (!fullySignedIn) return;
    if (isUiLanguage(saved)) {
      if (i18next.language !== saved) void switchLanguage(saved, true);
      return;
    }
    const here = chosenHere();
    if (here) void api("/account/language", { method: "PUT", body: { language: here } }).catch(() => undefined);
  }, [fullySignedIn, saved]);
}

/** The workbench shell: sign-in until the session is complete, then header, navigation and the current page. */
export function App() {
  const { t } = useTranslation();
  const { path, search } = useLocation();
  const session = useSession();
  useAccountLanguage(session.data);
  const fullySignedIn = session.data?.signedIn === true && session.data.stage === "full";
  useEffect(() => {
    // Signed in from the public pages' "Sign in" link: go to the workbench's first page.
    if (fullySignedIn && path === SIGN_IN_PATH) navigate("/", true);
  }, [fullySignedIn, path]);
  if (session.isLoading) return <Loading />;
  if (session.error || !session.data)
    return (
      <p className="error" role="alert">
        {t("shell.unreachable")}
      </p>
    );
  const s = session.data;
  // The law open to read: an anonymous visitor reads the law's pages; every other page asks to sign in.
  const law = s.publicLaw === true;
  const directory = s.publicDirectory === true;
  if (!s.signedIn && ((law && isLawPath(path)) || (directory && isDirectoryPath(path))))
    return (
      <div className="shell">
        <TopBar path={path} signedIn={false}>
          <PublicNav path={path} law={law} directory={directory} />
        </TopBar>
        <PageArea>{isDirectoryPath(path) ? <Directory search={search} canManage={false} /> : lawPage(path, search)}</PageArea>
      </div>
    );
  let gate: ReactNode = null;
  if (!s.signedIn) gate = <SignIn session={s} />;
  else if (s.stage === "totp") gate = <SecondFactor session={s} />;
  else if (s.stage === "password") gate = <ForcedPasswordChange />;
  else if (s.stage === "enrol") gate = <ForcedEnrolment />;
  if (gate)
    return (
      <div className="shell">
        <TopBar path={path} signedIn={false}>
          {!s.signedIn && (law || directory) ? <PublicNav path={path} law={law} directory={directory} /> : null}
        </TopBar>
        <main id={MAIN_ID}>{gate}</main>
      </div>
    );
  const role = s.user?.role as Role;
  // The exchange's pages are in the navigation only where the node exchanges (a key passphrase is set).
  const exchangeOn = s.exchange === true;
  return (
    <div className="shell">
      <TopBar path={path} signedIn>
        <nav aria-label={t("nav.main")}>
          {SECTIONS.filter((x) => x.roles.includes(role) && (!x.exchange || exchangeOn)).map((x) => (
            <NavLink
              key={x.to}
              to={x.to}
              label={t(`nav.${x.label}`)}
              active={x.to === "/basis" ? path === "/" || path.startsWith("/basis") : path.startsWith(x.to)}
            />
          ))}
          <a className="nav-link" href="/api/docs">
            {t("nav.api")}
          </a>
        </nav>
        <div className="who">
          <Link to="/account" className="nav-link" current={path.startsWith("/account")}>
            {s.user?.displayName}
          </Link>
          <span className="role">{t(`roles.${role}`, { defaultValue: role })}</span>
          <SignOutButton />
        </div>
      </TopBar>
      <PageArea>{page(path, search, s)}</PageArea>
    </div>
  );
}
