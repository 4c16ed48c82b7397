import type { paths } from "../../src/client/api-types";

/** The methods the test client sends, as `paths` spells them. */
export type ApiMethod = "get" | "post" | "put" | "patch" | "delete";

type Documented<M extends ApiMethod> = {
  [K in keyof paths]: paths[K][M] extends object ? K : never;
}[keyof paths];

/** `/users/{id}/` as the strings that reach it: `/users/${string}/`. */
type Concrete<K extends string> = K extends `${infer Head}{${string}}${infer Tail}`
  ? `${Head}${string}${Concrete<Tail>}`
  : K;

/** The paths that reach a declared route: the declared spelling, and with a trailing slash added (both are served). */
type Served<K extends string> = Concrete<K> | (K extends `${string}/` ? never : `${Concrete<K>}/`);

/** Every path a test may send `M` to and get a typed reply for, with or without a query string. */
export type ApiPath<M extends ApiMethod> = {
  [K in Documented<M>]: Served<K> | `${Served<K>}?${string}`;
}[Documented<M>];

type WithoutQuery<P extends string> = P extends `${infer Path}?${string}` ? Path : P;

/** The declared route a concrete path resolves to: itself if declared, else every pattern it matches. */
export type RouteOf<P extends string, M extends ApiMethod> =
  WithoutQuery<P> extends Documented<M>
    ? WithoutQuery<P>
    : { [K in Documented<M>]: WithoutQuery<P> extends Served<K> ? K : never }[Documented<M>];

type Operation<P extends string, M extends ApiMethod> = NonNullable<paths[RouteOf<P, M>][M]>;

type BodyOf<R> = R extends { content: { "application/json": infer B } }
  ? B
  : R extends { content: infer C }
    ? C[keyof C]
    : null;

/** One reply per documented status: narrow on `status` (or `expectStatus`) to reach that status's body. */
export type ApiReply<P extends string, M extends ApiMethod> =
  Operation<P, M> extends { responses: infer Responses }
    ? {
        [S in keyof Responses]: { status: S; headers: Headers; body: BodyOf<Responses[S]>; text: string };
      }[keyof Responses]
    : never;

/**
 * The JSON request body the route declares (`undefined` if it takes none). A route declared
 * with a form body takes the same fields as JSON too, so its form fields type the JSON.
 */
export type ApiJson<P extends string, M extends ApiMethod> =
  Operation<P, M> extends { requestBody?: { content: infer C } }
    ? C extends { "application/json": infer B }
      ? B
      : C extends { "multipart/form-data": infer F }
        ? { [K in keyof F]: F[K] extends string | undefined ? F[K] : never }
        : undefined
    : undefined;
