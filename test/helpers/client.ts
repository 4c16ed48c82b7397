import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { app } from "../../src/app";
import { nextIp } from "./ip";

export const BASE = "http://api.test";

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/**
 * A client of the Worker under test. Each client gets its own IP so the rate limiter
 * of one test never spends another's budget; it keeps cookies like a browser would.
 */
export class Client {
  readonly ip = nextIp();
  cookies = new Map<string, string>();
  token?: string;

  /** `vars` runs the Worker with those variables changed (e.g. REFRESH_ROTATION), as a redeploy would. */
  constructor(
    private readonly defaults: Record<string, string> = {},
    private readonly vars?: Record<string, string>,
  ) {}

  withToken(token: string) {
    this.token = token;
    return this;
  }

  async request<T = any>(method: string, path: string, init: { json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {}): Promise<Reply<T>> {
    const headers = new Headers({ "CF-Connecting-IP": this.ip, ...this.defaults, ...init.headers });
    if (this.token && !headers.has("Authorization")) headers.set("Authorization", `Bearer ${this.token}`);
    if (this.cookies.size && !headers.has("Cookie")) headers.set("Cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    let body = init.body;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers.set("Content-Type", "application/json");
    }
    const res = await this.send(new Request(new URL(path, BASE), { method, headers, body, redirect: "manual", duplex: "half" } as RequestInit));
    this.storeCookies(res.headers);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: the raw text stays in `body` */
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }

  get<T = any>(path: string, init?: Parameters<Client["request"]>[2]) {
    return this.request<T>("GET", path, init);
  }
  post<T = any>(path: string, json?: unknown, init: Parameters<Client["request"]>[2] = {}) {
    return this.request<T>("POST", path, { ...init, json });
  }
  patch<T = any>(path: string, json?: unknown, init: Parameters<Client["request"]>[2] = {}) {
    return this.request<T>("PATCH", path, { ...init, json });
  }
  put<T = any>(path: string, json?: unknown, init: Parameters<Client["request"]>[2] = {}) {
    return this.request<T>("PUT", path, { ...init, json });
  }
  delete<T = any>(path: string, json?: unknown, init: Parameters<Client["request"]>[2] = {}) {
    return this.request<T>("DELETE", path, { ...init, json });
  }

  private async send(request: Request): Promise<Response> {
    if (!this.vars) return exports.default.fetch(request);
    const ctx = createExecutionContext();
    const res = await app.fetch(request, { ...env, ...this.vars }, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  }

  private storeCookies(headers: Headers) {
    for (const line of headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (!value || /max-age=0/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}
