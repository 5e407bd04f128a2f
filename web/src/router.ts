/** A minimal client-side router: the path picks the page, the query string keeps the page's state. */
import { useEffect, useState } from "react";

/** The current location, re-rendered on navigation. */
export function useLocation(): { path: string; search: string } {
  const [loc, setLoc] = useState({ path: window.location.pathname, search: window.location.search });
  useEffect(() => {
    const update = () => setLoc({ path: window.location.pathname, search: window.location.search });
    window.addEventListener("popstate", update);
    window.addEventListener("rogatory:navigate", update);
    return () => {
      window.removeEventListener("popstate", update);
      window.removeEventListener("rogatory:navigate", update);
    };
  }, []);
  return loc;
}

/** Goes to a path (pushing history) or replaces the query of the current one. */
export function navigate(to: string, replace = false): void {
  if (replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  window.dispatchEvent(new Event("rogatory:navigate"));
}

/** Where the "Sign in" link of the public pages leads: any page that is not the law asks to sign in. */
export const SIGN_IN_PATH = "/sign-in";

/** Whether the path is the directory of central authorities, which is public unless the installation turns it off. */
export function isDirectoryPath(path: string): boolean {
  return /^\/directory(\/|$)/.test(path);
}

/** Whether the path is one of the law's pages (legal basis, instruments), which may be open to read. */
export function isLawPath(path: string): boolean {
  return path === "/" || /^\/(basis|instruments|transfer-basis)(\/|$)/.test(path);
}
