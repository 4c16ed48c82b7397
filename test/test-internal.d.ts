// The plugin's own module, which `cloudflare:test` re-exports from; test/setup.ts drains the last
// file's pending waitUntil promises with it.
declare module "cloudflare:test-internal" {
  export function waitForGlobalWaitUntil(): Promise<void>;
}
