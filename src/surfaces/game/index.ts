// seed 001 / 003: the game backend owns /users/ (Cocotree's carve-outs under it will be their own prefixes).
import { defineSurface } from "../../http/surface";
import { gameEnvelope } from "./errors";
import { gameApp } from "./routes";

export const game = defineSurface({
  name: "game",
  prefixes: ["/users/"],
  envelope: gameEnvelope,
  app: gameApp,
  // Django's require_http_methods answers an empty 405; the game's clients read `errors` on every failure.
  methodNotAllowed: (method) => ({ errors: `Method "${method}" not allowed.` }),
});
