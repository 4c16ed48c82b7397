// seed 002: Cocotree's user management and friends, carved out of the game's /users/ by exact
// prefixes, plus the companion auth and chat routes its clients call.
import { Hono } from "hono";
import type { AppEnv } from "../../env";
import { defineSurface } from "../../http/surface";
import { authRoutes } from "./auth/routes";
import { chatMemberRoutes } from "./chats/member-routes";
import { chatRoutes } from "./chats/routes";
import { chatStreamRoutes } from "./chats/stream-routes";
import { cocotreeEnvelope, cocotreeMethodNotAllowed } from "./errors";
import { friendsRoutes } from "./friends/routes";
import { messageRoutes } from "./messages/routes";
import { usersRoutes } from "./users/routes";

export const cocotree = defineSurface({
  name: "cocotree",
  prefixes: [
    "/users/user_info/",
    "/users/search_users/",
    "/users/search_friends/",
    "/users/friends/",
    "/users/user_details/",
    "/users/delete_account/",
    "/auth/",
    "/chat/",
    "/messages/",
  ],
  envelope: cocotreeEnvelope,
  app: new Hono<AppEnv>()
    .route("/", usersRoutes)
    .route("/", friendsRoutes)
    .route("/", authRoutes)
    .route("/", chatRoutes)
    .route("/", chatMemberRoutes)
    .route("/", messageRoutes)
    .route("/", chatStreamRoutes),
  methodNotAllowed: cocotreeMethodNotAllowed,
});
