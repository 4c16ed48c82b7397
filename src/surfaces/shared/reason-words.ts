// A surface words only the reasons its routes can raise; its envelope family answers the rest by code.
import type { DomainError, Entity, Reason, ReasonIn } from "../../domain/errors";
import type { Envelope } from "../../http/envelope";

/** An envelope that says which entities' reasons its surface's routes can raise (test/surfaces/envelopes.test.ts sends each one through). */
export interface SurfaceEnvelope extends Envelope {
  readonly raises: readonly Entity[];
}

/**
 * A surface's own words for some reasons of the entities it raises. Declared with `satisfies`, so
 * wording a reason of an entity the surface does not raise, or no reason at all, does not compile.
 */
export type Words<E extends Entity, T> = Partial<Record<ReasonIn<E>, T>>;

/** The words a table has for the error's reason, if any. */
export const wordsFor = <T>(words: Partial<Record<Reason, T>>, err: DomainError): T | undefined =>
  err.reason ? words[err.reason] : undefined;
