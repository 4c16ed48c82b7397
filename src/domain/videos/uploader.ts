import type { Viewer } from "../auth/viewer";
import type { Ctx } from "../context";
import { DomainError, type ReasonOf } from "../errors";
import { hasRole, requireUser } from "../policy/ownership";

/** Reels, videos, uploads and the dashboard are for the `creator` and `admin` roles (create/views.py). */
export function requireCreator(
  ctx: Ctx,
  reason: ReasonOf<"FORBIDDEN"> & ("reel_uploader" | "video_uploader" | "creator_only"),
): Viewer {
  const viewer = requireUser(ctx);
  if (!hasRole(viewer, "creator") && !hasRole(viewer, "admin")) throw new DomainError("FORBIDDEN", reason);
  return viewer;
}
