// `wrangler dev` as `npm run dev` runs it (static assets and the custom build included), on a
// free loopback port and with its local D1/KV/R2 state in a temp dir, so a browser test never
// touches the developer's own .wrangler state.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../..");
const WRANGLER = join(ROOT, "node_modules/wrangler/bin/wrangler.js");
const env = {
  ...process.env,
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_SEND_METRICS: "false",
  NO_COLOR: "1",
};

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer().once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

function run(args, { cwd = ROOT } = {}) {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [WRANGLER, ...args], {
      cwd,
      env,
      stdio: ["ignore", "ignore", "inherit"],
    });
    child.once("error", fail);
    child.once("exit", (code) =>
      code === 0 ? ok() : fail(new Error(`wrangler ${args[0]} exited with ${code}`)),
    );
  });
}

/** Resolves with { url, state, stop } once wrangler says it is ready; stop() ends its whole process group. */
export async function startDevServer({ timeoutMs = 120_000 } = {}) {
  const state = mkdtempSync(join(tmpdir(), "edge-browser-"));
  const port = await freePort();
  await run(["d1", "migrations", "apply", "DB", "--local", "--persist-to", state]);
  // Its own process group, so stop() reaches workerd too and nothing else.
  const child = spawn(
    process.execPath,
    [
      WRANGLER,
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--persist-to",
      state,
      "--var",
      "ENVIRONMENT:development",
      "--var",
      `JWT_SECRET:${randomBytes(48).toString("base64url")}`,
      "--show-interactive-dev-session=false",
    ],
    { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((ok) => child.once("exit", ok));
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        /* already gone */
      }
      await Promise.race([exited, new Promise((ok) => setTimeout(ok, 5_000))]);
      if (child.exitCode === null) process.kill(-child.pid, "SIGKILL");
    }
    rmSync(state, { recursive: true, force: true });
  };
  try {
    await new Promise((ok, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`wrangler dev not ready after ${timeoutMs} ms:\n${output}`)),
        timeoutMs,
      );
      const onData = (chunk) => {
        output += chunk;
        if (/Ready on http:\/\/127\.0\.0\.1:\d+/.test(output)) {
          clearTimeout(timer);
          ok();
        }
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      child.once("exit", (code) => {
        clearTimeout(timer);
        fail(new Error(`wrangler dev exited with ${code}:\n${output}`));
      });
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `http://127.0.0.1:${port}`, state, stop, output: () => output };
}
