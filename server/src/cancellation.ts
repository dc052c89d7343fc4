/**
 * Cancellation and yielding for long requests (issue 11), without the LSP: the token has the shape of
 * the LSP's CancellationToken, so the adapter passes its own; the CLI and tests pass none or a plain
 * object. A long loop asks a `Pacer` at every step; the pacer gives the event loop a turn every few
 * milliseconds of work (so other requests, and `$/cancelRequest`, are read meanwhile) and throws
 * `RequestCancelledError` once the token is cancelled. The LSP adapter answers that error with
 * RequestCancelled.
 */

export interface CancelToken {
  readonly isCancellationRequested: boolean;
}

export class RequestCancelledError extends Error {
  constructor() {
    super('request cancelled');
    this.name = 'RequestCancelledError';
  }
}

/** By name, not `instanceof`: the renderer's bundle (dist/server/render.js) carries its own copy of this class. */
export function isCancelled(e: unknown): e is RequestCancelledError {
  return e instanceof Error && e.name === 'RequestCancelledError';
}

/** Throws RequestCancelledError when the token is cancelled. */
export function throwIfCancelled(token: CancelToken | undefined): void {
  if (token?.isCancellationRequested) throw new RequestCancelledError();
}

/** Work between two turns of the event loop, in milliseconds. */
export const SLICE_MS = 8;

export type Pacer = () => Promise<void> | undefined;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A pacer for one request: call `await pace()` at every step of a long loop. Cheap between slices
 * (a clock read); every `sliceMs` it yields to the event loop, then checks the token.
 */
export function pacer(token: CancelToken | undefined, sliceMs = SLICE_MS): Pacer {
  let sliceStart = performance.now();
  throwIfCancelled(token);
  return () => {
    if (token?.isCancellationRequested) throw new RequestCancelledError();
    if (performance.now() - sliceStart < sliceMs) return undefined;
    return turn().then(() => {
      sliceStart = performance.now();
      throwIfCancelled(token);
    });
  };
}
