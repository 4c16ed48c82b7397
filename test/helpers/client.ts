import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { expect } from "vitest";
import { app } from "../../src/app";
import type { ApiJson, ApiMethod, ApiPath, ApiReply } from "./api";
import { nextIp } from "./ip";
import { activeLab, labPosition, type ReplicaLab } from "./lagging-replica";

export const BASE = "http://api.test";

/** A reply whose body is whatever the Worker sent: what the untyped door (`client.raw`) answers. */
export interface RawReply {
  status: number;
  headers: Headers;
  // Hostile-input tests read bodies that no declaration describes.
  body: any;
  text: string;
}

export interface SendInit {
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
}

/**
 * A client of the Worker under test. Each client gets its own IP so the rate limiter
 * of one test never spends another's budget; it keeps cookies like a browser would.
 *
 * Untyped: any path, any body, `body: any`. The door for what no declaration describes
 * (wrong paths and methods, hostile bodies, undocumented routes), and for the test files
 * not yet written against the typed `Client`.
 */
export class UntypedClient {
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

  request(method: string, path: string, init: SendInit = {}): Promise<RawReply> {
    return this.send(method, path, init);
  }
  get(path: string, init: SendInit = {}) {
    return this.send("GET", path, init);
  }
  post(path: string, json?: unknown, init: SendInit = {}) {
    return this.send("POST", path, { ...init, json });
  }
  patch(path: string, json?: unknown, init: SendInit = {}) {
    return this.send("PATCH", path, { ...init, json });
  }
  put(path: string, json?: unknown, init: SendInit = {}) {
    return this.send("PUT", path, { ...init, json });
  }
  delete(path: string, json?: unknown, init: SendInit = {}) {
    return this.send("DELETE", path, { ...init, json });
  }

  private async send(method: string, path: string, init: SendInit): Promise<RawReply> {
    const headers = new Headers({ "CF-Connecting-IP": this.ip, ...this.defaults, ...init.headers });
    if (this.token && !headers.has("Authorization")) headers.set("Authorization", `Bearer ${this.token}`);
    if (this.cookies.size && !headers.has("Cookie"))
      headers.set("Cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    let body = init.body;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers.set("Content-Type", "application/json");
    }
    const res = await this.fetch(
      new Request(new URL(path, BASE), {
        method,
        headers,
        body,
        redirect: "manual",
        duplex: "half",
      } as RequestInit),
    );
    this.storeCookies(res.headers);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: the raw text stays in `body` */
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  }

  private async fetch(request: Request): Promise<Response> {
    const lab = activeLab();
    if (lab) return this.throughLab(lab, request);
    if (!this.vars) return exports.default.fetch(request);
    const ctx = createExecutionContext();
    const res = await app.fetch(request, { ...env, ...this.vars }, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  }

  /** A run with REPLICA_LAG_MS (test/setup.ts): the Worker reads through the lagging replica, and this client sends its bookmarks back. */
  private readonly labTag = `client-${this.ip}`;
  private labBookmark?: string;
  private labRequests = 0;
  private async throughLab(lab: ReplicaLab, request: Request): Promise<Response> {
    if (this.labBookmark && !request.headers.has("X-D1-Bookmark"))
      request.headers.set("X-D1-Bookmark", this.labBookmark);
    // Its own tag: requests of one client sent at once are told apart.
    const tag = `${this.labTag}#${++this.labRequests}`;
    const lastWrite = lab.lastWriteOf(this.labTag);
    const ctx = createExecutionContext();
    const res = await app.fetch(request, { ...env, DB: lab.binding(tag), ...this.vars }, ctx);
    await waitOnExecutionContext(ctx);
    const bookmark = res.headers.get("X-D1-Bookmark");
    if (bookmark && (labPosition(bookmark) ?? 0) >= (labPosition(this.labBookmark) ?? 0))
      this.labBookmark = bookmark;
    lab.observe(
      this.labTag,
      request.method,
      lab.sessions.filter((s) => s.tag === tag),
      [{ status: res.status, bookmark }],
      lastWrite,
    );
    return res;
  }

  private storeCookies(headers: Headers) {
    for (const line of headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (!value || /max-age=0/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line))
        this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/**
 * The client written against the contract: its methods take only documented paths
 * (`/users/${id}/` reaches `/users/{id}/`, a query string may follow) with the declared
 * JSON body, and answer one reply per documented status, typed from
 * `src/client/api-types.ts`; narrow on `status` (`expectStatus`) to read that status's body.
 */
export class Client extends UntypedClient {
  /** This same client (IP, cookies, token), untyped, for a hostile request in a typed test. */
  get raw(): UntypedClient {
    return this;
  }

  override request<M extends Uppercase<ApiMethod>, P extends ApiPath<Lowercase<M>>>(
    method: M,
    path: P,
    init: SendInit = {},
  ) {
    return super.request(method, path, init) as Promise<ApiReply<P, Lowercase<M>>>;
  }
  override get<P extends ApiPath<"get">>(path: P, init: SendInit = {}) {
    return this.request("GET", path, init);
  }
  override post<P extends ApiPath<"post">>(path: P, json?: ApiJson<P, "post">, init: SendInit = {}) {
    return this.request("POST", path, { ...init, json });
  }
  override patch<P extends ApiPath<"patch">>(path: P, json?: ApiJson<P, "patch">, init: SendInit = {}) {
    return this.request("PATCH", path, { ...init, json });
  }
  override put<P extends ApiPath<"put">>(path: P, json?: ApiJson<P, "put">, init: SendInit = {}) {
    return this.request("PUT", path, { ...init, json });
  }
  override delete<P extends ApiPath<"delete">>(path: P, json?: ApiJson<P, "delete">, init: SendInit = {}) {
    return this.request("DELETE", path, { ...init, json });
  }
}

/** A typed reply narrowed to one status; a raw reply stays raw. */
type StatusReply<R extends { status: unknown }, S> = number extends R["status"]
  ? R
  : Extract<R, { status: S }>;

/** Asserts the status (the body in the message if not) and narrows the reply to that status's body. */
export function expectStatus<
  R extends { status: unknown; text: string },
  const S extends R["status"] & number,
>(reply: R, status: S): asserts reply is StatusReply<R, S> {
  expect(reply.status, reply.text).toBe(status);
}
