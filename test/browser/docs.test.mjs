// /docs in a real headless Chromium against `wrangler dev`: Scalar must render the operations
// from this Worker alone, under the page's own CSP, with nothing fetched from any other host.
// Run with `npm run test:browser` (Node's test runner, outside workerd). Needs Debian's
// `chromium` (or CHROMIUM_PATH); the screenshot goes to test/browser/.out/ (gitignored).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import puppeteer from "puppeteer-core";
import { startDevServer } from "./dev-server.mjs";

const OUT = join(import.meta.dirname, ".out");
const chromiumPath = () =>
  process.env.CHROMIUM_PATH ??
  execFileSync("sh", ["-c", "command -v chromium || command -v chromium-browser"], {
    encoding: "utf8",
  }).trim();

let server;
let browser;
let profile;

before(async () => {
  server = await startDevServer();
  profile = mkdtempSync(join(tmpdir(), "edge-chromium-"));
  browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    userDataDir: profile,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

test("GET /docs renders the Scalar reference from this Worker alone", { timeout: 180_000 }, async () => {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const problems = [];
  const foreign = [];
  let cspEvalProbes = 0;
  const origin = new URL(server.url).origin;
  await page.setRequestInterception(true);
  page.on("request", (req) => {
    const url = new URL(req.url());
    // Anything not from this Worker would fail offline or under the page's CSP: refuse it and say so.
    if (url.protocol.startsWith("http") && url.origin !== origin) {
      foreign.push(req.url());
      return void req.abort("blockedbyclient");
    }
    return void req.continue();
  });
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("requestfailed", (req) => problems.push(`failed: ${req.url()} ${req.failure()?.errorText}`));
  page.on("response", (res) => {
    if (res.status() >= 400) problems.push(`${res.status()}: ${res.url()}`);
  });
  // Chromium reports CSP refusals as securitypolicyviolation events, not always on the console.
  await page.exposeFunction("reportCspViolation", (v) => {
    // The one refusal we expect: zod (inside Scalar's bundle) probes `new Function("")` in a
    // try/catch to decide whether it may compile parsers; refused, it parses without. No eval
    // is what the CSP is for, so that refusal is the policy working, not a broken page.
    const zodProbe =
      v.directive === "script-src" && v.blocked === "eval" && v.source.endsWith("/docs/scalar.js");
    if (zodProbe) cspEvalProbes += 1;
    else problems.push(`CSP ${v.directive} refused ${v.blocked} at ${v.source}:${v.line}`);
  });
  await page.evaluateOnNewDocument(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      window.reportCspViolation({
        directive: e.effectiveDirective,
        blocked: e.blockedURI,
        source: e.sourceFile,
        line: e.lineNumber,
      }),
    );
  });

  const res = await page.goto(`${server.url}/docs`, { waitUntil: "networkidle0", timeout: 60_000 });
  assert.equal(res.status(), 200);
  assert.match(res.headers()["content-security-policy"], /script-src 'self'/);

  // Operation titles are the summaries of the route declarations (src/http/openapi.ts).
  const titles = [
    "Register a new user",
    "Log in (sets the sessionid cookie); 5 failures lock the account for 15 minutes",
    "Log out this session",
  ];
  await page.waitForFunction(
    (wanted) => wanted.every((t) => document.body.innerText.includes(t)),
    { timeout: 60_000 },
    titles,
  );
  const visible = await page.evaluate(() => document.body.innerText);
  for (const title of titles) assert.ok(visible.includes(title), `missing operation title ${title}`);
  for (const path of ["/users/register/", "/users/login/"])
    assert.ok(visible.includes(path), `missing path ${path}`);
  assert.ok(await page.$(".scalar-api-reference"), "Scalar did not mount");

  // The document says what the service is, and offers one API at a time (issue 25).
  assert.ok(
    visible.includes("One Cloudflare Worker serving four client APIs"),
    "the spec's description is not shown",
  );
  assert.ok(
    !visible.includes("Development documentation"),
    "hono-openapi's placeholder description is shown",
  );
  assert.ok(visible.includes("All APIs"), "no API selector");

  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: join(OUT, "docs.png") });

  // One API: Scalar names the chosen source in the URL (`?api=<slug>`), and that document has only its operations.
  await page.goto(`${server.url}/docs?api=cocotree`, { waitUntil: "networkidle0", timeout: 60_000 });
  await page.waitForFunction(() => document.body.innerText.includes("Edge social API: cocotree"), {
    timeout: 60_000,
  });
  const cocotree = await page.evaluate(() => document.body.innerText);
  assert.ok(
    cocotree.includes("My chats, pinned first, then by latest message"),
    "a Cocotree operation is missing",
  );
  assert.ok(!cocotree.includes("Register a new user"), "the game's operations show in Cocotree's document");
  assert.ok(cocotree.includes("sent bare as"), "Cocotree's own credentials do not open its document");
  await page.screenshot({ path: join(OUT, "docs-cocotree.png") });
  assert.deepEqual(foreign, [], "requests to other hosts");
  assert.deepEqual(problems, [], "console errors, failed or blocked resources");
  // At most one probe per page load (two loads here).
  assert.ok(cspEvalProbes <= 2, `scalar.js tried eval ${cspEvalProbes} times`);
});
