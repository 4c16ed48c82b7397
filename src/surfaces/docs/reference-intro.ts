// What /openapi.json says of the service and of each API before any route (issue 25): the reader's first screen.
import type { ReferenceIntro } from "../../http/openapi";

const CREDENTIALS =
  "Every API takes every credential form: `Authorization: Bearer <access JWT>` (also `JWT <jwt>`, `Token <jwt>` or the bare token), `Authorization: Token <API key>`, or the `sessionid` cookie (a cookie-authenticated write from another site is refused).";

const seed = (file: string, title: string) => `Seed document: \`seeds/${file}\` (“${title}”).`;

export const REFERENCE_INTRO: ReferenceIntro = {
  info: {
    title: "Edge social API",
    version: "1.0.0",
    description: [
      "One Cloudflare Worker serving four client APIs over one set of accounts: the **game** backend, **Cocotree** (friends and chat), **Twimbol** (posts, reels, videos, creators, notifications) and **MediaCMS** (public users and media), plus the **admin** API and the **accounts** routes every API shares (two-factor authentication, email verification). Each API answers in the envelope of the system it replaces, so its clients run unchanged.",
      "",
      `Credentials: ${CREDENTIALS} One account signs in through any API's login route.`,
      "",
      "Every answer carries `X-Request-Id`, `X-Rate-Limit-Limit`, `X-Rate-Limit-Remaining`, `X-Rate-Limit-Reset` (Unix epoch seconds) and `X-D1-Bookmark` (send it back to read your own writes). Every route can answer 405 (another method; `Allow` lists the right ones), 413 (a body over its limit) and 429 (`Retry-After` in seconds), in its API's envelope.",
      "",
      "Pick one API at a time in the selector at the top of `/docs`, or fetch `/openapi.json?api=<tag>`.",
    ].join("\n"),
  },
  servers: [{ url: "/", description: "This Worker (the origin serving this document)" }],
  tags: [
    {
      name: "game",
      description: [
        'The game backend (Django REST Framework): registration, login, profiles, avatars, the leaderboard. Errors: `{"errors": "…"}` or `{"errors": {"field": ["…"]}}`.',
        "Credentials: the `sessionid` cookie that `POST /users/login/` sets; also any form below.",
        CREDENTIALS,
        `${seed("001_6c6eb001fea9bfb1.txt", "Backend API Endpoints")} and ${seed("003_24b8ec392ab66c14.txt", "Backend API Endpoints").replace("Seed document: ", "")}`,
      ].join("\n\n"),
    },
    {
      name: "cocotree",
      description: [
        'Cocotree: users, friends, group chats, messages and the live chat socket. Success: `{"code": 0, "payload": …}`; failure: `{"code": n, "error": "…"}` (field errors in `payload`).',
        "Credentials: the token `POST /auth/login` or `/auth/register` answers, sent bare as `Authorization: <token>` (or `Bearer <token>`).",
        CREDENTIALS,
        seed("002_d953d636876e13bd.txt", "User Management API API Documentation"),
      ].join("\n\n"),
    },
    {
      name: "twimbol",
      description: [
        'Twimbol: accounts, posts, reels, videos, resumable uploads, creator applications, parental links, follows and notifications. Errors in DRF\'s `{"detail": "…"}` or `{"field": ["…"]}`.',
        "Credentials: the SimpleJWT pair `POST /user/login/` answers: `Authorization: Bearer <access>`, renewed with `POST /api/token/refresh`.",
        CREDENTIALS,
        seed("004_4e3647906808bb0b.txt", "Twimbol Backend — REST API Documentation"),
      ].join("\n\n"),
    },
    {
      name: "mediacms",
      description: [
        'MediaCMS (Cinemata): the public user directory, profiles, contact and media. Errors in DRF\'s `{"detail": "…"}`.',
        "Credentials: the API key `POST /api/v1/login` answers, sent as `Authorization: Token <key>`; also the `sessionid` cookie.",
        CREDENTIALS,
        seed("000_3d8956d51aea4a0e.txt", "User API Endpoints"),
      ].join("\n\n"),
    },
    {
      name: "admin",
      description: [
        'The JSON admin API: creator applications, reports, post removal, the audit log and user management, for accounts in the `admin` group only (403 otherwise). Errors in DRF\'s `{"detail": "…"}`. The HTML admin panel at `/admin/` calls the same operations.',
        CREDENTIALS,
        "No seed document: this service's own.",
      ].join("\n\n"),
    },
    {
      name: "accounts",
      description: [
        'Account security shared by every API. Two-factor authentication (TOTP, RFC 6238, and recovery codes): enrol, turn off, regenerate codes, and complete a login that answered 401 with an `mfa_token` (the answer is that login route\'s own success, in its API\'s envelope). Email verification: the 6-digit code mailed at registration or at an address change, and its resend. Errors in DRF\'s `{"detail": "…"}`.',
        CREDENTIALS,
        "No seed document: modelled on django-allauth's MFA and email-confirmation routes (`/accounts/2fa/…`, `/accounts/email/…`).",
      ].join("\n\n"),
    },
  ],
};
