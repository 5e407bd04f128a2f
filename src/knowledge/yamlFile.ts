/** Writing knowledge YAML the way the hand-written files look: header comment kept, dates quoted, short maps inline. */
import { Document, isMap, isPair, isScalar, visit } from "yaml";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Maps written on one line, as in the hand-written files. */
const INLINE = new Set(["consent", "effect", "inForceComputed"]);

/** The header comment of a YAML text (its leading `#` lines, without the `#`), or undefined. */
export function headerComment(text: string): string | undefined {
  // Read textually: the yaml parser attaches a comment that touches the first key to that key, not the document.
  const lines: string[] = [];
  for (const line of text.split("\n")) {
    if (!line.startsWith("#")) break;
    lines.push(line.slice(1));
  }
  return lines.length > 0 ? lines.join("\n") : undefined;
}

/** Serialises data as YAML with the given header comment; the same data always gives the same bytes. */
export function toYaml(data: unknown, header?: string): string {
  // Repeated sources are written out each time: aliases (&a1) would hide a source from a reader of one party.
  const doc = new Document(data, { aliasDuplicateObjects: false });
  if (header) doc.commentBefore = header;
  visit(doc, {
    Pair(_, pair) {
      if (isPair(pair) && isScalar(pair.key) && INLINE.has(String(pair.key.value)) && isMap(pair.value)) pair.value.flow = true;
    },
    Scalar(_, node) {
      if (typeof node.value === "string" && DATE.test(node.value)) node.type = "QUOTE_DOUBLE";
    },
  });
  return doc.toString({ lineWidth: 0 });
}
