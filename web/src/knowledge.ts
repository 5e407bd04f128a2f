/** Fetches the knowledge base once and builds it with the same code the server uses. */
import { useQuery } from "@tanstack/react-query";
import { type KnowledgeBase, type KnowledgeFiles, buildKnowledgeBase } from "../../src/law/knowledge";

/** The knowledge files as served by /api/v1/knowledge, and the knowledge base built from them. */
export function useKnowledgeFiles() {
  return useQuery<{ files: KnowledgeFiles; kb: KnowledgeBase }>({
    queryKey: ["knowledge"],
    queryFn: async () => {
      const res = await fetch("/api/v1/knowledge");
      if (!res.ok) throw new Error(`the server answered ${res.status} for the knowledge base`);
      const files = (await res.json()) as KnowledgeFiles;
      return { files, kb: buildKnowledgeBase(files) };
    },
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The knowledge base, built in the browser from /api/v1/knowledge. */
export function useKnowledge() {
  const q = useKnowledgeFiles();
  return { ...q, data: q.data?.kb };
}
