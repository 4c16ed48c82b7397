import { ConfigError, loadConfig } from "./config";

/**
 * What would stop a deployment serving, judged by the Worker's own loadConfig on the vars it
 * would be deployed with and its secrets (`npm run predeploy`, scripts/predeploy.ts); null when
 * nothing would. A development configuration is refused too: it serves the mail outbox.
 */
export function deployProblem(vars: Record<string, unknown>, secrets: Record<string, string>): string | null {
  try {
    const config = loadConfig({ ...vars, ...secrets } as unknown as Env);
    return config.isDevelopment
      ? 'ENVIRONMENT="development" is for `npm run dev` only: its mail goes to the outbox table, not to the users'
      : null;
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
}
