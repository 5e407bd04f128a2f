/**
 * The knowledge base reduced to one instrument and the protocols that supplement it. A request relies
 * on one basis (or on several in the alternative); each one's own grounds, exclusions, duties and
 * requirements on the contents of requests are read from it alone, not merged with the instruments it
 * would otherwise be ranked against. Pure, so the browser and the server answer alike.
 */
import { type KnowledgeBase, type KnowledgeFiles, bilateralFilesFor, buildKnowledgeBase } from "./knowledge.js";

const cache = new WeakMap<KnowledgeFiles, Map<string, KnowledgeBase>>();

/** The knowledge base of `instrument` and its supplementing protocols alone (cached per files object). */
export function knowledgeOfInstrument(files: KnowledgeFiles, instrument: string): KnowledgeBase {
  let byInstrument = cache.get(files);
  if (!byInstrument) {
    byInstrument = new Map();
    cache.set(files, byInstrument);
  }
  const cached = byInstrument.get(instrument);
  if (cached) return cached;
  const keep = (id: unknown, supplements: unknown) => id === instrument || supplements === instrument;
  const instruments = Object.fromEntries(
    Object.entries(files.instruments).filter(([, v]) => {
      const i = v as { id?: unknown; supplements?: unknown };
      return keep(i.id, i.supplements);
    }),
  );
  const ids = new Set(Object.values(instruments).map((v) => (v as { id: string }).id));
  const parties = Object.fromEntries(
    Object.entries(files.parties).filter(([, v]) => ids.has(String((v as { instrument?: unknown }).instrument))),
  );
  // A recorded bilateral treaty without its own file is expanded from its list entry.
  const kb = buildKnowledgeBase({ instruments, parties, bilateral: bilateralFilesFor(files, instrument) });
  byInstrument.set(instrument, kb);
  return kb;
}
