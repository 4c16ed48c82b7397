// issue 21 item 4: what every serializer needs from the request, built once instead of threaded by hand.
import type { Context } from "hono";
import type { Viewer } from "../domain/auth/viewer";
import type { AppEnv } from "../env";

/** The request as serializers see it: where media is served, the origin absolute links start with, and who asks. */
export interface Presenter {
  /** The public URL of a stored media key (`/media/…`, or under MEDIA_BASE_URL), null for none. */
  media(key: string | null | undefined): string | null;
  /** This request's origin (`https://host`): MediaCMS sends absolute URLs. */
  readonly origin: string;
  /** `url` (a path, or already absolute) made absolute against the origin. */
  absolute(url: string): string;
  /** The caller, once the route's authentication has resolved one; null when anonymous. */
  readonly viewer: Viewer | null;
}

/** The request's presenter, made on first use and kept on the context for the rest of the request. */
export function presenterOf<E extends AppEnv>(c: Context<E>): Presenter {
  const made = c.get("presenter");
  if (made) return made;
  const store = c.get("deps").media;
  const origin = new URL(c.req.url).origin;
  const presenter: Presenter = {
    media: (key) => store.url(key),
    origin,
    absolute: (url) => new URL(url, origin).toString(),
    // Read at use: a presenter made before the route's authentication still sees its viewer.
    get viewer() {
      return c.get("viewer") ?? null;
    },
  };
  c.set("presenter", presenter);
  return presenter;
}
