/** A code as people read it: "search_seizure" → "search seizure". */
export function label(code: string): string {
  return code.replace(/_/g, " ");
}

/** A timestamp as "2026-11-23 14:05 UTC": the workbench shows UTC so colleagues in different places agree. */
export function formatDateTime(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

/** A date as YYYY-MM-DD. */
export function formatDate(iso: string): string {
  return iso.slice(0, 10);
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** A date as people read it in a sentence: "27 January 2014". */
export function longDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${Number(d)} ${MONTHS[Number(m) - 1] ?? ""} ${y}`;
}
