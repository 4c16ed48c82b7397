// The hot routes, one entry each. The harness probes every route once and reports a 404 as
// "skipped", so routes of APIs still being built light up by themselves once they are served.
//
// Entry: name; method; path, where `{key}` is filled from vars(state, i); headers(state, i)
// and body(state, i) builders; setup(ctx) → state, run once before the route (default: ctx).
// `i` counts this route's requests from 0, so bodies can be unique (register) or spread
// over users (login). Or, instead of method/path, measure(ctx, options) for a custom metric.
import { Skip, bearer } from "./context.mjs";
import { TOPICS } from "./seed.mjs";
import { measureChatDelivery } from "./chat-delivery.mjs";
import { measureDelivery } from "./ws-delivery.mjs";

const pick = (list, i) => list[i % list.length];
const loginBody = (ctx, i) => ({ username: ctx.loginName(i), password: ctx.password });

/**
 * Feed pages a like plan reads per pool user: up to 1,000 posts each, 4,000 likes in all, enough
 * for a default run on this machine; each page is a signed-in feed read, slow at a million users.
 */
const LIKE_PLAN_PAGES = 10;
const plans = new WeakMap();

/**
 * (user, post) pairs the pool users have not liked, read from the seeded feed (`liked_by_user`),
 * interleaved so request i is pool user i % users. "twimbol like" walks the pairs in order and
 * "twimbol unlike" walks them again, after liking any the like route did not reach.
 */
function likePlan(ctx) {
  let plan = plans.get(ctx);
  if (!plan) {
    plan = (async () => {
      const tokens = await ctx.tokens();
      const unliked = [];
      for (const t of tokens) {
        const ids = [];
        for (let page = 1; page <= LIKE_PLAN_PAGES; page++) {
          const res = await ctx.call("GET", `/api/posts/?page_size=100&page=${page}`, {
            headers: bearer(t.access),
          });
          if (res.status !== 200) break;
          ids.push(...res.body.results.filter((p) => !p.liked_by_user).map((p) => p.id));
          if (!res.body.next) break;
        }
        unliked.push(ids);
      }
      const depth = Math.min(...unliked.map((ids) => ids.length));
      if (!depth) throw new Skip("no seeded posts to like");
      const pairs = [];
      for (let k = 0; k < depth; k++)
        tokens.forEach((t, u) => pairs.push({ access: t.access, post: unliked[u][k] }));
      return { pairs, liked: 0 };
    })();
    plans.set(ctx, plan);
  }
  return plan;
}

/** Likes the pairs the like route did not reach, 16 at a time, so every unlike has a like to remove. */
async function likeTheRest(ctx, plan) {
  let next = plan.liked;
  const lane = async () => {
    for (let k = next++; k < plan.pairs.length; k = next++) {
      await ctx.call("POST", `/api/post_likes/${plan.pairs[k].post}/`, {
        headers: bearer(plan.pairs[k].access),
      });
    }
  };
  await Promise.all(Array.from({ length: 16 }, lane));
  plan.liked = plan.pairs.length;
  return plan;
}

export const ROUTES = [
  // seed 003, game backend (session cookie)
  { name: "game login", method: "POST", path: "/users/login/", body: loginBody },
  {
    name: "game register",
    method: "POST",
    path: "/users/register/",
    body: (ctx, i) => ({
      username: `reg_${ctx.runId}_${i}`,
      password1: ctx.password,
      password2: ctx.password,
    }),
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
  { name: "twimbol posts feed anonymous", method: "GET", path: "/api/posts/" },
  { name: "twimbol reels page", method: "GET", path: "/api/reels/" },
  {
    name: "twimbol reels page signed in",
    method: "GET",
    path: "/api/reels/",
    setup: (ctx) => ctx.tokens(),
    headers: (tokens, i) => bearer(pick(tokens, i).access),
  },
  // Each topic is in a seventh of the seeded titles: ranking sorts that many candidates for the top 50.
  {
    name: "twimbol search",
    method: "GET",
    path: "/api/search/?query={q}",
    vars: (ctx, i) => ({ q: pick(TOPICS, i) }),
  },
  {
    name: "twimbol like",
    method: "POST",
    path: "/api/post_likes/{post}/",
    setup: likePlan,
    vars: (plan, i) => {
      plan.liked = Math.max(plan.liked, i + 1);
      return { post: pick(plan.pairs, i).post };
    },
    headers: (plan, i) => bearer(pick(plan.pairs, i).access),
  },
  {
    name: "twimbol unlike",
    method: "DELETE",
    path: "/api/post_likes/{post}/",
    setup: async (ctx) => likeTheRest(ctx, await likePlan(ctx)),
    vars: (plan, i) => ({ post: pick(plan.pairs, i).post }),
    headers: (plan, i) => bearer(pick(plan.pairs, i).access),
  },
  {
    name: "twimbol comments",
    method: "GET",
    path: "/api/posts/{post}/comments/",
    setup: likePlan,
    vars: (plan, i) => ({ post: pick(plan.pairs, i).post }),
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
  // Issue 22: Cocotree's chat, live over the same hub
  { name: "chat delivery (WebSocket)", display: "chat send → WS frame", measure: measureChatDelivery },
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
