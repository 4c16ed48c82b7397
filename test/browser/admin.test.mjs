// The admin panel (issue 14) in a real headless Chromium against `wrangler dev`: sign in, search a user, ban
// them and see their API token stop working, approve a creator application, dismiss a report, read the audit
// log; a screenshot of each page goes to test/browser/.out/admin/ (gitignored). No script runs on these pages,
// so the test also asserts the CSP refused nothing and the console stayed clean.
// Run with `npm run test:browser`. Needs Debian's `chromium` (or CHROMIUM_PATH).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, test } from "node:test";
import puppeteer from "puppeteer-core";
import { startDevServer } from "./dev-server.mjs";

const ROOT = resolve(import.meta.dirname, "../..");
const OUT = join(import.meta.dirname, ".out", "admin");
const BIN = join(ROOT, "node_modules/.bin");
const WRANGLER = join(ROOT, "node_modules/wrangler/bin/wrangler.js");
const env = {
  ...process.env,
  PATH: `${BIN}:${process.env.PATH}`,
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_SEND_METRICS: "false",
  CI: "true",
  PASSWORD_HASH_LOG_N: "12",
};
const chromiumPath = () =>
  process.env.CHROMIUM_PATH ??
  execFileSync("sh", ["-c", "command -v chromium || command -v chromium-browser"], {
    encoding: "utf8",
  }).trim();

const ADMIN = { username: "root_admin", password: "Panel-pass-1234" };
const VICTIM = { username: "victim_user", email: "victim@example.com", password: "Victim-pass-1234" };
const APPLICANT = {
  username: "hopeful_creator",
  email: "hopeful@example.com",
  password: "Hopeful-pass-1234",
};

let server;
let browser;
let profile;
const problems = [];

/** SQL straight into the dev server's local D1: the report route is another branch's work, so the report row is made here. */
function sql(command) {
  const dir = mkdtempSync(join(tmpdir(), "admin-sql-"));
  try {
    writeFileSync(join(dir, "q.sql"), command);
    execFileSync(
      process.execPath,
      [
        WRANGLER,
        "d1",
        "execute",
        "DB",
        "--local",
        "--persist-to",
        server.state,
        "--file",
        join(dir, "q.sql"),
      ],
      { cwd: ROOT, env, stdio: ["ignore", "ignore", "inherit"] },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function api(method, path, body, token) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function account(user) {
  const registered = await api("POST", "/user/api/register/", user);
  assert.equal(registered.status, 201, JSON.stringify(registered.body));
  const login = await api("POST", "/user/login/", { username: user.username, password: user.password });
  assert.equal(login.status, 200, JSON.stringify(login.body));
  return { id: login.body.user.id, access: login.body.access };
}

before(async () => {
  server = await startDevServer();
  // The first admin, as the README says: `npm run createsuperuser`, here into the dev server's own state.
  execFileSync(
    process.execPath,
    [
      join(ROOT, "scripts/createsuperuser.mjs"),
      "--username",
      ADMIN.username,
      "--password",
      ADMIN.password,
      "--email",
      "root@example.com",
      "--persist-to",
      server.state,
    ],
    {
      cwd: ROOT,
      env,
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
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
  mkdirSync(OUT, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function watched(page) {
  const origin = new URL(server.url).origin;
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("requestfailed", (req) => problems.push(`failed: ${req.url()} ${req.failure()?.errorText}`));
  page.on("request", (req) => {
    if (req.url().startsWith("http") && new URL(req.url()).origin !== origin)
      problems.push(`foreign request: ${req.url()}`);
  });
  await page.exposeFunction("reportCspViolation", (v) =>
    problems.push(`CSP ${v.directive} refused ${v.blocked}`),
  );
  await page.evaluateOnNewDocument(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      window.reportCspViolation({ directive: e.effectiveDirective, blocked: e.blockedURI }),
    );
  });
  return page;
}

const shot = (page, name) => page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
const text = (page) => page.evaluate(() => document.body.innerText);

/** Clicks a submit button by its visible label and waits for the page the form leads to. */
async function press(page, label) {
  const buttons = await page.$$("button[type=submit]");
  for (const b of buttons) {
    if ((await b.evaluate((el) => el.textContent.trim())) === label) {
      await Promise.all([page.waitForNavigation({ waitUntil: "load" }), b.click()]);
      return;
    }
  }
  throw new Error(`no button labelled ${label}`);
}

test("the admin panel: sign in, search, ban, approve, dismiss, audit", { timeout: 300_000 }, async () => {
  const victim = await account(VICTIM);
  const applicant = await account(APPLICANT);
  assert.equal((await api("POST", "/user/api/creator-application/", {}, applicant.access)).status, 201);
  const now = Date.now();
  sql(`INSERT INTO posts (post_type, post_title, post_description, created_by, created_at) VALUES ('post', 'A post someone reported', 'Buy cheap watches at an address I will not print.', ${victim.id}, ${now});
INSERT INTO post_reports (user_id, post_id, reason, description, created_at) SELECT ${applicant.id}, id, 'spam', '', ${now} FROM posts WHERE post_title = 'A post someone reported';
INSERT INTO post_reports (user_id, post_id, reason, description, created_at) SELECT u.id, p.id, 'abuse', '', ${now} FROM users u, posts p WHERE u.username = '${ADMIN.username}' AND p.post_title = 'A post someone reported';`);
  assert.equal((await api("GET", `/users/${victim.id}/`, undefined, victim.access)).status, 200);

  const page = await watched(await browser.newPage());
  await page.setViewport({ width: 1280, height: 900 });

  // Not signed in: the dashboard sends the browser to the sign-in form.
  const first = await page.goto(`${server.url}/admin/`, { waitUntil: "load" });
  assert.match(page.url(), /\/admin\/login\/\?next=%2Fadmin%2F$/);
  assert.match(first.headers()["content-security-policy"], /default-src 'none'/);
  assert.equal(first.headers()["x-frame-options"], "DENY");
  await shot(page, "01-login");

  await page.type("#username", ADMIN.username);
  await page.type("#password", ADMIN.password);
  await press(page, "Sign in");
  assert.equal(new URL(page.url()).pathname, "/admin/");
  const dashboard = await text(page);
  assert.match(dashboard, /Dashboard/);
  assert.match(dashboard, /1\s*Pending applications/);
  assert.match(dashboard, /2\s*Open reports/);
  assert.ok(await page.$("svg.chart"), "the sign-up chart");
  await shot(page, "02-dashboard");

  // Search a user and ban them.
  await page.click('a[href="/admin/users/"]');
  await page.waitForSelector("#q");
  await page.type("#q", "VICTIM");
  await press(page, "Search");
  assert.match(await text(page), /1 user\b/);
  await shot(page, "03-users-search");
  await Promise.all([page.waitForNavigation(), page.click(`a[href="/admin/users/${victim.id}/"]`)]);
  await shot(page, "04-user");
  // Ban asks on a second page first.
  await Promise.all([page.waitForNavigation(), page.click(`a[href="/admin/users/${victim.id}/ban/"]`)]);
  assert.match(await text(page), /cannot sign in until unbanned/);
  await shot(page, "05a-user-ban-confirm");
  await press(page, `Yes, ban ${VICTIM.username}`);
  assert.match(await text(page), /User banned/);
  await shot(page, "05-user-banned");
  assert.equal(
    (await api("GET", `/users/${victim.id}/`, undefined, victim.access)).status,
    401,
    "the banned user's token must stop working",
  );

  // The delete confirmation step (cancelled).
  await Promise.all([page.waitForNavigation(), page.click(`a[href="/admin/users/${victim.id}/delete/"]`)]);
  assert.match(await text(page), /cannot be undone/);
  await shot(page, "06-user-delete-confirm");

  // Approve the creator application.
  await page.goto(`${server.url}/admin/applications/`, { waitUntil: "load" });
  await shot(page, "07-applications");
  await press(page, `Approve ${APPLICANT.username}`);
  assert.match(await text(page), /Application approved/);
  await shot(page, "08-applications-approved");
  const mine = await api("GET", "/user/api/creator-application/", undefined, applicant.access);
  assert.equal(mine.body[0].application_status, "1");

  // Dismiss the report.
  await page.goto(`${server.url}/admin/reports/`, { waitUntil: "load" });
  const reports = await text(page);
  assert.match(reports, /A post someone reported/);
  assert.match(reports, /2 reports/);
  assert.match(reports, /spam × 1/);
  await shot(page, "09-reports");
  const dismiss = (
    await page.$$eval("button[type=submit]", (bs) => bs.map((b) => b.textContent.trim()))
  ).find((t) => t.startsWith("Dismiss reports"));
  await press(page, dismiss);
  assert.match(await text(page), /Reports dismissed/);
  assert.match(await text(page), /0 reported posts/);
  await shot(page, "10-reports-dismissed");

  await page.goto(`${server.url}/admin/content/`, { waitUntil: "load" });
  assert.match(await text(page), /A post someone reported/);
  await shot(page, "11-content");

  // The audit log: the three actions, newest first.
  await page.goto(`${server.url}/admin/audit/`, { waitUntil: "load" });
  const audit = await text(page);
  const order = ["report.dismiss", "application.approve", "user.ban"].map((a) => audit.indexOf(a));
  assert.ok(
    order.every((i) => i >= 0),
    audit,
  );
  assert.deepEqual(
    [...order].sort((a, b) => a - b),
    order,
    "newest first",
  );
  await shot(page, "12-audit");

  // On a phone.
  await page.setViewport({ width: 390, height: 844, isMobile: true });
  await page.goto(`${server.url}/admin/users/${victim.id}/`, { waitUntil: "load" });
  await shot(page, "13-user-phone");
  await page.goto(`${server.url}/admin/audit/`, { waitUntil: "load" });
  await shot(page, "14-audit-phone");

  // Sign out: the panel is closed again.
  await press(page, `Sign out ${ADMIN.username}`);
  assert.match(page.url(), /\/admin\/login\/$/);
  await page.goto(`${server.url}/admin/`, { waitUntil: "load" });
  assert.match(page.url(), /\/admin\/login\//);

  assert.deepEqual(problems, [], "console errors, failed or blocked resources, CSP refusals");
});

test("a non-admin who signs in gets a clear refusal page", { timeout: 120_000 }, async () => {
  const page = await watched(await browser.newPage());
  await page.setViewport({ width: 1280, height: 700 });
  await page.goto(`${server.url}/admin/login/`, { waitUntil: "load" });
  await page.type("#username", APPLICANT.username);
  await page.type("#password", APPLICANT.password);
  const [res] = await Promise.all([
    page.waitForNavigation({ waitUntil: "load" }),
    page.click("button[type=submit]"),
  ]);
  assert.equal(res.status(), 403);
  assert.match(await text(page), /not in the admin group/);
  await shot(page, "15-refused");
  // The refusal is the document's own 403, which Chromium logs as a failed load; nothing else may be.
  assert.deepEqual(
    problems.filter((p) => !/status of 403/.test(p)),
    [],
  );
});

test(
  "an operator's safety: self-ban refused, confirmations, bulk actions, sorting, editing, setting a password",
  { timeout: 300_000 },
  async () => {
    const before = problems.length;
    const admin = await api("POST", "/user/login/", { username: ADMIN.username, password: ADMIN.password });
    assert.equal(admin.status, 200);
    const adminId = admin.body.user.id;
    const [bulkA, bulkB] = [
      await account({ username: "bulk_a", email: "bulk_a@example.com", password: "Bulk-pass-a-1234" }),
      await account({ username: "bulk_b", email: "bulk_b@example.com", password: "Bulk-pass-b-1234" }),
    ];
    const PW = { username: "forgetful", email: "forgetful@example.com", password: "Forgetful-pass-1234" };
    const forgetful = await account(PW);
    const page = await watched(await browser.newPage());
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(`${server.url}/admin/login/`, { waitUntil: "load" });
    await page.type("#username", ADMIN.username);
    await page.type("#password", ADMIN.password);
    await press(page, "Sign in");

    // Banning oneself: the confirmation page asks, then the refusal says why and nothing changes.
    await page.goto(`${server.url}/admin/users/${adminId}/ban/`, { waitUntil: "load" });
    assert.match(await text(page), new RegExp(`Ban ${ADMIN.username}\\?`));
    await shot(page, "20-self-ban-confirm");
    const [refusal] = await Promise.all([
      page.waitForNavigation({ waitUntil: "load" }),
      page.click("button.danger"),
    ]);
    assert.equal(refusal.status(), 403);
    assert.match(await text(page), /Not on your own account/);
    await shot(page, "21-self-ban-refused");
    await page.goto(`${server.url}/admin/users/${adminId}/`, { waitUntil: "load" });
    assert.match(await text(page), /Active/);
    assert.equal(
      await page.$(`a[href="/admin/users/${adminId}/password/"]`),
      null,
      "no password link on one's own account",
    );

    // Sorting by a heading.
    await page.goto(`${server.url}/admin/users/`, { waitUntil: "load" });
    await Promise.all([page.waitForNavigation(), page.click('a[href="/admin/users/?sort=username"]')]);
    const names = await page.$$eval("td[data-label=Username] a", (as) => as.map((a) => a.textContent));
    assert.deepEqual(names, [...names].sort(), "sorted by username");
    await shot(page, "22-users-sorted");

    // A bulk ban of two users and the admin's own account: it asks first, then reports each.
    for (const id of [bulkA.id, bulkB.id, adminId]) await page.click(`input[name=ids][value="${id}"]`);
    await page.select("#bulk-action", "ban");
    await shot(page, "23-users-bulk-selected");
    await press(page, "Go…");
    assert.match(await text(page), /Ban 3 users\?/);
    await shot(page, "24-bulk-confirm");
    await press(page, "Yes, ban 3 users");
    const outcome = await text(page);
    assert.match(outcome, /done for 2 of 3 users/);
    assert.match(outcome, /Refused: You cannot ban, deactivate, delete or demote your own account/);
    await shot(page, "25-bulk-done");
    assert.equal(
      (await api("GET", `/users/${bulkA.id}/`, undefined, bulkA.access)).status,
      401,
      "a bulk-banned user's token stops working",
    );

    // Editing a user's fields: a refusal stays on the form, then a save.
    await page.goto(`${server.url}/admin/users/${forgetful.id}/edit/`, { waitUntil: "load" });
    await page.$eval("#username", (el) => (el.value = ""));
    await page.type("#username", "bulk_a");
    await page.type("#firstName", "Fran");
    await press(page, "Save");
    assert.match(await text(page), /A user with that username already exists/);
    await shot(page, "26-edit-refused");
    await page.$eval("#username", (el) => (el.value = ""));
    await page.type("#username", PW.username);
    await press(page, "Save");
    assert.match(await text(page), /Changes saved/);

    // Setting a password: a mismatch stays on the form; then the user's old session ends and the new password works.
    await Promise.all([
      page.waitForNavigation(),
      page.click(`a[href="/admin/users/${forgetful.id}/password/"]`),
    ]);
    await page.type("#password", "Brand-new-pass-5678");
    await page.type("#password_confirm", "Brand-new-pass-5679");
    await press(page, `Set password and end every session of ${PW.username}`);
    assert.match(await text(page), /didn’t match/);
    await shot(page, "27-password-mismatch");
    await page.type("#password", "Brand-new-pass-5678");
    await page.type("#password_confirm", "Brand-new-pass-5678");
    await shot(page, "28-password-form");
    await press(page, `Set password and end every session of ${PW.username}`);
    assert.match(await text(page), /Password set/);
    await shot(page, "29-password-set");
    assert.equal(
      (await api("GET", `/users/${forgetful.id}/`, undefined, forgetful.access)).status,
      401,
      "the old session is refused",
    );
    assert.equal(
      (await api("POST", "/user/login/", { username: PW.username, password: PW.password })).status,
      401,
      "the old password is refused",
    );
    assert.equal(
      (await api("POST", "/user/login/", { username: PW.username, password: "Brand-new-pass-5678" })).status,
      200,
      "the new password signs in",
    );

    // Removing a post asks first too.
    await page.goto(`${server.url}/admin/content/`, { waitUntil: "load" });
    const remove = await page.$("a.button[href^='/admin/posts/']");
    await Promise.all([page.waitForNavigation(), remove.click()]);
    assert.match(await text(page), /cannot be undone/);
    await shot(page, "30-remove-confirm");

    await page.goto(`${server.url}/admin/audit/`, { waitUntil: "load" });
    const audit = await text(page);
    for (const action of ["user.set_password", "user.edit"])
      assert.match(audit, new RegExp(action.replace(".", "\\.")));
    assert.equal(audit.split("user.ban").length - 1 >= 3, true, "one ban row per banned user");
    await shot(page, "31-audit");

    await page.setViewport({ width: 390, height: 844, isMobile: true });
    await page.goto(`${server.url}/admin/users/`, { waitUntil: "load" });
    await shot(page, "32-users-phone");

    // The refusals are the documents' own 403 and 400, which Chromium logs as failed loads; nothing else may be.
    assert.deepEqual(
      problems.slice(before).filter((p) => !/status of 40[03]/.test(p)),
      [],
    );
  },
);
