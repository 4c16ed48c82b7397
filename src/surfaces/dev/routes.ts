// DESIGN.md "Cross-cutting contracts": the development mail outbox. Absent outside development.
import { Hono } from "hono";
import { DomainError } from "../../domain/errors";
import type { AppEnv } from "../../env";
import { ctxOf } from "../../http/context";
import { listOutbox } from "../../domain/mail/outbox";

export const devApp = new Hono<AppEnv>();

devApp.get("/_dev/outbox", async (c) => {
  // The outbox holds reset codes: only a development server's own machine may read it.
  const { isDevelopment, localRequest } = c.var.deps.config;
  if (!isDevelopment || !localRequest) throw new DomainError("NOT_FOUND", "route");
  const to = c.req.query("to") ?? "";
  const mails = await listOutbox(ctxOf(c), { to });
  return c.json(
    mails.map((m) => ({ to: m.to, subject: m.subject, text: m.text, created_at: m.createdAt.toISOString() })),
  );
});
