// Node's counterpart of wrangler.toml's Text rule, for scripts that import src/ (`tsx --import
// ./scripts/text-modules.mjs …`): `import text from "./list.txt"` gives the file as a string.
import { readFileSync } from "node:fs";
import { registerHooks } from "node:module";

registerHooks({
  load(url, context, nextLoad) {
    if (!new URL(url).pathname.endsWith(".txt")) return nextLoad(url, context);
    return {
      format: "module",
      source: `export default ${JSON.stringify(readFileSync(new URL(url), "utf8"))};`,
      shortCircuit: true,
    };
  },
});
