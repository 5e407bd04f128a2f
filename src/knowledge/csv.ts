/** A small RFC 4180 CSV reader: quoted fields may hold commas, doubled quotes and line breaks. */

/** One parsed record with the 1-based line number it starts on, for error messages. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** Parses CSV text into records; throws naming the line of an unterminated quoted field. */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let start = 1;
  let quoted = false;
  let i = 0;
  const src = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const endRecord = () => {
    fields.push(field);
    // A blank line is not a record.
    if (!(fields.length === 1 && fields[0] === "")) records.push({ line: start, fields });
    fields = [];
    field = "";
  };
  while (i < src.length) {
    const c = src[i];
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (c === "\n") line++;
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      fields.push(field);
      field = "";
    } else if (c === "\r" && src[i + 1] === "\n") {
      i++;
      continue;
    } else if (c === "\n") {
      endRecord();
      line++;
      start = line;
    } else field += c;
    i++;
  }
  if (quoted) throw new Error(`line ${start}: a quoted field is never closed`);
  if (field !== "" || fields.length > 0) endRecord();
  return records;
}
