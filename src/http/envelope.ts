import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { DomainError } from "../domain/errors";
import type { AppEnv } from "../env";
import { ConfigError } from "../infra/config";
import { errorFields, log } from "../infra/log";

export interface ErrorReply {
  status: ContentfulStatusCode;
  body: unknown;
  headers?: Record<string, string>;
}

/** How one API speaks its errors. Each surface has exactly one. */
export interface Envelope {
  fromDomain(err: DomainError): ErrorReply;
  /** Body of an unexpected failure (500). */
  internal(): unknown;
  /** Body of a configuration loadConfig refuses (503): no crash, and nothing a retry soon would fix either. */
  misconfigured(): unknown;
}

/** How a reply's body goes on the wire: JSON for the APIs; the admin panel renders a page. */
export type RenderReply = (c: Context<AppEnv>, reply: ErrorReply) => Response;

const asJson: RenderReply = (c, reply) => c.json(reply.body as object, reply.status);

/** Anything thrown while serving a request becomes a reply in the surface's envelope. */
export function replyWithError(
  c: Context<AppEnv>,
  envelope: Envelope,
  err: unknown,
  render: RenderReply = asJson,
): Response {
  const domain = toDomainError(err);
  if (!domain) {
    // The route pattern, never the concrete path: a path can carry a username or a code.
    log("error", err instanceof ConfigError ? "configuration refused" : "unexpected error", {
      route: c.req.routePath,
      ...errorFields(err),
    });
    // A configuration loadConfig refuses is the operator's to fix, not a crash: 503, the reason on /healthz.
    if (err instanceof ConfigError) return render(c, { status: 503, body: envelope.misconfigured() });
    return render(c, { status: 500, body: envelope.internal() });
  }
  const reply = envelope.fromDomain(domain);
  if (reply.headers) for (const [k, v] of Object.entries(reply.headers)) c.header(k, v);
  return render(c, reply);
}

/** Framework errors that are really the client's: malformed JSON, oversized bodies. */
function toDomainError(err: unknown): DomainError | null {
  if (err instanceof DomainError) return err;
  if (err instanceof HTTPException) {
    if (err.status === 413) return new DomainError("PAYLOAD_TOO_LARGE");
    if (err.status === 400) return new DomainError("BAD_REQUEST", "malformed_body");
  }
  return null;
}
