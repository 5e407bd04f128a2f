import type { ReactNode } from "react";
import { navigate } from "./router";

/** An anchor that navigates on the client; a plain href still works for opening in a new tab. */
export function Link(props: { to: string; children: ReactNode; className?: string; current?: boolean }) {
  return (
    <a
      href={props.to}
      className={props.className}
      aria-current={props.current ? "page" : undefined}
      onClick={(e) => {
        e.preventDefault();
        navigate(props.to);
      }}
    >
      {props.children}
    </a>
  );
}
