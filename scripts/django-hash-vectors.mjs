#!/usr/bin/env node
// Writes test/fixtures/django-hashes/node.json: Django-format hashes computed by Node's own crypto,
// which (unlike Workers in production) has no cap on PBKDF2 iterations, so the Worker's verifier is
// checked against an implementation it does not share. Usage: node scripts/django-hash-vectors.mjs
// (argon2 and bcrypt come from Django itself: scripts/django-hash-vectors.py)
import { createHash, pbkdf2Sync, randomBytes, scryptSync } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";

// The ligature is not NFKC-normalized: Django hashes the bytes as typed, and so must the verifier.
const passwords = ["correct-Horse-battery-9", "ﬁsh-ﬁllet-ünïcode-42"];
// Django salts are letters and digits (get_random_string).
const salt = () =>
  randomBytes(32)
    .toString("base64")
    .replace(/[^A-Za-z0-9]/g, "")
    .slice(0, 22);

const pbkdf2 = (algorithm, password, iterations) => {
  const [digest, length] = algorithm === "pbkdf2_sha256" ? ["sha256", 32] : ["sha1", 20];
  const s = salt();
  return `${algorithm}$${iterations}$${s}$${pbkdf2Sync(password, s, iterations, length, digest).toString("base64")}`;
};
// Django 4.0+'s ScryptPasswordHasher.encode: N, salt, r, p in that order, 64-byte key.
const scrypt = (password, N = 2 ** 14, r = 8, p = 1) => {
  const s = salt();
  return `scrypt$${N}$${s}$${r}$${p}$${scryptSync(password, s, 64, { N, r, p }).toString("base64")}`;
};
const hex = (digest, text) => createHash(digest).update(text).digest("hex");

// Kept few: a 1,000,000-iteration PBKDF2 in JavaScript takes seconds in workerd, and every vector here is a test.
const [password, unicode] = passwords;
const s = salt();
const vectors = [
  {
    label: "pbkdf2_sha256, 1,000,000 iterations (Django 5.2)",
    password,
    django: pbkdf2("pbkdf2_sha256", password, 1_000_000),
  },
  {
    label: "pbkdf2_sha256, 100,001 iterations (just past the native cap)",
    password: unicode,
    django: pbkdf2("pbkdf2_sha256", unicode, 100_001),
  },
  {
    label: "pbkdf2_sha256, 100,000 iterations (Django 2.0, the native cap)",
    password,
    django: pbkdf2("pbkdf2_sha256", password, 100_000),
  },
  { label: "pbkdf2_sha1, 120,000 iterations", password, django: pbkdf2("pbkdf2_sha1", password, 120_000) },
  {
    label: "pbkdf2_sha1, 20,000 iterations (Django 1.x)",
    password: unicode,
    django: pbkdf2("pbkdf2_sha1", unicode, 20_000),
  },
  { label: "scrypt (Django 4.0+), N=2^14 r=8 p=1", password, django: scrypt(password) },
  { label: "scrypt (Django 4.0+), unicode password", password: unicode, django: scrypt(unicode) },
  { label: "md5, salted", password, django: `md5$${s}$${hex("md5", s + password)}` },
  { label: "unsalted md5, bare", password, django: hex("md5", password) },
  { label: "unsalted md5, md5$$", password, django: `md5$$${hex("md5", password)}` },
  { label: "sha1, salted", password: unicode, django: `sha1$${s}$${hex("sha1", s + unicode)}` },
  { label: "unsalted sha1", password, django: `sha1$$${hex("sha1", password)}` },
];

const out = new URL("../test/fixtures/django-hashes/node.json", import.meta.url);
mkdirSync(new URL(".", out), { recursive: true });
writeFileSync(
  out,
  JSON.stringify(
    { generatedBy: "scripts/django-hash-vectors.mjs", node: process.version, vectors },
    null,
    2,
  ) + "\n",
);
console.log(`${vectors.length} vectors written to ${out.pathname}`);
