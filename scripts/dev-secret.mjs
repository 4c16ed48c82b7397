// Run by `npm run dev` before `wrangler dev`: a development server needs a JWT_SECRET like any other,
// and no fixed key exists in the code, so a `.dev.vars` without one gets a random one (kept across
// restarts, so tokens survive them). Anything else in the file is left as it is.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

const file = resolve(import.meta.dirname, "../.dev.vars");
const current = existsSync(file) ? readFileSync(file, "utf8") : "";
if (!/^\s*JWT_SECRET\s*=/m.test(current)) {
  const line = `JWT_SECRET="${randomBytes(48).toString("base64url")}"\n`;
  writeFileSync(file, current && !current.endsWith("\n") ? `${current}\n${line}` : `${current}${line}`, {
    mode: 0o600,
  });
  console.log("dev-secret: wrote a random JWT_SECRET into .dev.vars");
}
