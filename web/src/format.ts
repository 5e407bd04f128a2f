/** A code as people read it: "search_seizure" → "search seizure". */
export function label(code: string): string {
  return code.replace(/_/g, " ");
}
