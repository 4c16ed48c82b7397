import type { Clock } from "../../src/infra/clock";

/** A clock the test moves by hand, instead of sleeping. */
export class FakeClock implements Clock {
  constructor(private t = Date.now()) {}
  now = () => new Date(this.t);
  advance(ms: number) {
    this.t += ms;
  }
}
