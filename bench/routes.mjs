// The hot routes, one entry each. The harness probes every route once and reports a 404 as
// "skipped", so routes of APIs still being built light up by themselves once they are served.
//
// Entry: name; method; path, where `{key}` is filled from vars(state, i); headers(state, i)
// and body(state, i) builders; setup(ctx) → state, run once before the route (default: ctx).
// `i` counts this route's requests from 0, so bodies can be unique (register) or spread
// over users (login). Or, instead of method/path, measure(ctx, options) for a custom metric.
import { bearer } from "./context.mjs";
import { measureDelivery } from "./ws-delivery.mjs";

const pick = (list, i) => list[i % list.length];
const loginBody = (ctx, i) => ({ username: ctx.loginName(i), password: ctx.password });

export const ROUTES = [
  // seed 003, game backend (session cookie)
  { name: "game login", method: "POST", path: "/users/login/", body: loginBody },
  {
    name: "game register",
    method: "POST",
    path: "/users/register/",
    body: (ctx, i) => ({ username: `reg_${ctx.runId}_${i}`, password1: ctx.password, password2: ctx.password }),
  },
  {
    name: "game own profile",
    method: "GET",
    path: "/users/{id}/",
    setup: (ctx) => ctx.cookies(),
    vars: (sessions, i) => ({ id: pick(sessions, i).id }),
    headers: (sessions, i) => ({ Cookie: pick(sessions, i).cookie }),
  },
  { name: "game leaderboard", method: "GET", path: "/users/leaderboard/?limit=50" },

  // seed 004, Twimbol (Bearer JWT)
  { name: "twimbol login", method: "POST", path: "/user/login/", body: loginBody },
  {
    name: "twimbol own profile",
    method: "GET",
    path: "/user/api/profile/",
    setup: (ctx) => ctx.tokens(),
    headers: (tokens, i) => bearer(pick(tokens, i).access),
  },
  {
    name: "twimbol notifications",
    method: "GET",
    path: "/api/notifications/",
    setup: (ctx) => ctx.tokens(),
    headers: (tokens, i) => bearer(pick(tokens, i).access),
  },
  {
    name: "twimbol posts feed",
    method: "GET",
    path: "/api/posts/",
    setup: (ctx) => ctx.tokens(),
    headers: (tokens, i) => bearer(pick(tokens, i).access),
  },

  // seed 000, MediaCMS (public reads)
  { name: "mediacms user list", method: "GET", path: "/api/v1/users" },
  {
    name: "mediacms public profile",
    method: "GET",
    path: "/api/v1/users/{username}",
    vars: (ctx, i) => ({ username: ctx.loginName(i) }),
  },

  // seed 002, Cocotree (bare JWT in Authorization)
  {
    name: "cocotree friend list",
    method: "GET",
    path: "/users/search_friends/",
    setup: (ctx) => ctx.tokens(),
    headers: (tokens, i) => ({ Authorization: pick(tokens, i).access }),
  },
  {
    name: "cocotree user_info",
    method: "GET",
    path: "/users/user_info/{id}/",
    setup: (ctx) => ctx.tokens(),
    vars: (tokens, i) => ({ id: pick(tokens, i + 1).id }),
    headers: (tokens, i) => ({ Authorization: pick(tokens, i).access }),
  },

  // DESIGN.md storage roles: live notification fan-out through the UserHub Durable Object
  { name: "notification delivery (WebSocket)", display: "follow → WS frame", measure: measureDelivery },
];

/** The concrete request number `i` of a route, for the load driver or a probe. */
export function buildRequest(route, state, i) {
  const vars = route.vars?.(state, i) ?? {};
  return {
    method: route.method,
    path: route.path.replace(/\{(\w+)\}/g, (_, key) => encodeURIComponent(vars[key])),
    headers: route.headers?.(state, i),
    body: route.body?.(state, i),
  };
}
