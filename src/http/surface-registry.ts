import type { Envelope } from "./envelope";

/**
 * Which API owns a path, for errors raised before a route is reached (rate limit,
 * body size) and for unknown routes: the longest registered prefix wins.
 */
export class SurfaceRegistry {
  private prefixes: { prefix: string; envelope: Envelope }[] = [];

  constructor(private readonly fallback: Envelope) {}

  register(envelope: Envelope, ...prefixes: string[]) {
    for (const prefix of prefixes) this.prefixes.push({ prefix, envelope });
    this.prefixes.sort((a, b) => b.prefix.length - a.prefix.length);
    return this;
  }

  envelopeFor(path: string): Envelope {
    return this.owner(path)?.envelope ?? this.fallback;
  }

  /** The owning prefix, for logs; null where the fallback envelope answers. */
  prefixFor(path: string): string | null {
    return this.owner(path)?.prefix ?? null;
  }

  private owner(path: string) {
    // Paths arrive without their trailing slash: `/users` and `/api/notifications` still own their prefix.
    const slashed = path.endsWith("/") ? path : `${path}/`;
    return this.prefixes.find((p) => slashed.startsWith(p.prefix));
  }
}
