/**
 * The dark bar across the top of every page (issue 14 §1): the product's name, then the navigation and
 * the signed-in user. On a wide screen they sit in the bar; on a narrow one they fold into a menu opened
 * by a button (aria-expanded), closed again by Escape, by choosing a page, or by the button.
 */
import { type ReactNode, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { LanguageMenu } from "./LanguageMenu";

/** The id of the page's main region, the target of the "skip to the page" link. */
export const MAIN_ID = "main";

export function TopBar({ path, signedIn, children }: { path: string; signedIn: boolean; children?: ReactNode }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  // Choosing a page closes the menu.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the path is the trigger, not a value read.
  useEffect(() => setOpen(false), [path]);
  // Escape closes the open menu and gives the focus back to its button.
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      toggle.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);
  return (
    <header className="topbar">
      <a className="skip-link" href={`#${MAIN_ID}`}>
        {t("shell.skip")}
      </a>
      <span className="brand">Rogatory</span>
      {children && (
        <>
          <button
            ref={toggle}
            type="button"
            className="menu-toggle"
            aria-expanded={open}
            aria-controls="main-menu"
            onClick={() => setOpen(!open)}
          >
            <span aria-hidden="true" className="menu-icon">
              ☰
            </span>{" "}
            {t("shell.menu")}
          </button>
          <div id="main-menu" className={open ? "menu open" : "menu"}>
            {children}
            <LanguageMenu signedIn={signedIn} />
          </div>
        </>
      )}
      {!children && <LanguageMenu signedIn={signedIn} />}
    </header>
  );
}
