import { isAbsolute, relative } from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { type Plugin, defineConfig } from "vite";
import { ROOT, WEB_STAMP, writeStamp } from "../bin/build.mjs";

/**
 * Records the source files the web app was built from (bin/build.mjs), so `npm start` builds again
 * only when one of them, the configuration or the installed packages changed.
 */
function sourcesStamp(): Plugin {
  let sources: string[] = [];
  return {
    name: "rogatory-sources-stamp",
    apply: "build",
    generateBundle() {
      sources = [...this.getModuleIds()]
        .filter((id) => isAbsolute(id) && !id.includes("/node_modules/"))
        .map((id) => relative(ROOT, id.split("?")[0] ?? id));
    },
    writeBundle() {
      writeStamp(WEB_STAMP, [...sources, "web/index.html", "web/vite.config.ts", "web/tsconfig.json", "package-lock.json"]);
    },
  };
}

// The web app imports src/law directly, so the browser runs the same engine as the server.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [react(), sourcesStamp()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      // No report of the plugins' share of the build time: on a busy machine it printed at every build.
      checks: { bundlerTimings: false },
      output: {
        // React and the query library change only with an upgrade: one chunk the browser keeps cached
        // while the app's own chunks change (the pages are split by App.tsx's lazy imports).
        codeSplitting: { groups: [{ name: "react", test: /node_modules\/(react|react-dom|scheduler|@tanstack)\// }] },
      },
    },
  },
  server: { proxy: { "/api": "http://localhost:3000" } },
});
