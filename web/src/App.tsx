import type { ReactNode } from "react";
import { BasisExplorer } from "./pages/BasisExplorer";
import { InstrumentPage, Instruments } from "./pages/Instruments";
import { Link } from "./Link";
import { useLocation } from "./router";

function NavLink({ to, label, active }: { to: string; label: string; active: boolean }) {
  return (
    <Link to={to} className={active ? "nav-link active" : "nav-link"} current={active}>
      {label}
    </Link>
  );
}

/** The workbench shell: header, navigation and the current page. */
export function App() {
  const { path, search } = useLocation();
  const instrumentMatch = path.match(/^\/instruments\/([a-z0-9-]+)$/);
  let page: ReactNode;
  if (instrumentMatch?.[1]) page = <InstrumentPage id={instrumentMatch[1]} />;
  else if (path.startsWith("/instruments")) page = <Instruments />;
  else page = <BasisExplorer search={search} />;
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">Rogatory</span>
        <nav aria-label="Main">
          <NavLink to="/basis" label="Legal basis" active={path === "/" || path.startsWith("/basis")} />
          <NavLink to="/instruments" label="Instruments" active={path.startsWith("/instruments")} />
          <a className="nav-link" href="/api/docs">
            API
          </a>
        </nav>
      </header>
      <main>{page}</main>
    </div>
  );
}
