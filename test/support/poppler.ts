/**
 * Poppler's pdftotext, which some tests use to read the generated PDFs back as text. It is Debian's
 * poppler-utils, not an npm package: .ci/run installs it before the tests; without it those tests are
 * skipped with this reason (as the proxy test is without Caddy) rather than failing on a missing program.
 */
import { execFileSync } from "node:child_process";

function installed(program: string): boolean {
  try {
    return execFileSync("sh", ["-c", `command -v ${program}`], { encoding: "utf8" }).trim() !== "";
  } catch {
    return false;
  }
}

/** Why the PDF-reading tests are skipped here; empty when pdftotext is installed. */
export const withoutPdftotext = installed("pdftotext")
  ? ""
  : "SKIPPED: pdftotext is not installed (apt-get install -y poppler-utils; .ci/run does it)";
