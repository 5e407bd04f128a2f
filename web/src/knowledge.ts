/** Fetches the knowledge base once and builds it with the same code the server uses. */
import { useQuery } from "@tanstack/react-query";
import { type KnowledgeBase, type KnowledgeFiles, buildKnowledgeBase } from "../../src/law/knowledge";

/** The knowledge base, built in the browser from /api/v1/knowledge. */
export function useKnowledge() {
  return useQuery<KnowledgeBase>({
    queryKey: ["knowledge"],
    queryFn: async () => {
      const res = await fetch("/api/v1/knowledge");
      if (!res.ok) throw new Error(`the server answered ${res.status} for the knowledge base`);
      return buildKnowledgeBase((await res.json()) as KnowledgeFiles);
    },
  });
}
