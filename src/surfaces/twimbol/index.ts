// seed 004: Twimbol's accounts, auth, creators, parental links, follows and notifications.
import { defineSurface } from "../../http/surface";
import { drfMethodNotAllowed } from "../shared/method-not-allowed";
import { twimbolApp } from "./app";
import { twimbolEnvelope } from "./errors";

export const twimbol = defineSurface({
  name: "twimbol",
  prefixes: [
    "/user/",
    "/api/token/",
    "/api/parent/",
    "/api/posts/",
    "/api/reels/",
    "/api/videos/",
    "/api/search/",
    "/create/",
    "/api/post_likes/",
    "/api/post_hide/",
    "/api/post_report/",
    "/api/notifications/",
  ],
  envelope: twimbolEnvelope,
  app: twimbolApp,
  // The logout redirect lands a browser on GET /user/login/: DRF's 405 there, as the clients expect.
  methodNotAllowed: drfMethodNotAllowed,
});
