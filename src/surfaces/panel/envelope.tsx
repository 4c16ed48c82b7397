// The panel's errors are pages (issue 14): what each domain error says to an admin, and how it renders.
import type { DomainError } from "../../domain/errors";
import type { ErrorReply, RenderReply } from "../../http/envelope";
import type { SurfaceEnvelope } from "../shared/reason-words";
import { page } from "./layout";

interface PanelErrorBody {
  title: string;
  message: string;
}

function reply(
  status: ErrorReply["status"],
  title: string,
  message: string,
  headers?: Record<string, string>,
): ErrorReply {
  return { status, body: { title, message } satisfies PanelErrorBody, headers };
}

export const panelEnvelope: SurfaceEnvelope = {
  // The admin API's verbs, signed in through the panel's own form.
  raises: ["request", "auth", "twoFactor", "users", "lists", "mail", "creators", "posts"],
  fromDomain(err: DomainError): ErrorReply {
    switch (err.code) {
      case "FORBIDDEN":
        if (err.reason === "admin_self")
          return reply(
            403,
            "Not on your own account",
            "You cannot ban, deactivate, delete or demote your own account. Ask another admin. Nothing was changed. Your own password is changed from your account, which asks for the old one.",
          );
        return reply(
          403,
          "Not allowed",
          "This panel is for administrators only. Your account is not in the admin group.",
        );
      case "CSRF":
        return reply(
          403,
          "Form refused",
          "The form was out of date or did not come from this panel, so nothing was changed. Go back, reload the page and try again.",
        );
      case "UNAUTHENTICATED":
      case "INVALID_CREDENTIALS":
        return reply(401, "Not signed in", "Sign in to use the admin panel.");
      case "MFA_REQUIRED":
        return reply(
          401,
          "Two-factor code needed",
          "Sign in again and enter the code from your authenticator app.",
        );
      case "LOCKED":
        return reply(403, "Account locked", "Too many failed sign-ins. Try again in 15 minutes.");
      case "NOT_FOUND":
        return reply(404, "Not found", "There is nothing here. It may have been removed already.");
      case "CONFLICT":
        if (err.reason === "last_admin")
          return reply(
            409,
            "Last admin",
            "This would leave no active admin: make someone else an admin first. Nothing was changed.",
          );
        return reply(409, "Conflict", "That change conflicts with the current state. Reload and try again.");
      case "VALIDATION":
      case "BAD_REQUEST":
        return reply(400, "Bad request", "Some of what was sent could not be read.");
      case "PAYLOAD_TOO_LARGE":
        return reply(413, "Too large", "What was sent is too large.");
      case "UNSUPPORTED_MEDIA_TYPE":
        return reply(415, "Unsupported", "Send the form as the page does.");
      case "RATE_LIMITED":
        return reply(429, "Slow down", "Too many requests. Wait a minute and try again.", {
          "Retry-After": String(err.retryAfterSeconds ?? 60),
        });
      case "UNAVAILABLE":
        return reply(503, "Unavailable", "A service the panel needs is unavailable. Try again shortly.");
    }
  },
  internal: () =>
    ({
      title: "Something went wrong",
      message: "The panel failed to answer. The error was logged.",
    }) satisfies PanelErrorBody,
  misconfigured: () =>
    ({
      title: "Misconfigured",
      message:
        "The server's configuration was refused, so the panel cannot answer until it is fixed. The error was logged.",
    }) satisfies PanelErrorBody,
};

export const renderPanelError: RenderReply = (c, r) => {
  const body = r.body as Partial<PanelErrorBody>;
  const title = body.title ?? "Not allowed here";
  const message = body.message ?? "That method is not allowed on this page.";
  return page(
    c,
    title,
    {},
    <>
      <h1>{title}</h1>
      <p class="error" role="alert">
        {message}
      </p>
      <p>
        <a href="/admin/">Back to the panel</a>
      </p>
    </>,
    r.status,
  );
};
