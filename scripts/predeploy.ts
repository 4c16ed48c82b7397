// `npm run predeploy` (run by npm before `npm run deploy`; `predeploy:staging` before staging's):
// refuses a deployment the Worker would refuse to serve. It runs the Worker's own loadConfig on
// wrangler.toml's vars for the environment and on the secrets: those of `--secrets-file <file>`
// (the file `wrangler deploy --secrets-file` will upload), else the names already set on the
// deployed Worker (`wrangler secret list`; their values cannot be read, so only their presence
// is checked). Exit 1 with the reason, or one line saying the configuration loads.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { unstable_readConfig } from "wrangler";
import { deployProblem } from "../src/infra/deploy-check";

const { values } = parseArgs({ options: { env: { type: "string" }, "secrets-file": { type: "string" } } });
const env = values.env || undefined;
const label = env ?? "production";

/** JSON, or dotenv lines (`NAME=value`, optionally quoted), as wrangler reads a secrets file. */
function readSecretsFile(path: string): Record<string, string> {
  const text = readFileSync(path, "utf8");
  if (text.trim().startsWith("{")) return JSON.parse(text) as Record<string, string>;
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) out[m[1]!] = m[2]!.replace(/^(['"])(.*)\1$/, "$2");
  }
  return out;
}

/** The secrets the deployed Worker already has, by name; none when it does not exist yet (or wrangler cannot tell). */
function deployedSecretNames(): string[] {
  const run = spawnSync(
    "wrangler",
    ["secret", "list", "--format", "json", ...(env ? ["--env", env] : ["--env", ""])],
    { encoding: "utf8" },
  );
  if (run.status !== 0) return [];
  try {
    return (JSON.parse(run.stdout) as { name: string }[]).map((s) => s.name);
  } catch {
    return [];
  }
}

const config = unstable_readConfig({ env });
const vars = config.vars as Record<string, unknown>;
let secrets: Record<string, string>;
let source: string;
if (values["secrets-file"]) {
  secrets = readSecretsFile(values["secrets-file"]);
  source = values["secrets-file"];
} else {
  // Present on the Worker: a stand-in of the length loadConfig wants (the value itself was checked by whoever put it).
  secrets = Object.fromEntries(deployedSecretNames().map((name) => [name, "x".repeat(64)]));
  source = "the deployed Worker's secrets (names only)";
}

const problem = deployProblem(vars, secrets);
if (problem) {
  console.error(`predeploy (${label}): refused: ${problem}`);
  console.error(
    `  vars from wrangler.toml, secrets from ${source}. A first deploy: pass --secrets-file (README "Deploy").`,
  );
  process.exit(1);
}
console.log(
  `predeploy (${label}): the configuration loads (vars from wrangler.toml, secrets from ${source})`,
);
