// negotiator 1.x (already Apollo Server's own dependency) ships no types, and @types/negotiator describes
// 0.6, whose encoding() has no `preferred` option: only what Knowpay calls.
declare module 'negotiator' {
  import type { IncomingHttpHeaders } from 'node:http';

  class Negotiator {
    constructor(request: { headers: IncomingHttpHeaders });
    /** The best of `available` the client accepts (q > 0), ties broken by `preferred`; undefined when none is. */
    encoding(available: readonly string[], options?: { preferred?: readonly string[] }): string | undefined;
  }
  export = Negotiator;
}
