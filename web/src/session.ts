/** The signed-in session as the web app sees it: fetched once, refreshed after each sign-in step. */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { SESSION_ENDED, type SessionState, api, setCsrfToken } from "./api";

const KEY = ["session"];

/** The current session state (signed in or not, stage, user, CSRF token). */
export function useSession() {
  const qc = useQueryClient();
  const q = useQuery<SessionState>({
    queryKey: KEY,
    queryFn: async () => {
      const s = await api<SessionState>("/auth/session");
      setCsrfToken(s.csrfToken ?? null);
      return s;
    },
    staleTime: Number.POSITIVE_INFINITY,
  });
  useEffect(() => {
    // Any 401 from the API means the session ended (idle, expired, revoked): show sign-in.
    const onEnded = () => void qc.invalidateQueries({ queryKey: KEY });
    window.addEventListener(SESSION_ENDED, onEnded);
    return () => window.removeEventListener(SESSION_ENDED, onEnded);
  }, [qc]);
  return q;
}

/** Stores a session state returned by a sign-in step, and drops every cached answer of the previous one. */
export function useAcceptSession() {
  const qc = useQueryClient();
  return (s: SessionState | { stage: string; csrfToken: string }) => {
    setCsrfToken(s.csrfToken ?? null);
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== "session" });
    void qc.invalidateQueries({ queryKey: KEY });
  };
}
