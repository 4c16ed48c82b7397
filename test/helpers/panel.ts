// A browser-like client of the admin panel: it keeps the cookies, reads each page's CSRF token and posts forms as a browser does.
import { expect } from "vitest";
import { UntypedClient, type RawReply } from "./client";

const FORM = { "Content-Type": "application/x-www-form-urlencoded" };

export const csrfIn = (html: string) => /name="csrf" value="([0-9a-f]+)"/.exec(html)?.[1];

export class PanelClient extends UntypedClient {
  csrf?: string;

  /** GET a page, remembering the token its forms carry. */
  async page(path: string): Promise<RawReply> {
    const res = await this.get(path);
    const token = typeof res.text === "string" ? csrfIn(res.text) : undefined;
    if (token) this.csrf = token;
    return res;
  }

  /** POST a form as the page's own form would (the token included unless `csrf` overrides it; null leaves it out). */
  submit(
    path: string,
    fields: Record<string, string | string[]> = {},
    { csrf }: { csrf?: string | null } = {},
  ): Promise<RawReply> {
    const body = new URLSearchParams();
    const token = csrf === undefined ? this.csrf : csrf;
    if (token !== null && token !== undefined) body.set("csrf", token);
    for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
    return this.request("POST", path, { body: body.toString(), headers: FORM });
  }

  /** Signs in through the form; the reply is the form's answer (303 on success). */
  async signIn(username: string, password: string): Promise<RawReply> {
    await this.page("/admin/login/");
    return this.submit("/admin/login/", { username, password });
  }
}

/** A panel client signed in as this account, with a fresh token from the dashboard. */
export async function signedIn(account: { username: string; password: string }) {
  const client = new PanelClient();
  const res = await client.signIn(account.username, account.password);
  expect(res.status, res.text).toBe(303);
  expect((await client.page("/admin/")).status).toBe(200);
  return client;
}
