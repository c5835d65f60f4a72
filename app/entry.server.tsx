import { Transform, type TransformCallback } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "~/components/nonce";
import { describeError, errorLog } from "~/lib/log";

export const streamTimeout = 5_000;

/** Unexpected loader/action/render errors, logged once per distinct error per minute (with a repeat count). */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return; // the client went away
  errorLog(`[remix] ${request.method} ${new URL(request.url).pathname}: ${describeError(error)}`);
};

export default function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext, loadContext: AppLoadContext) {
  const nonce = loadContext.cspNonce;
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    // The abort timer is cleared when the body ends or closes, not left to fire: the stock entry keeps every
    // render alive for its timeout and memory grows with the request rate (docs/performance.md pitfall 2).
    let timer: NodeJS.Timeout | undefined;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = withoutNulBytes();
          const clear = () => timer && clearTimeout(timer);
          body.on("end", clear);
          body.on("close", clear);
          body.on("error", clear);
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          if (timer) clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) errorLog(`[render] ${describeError(error)}`);
        },
      },
    );
    timer = setTimeout(abort, streamTimeout + 1000);
  });
}

/**
 * The rendered HTML without NUL bytes. React 18.3.1 flushes its whole 2,048-byte view when a multi-byte character
 * does not fit at its end, so the unwritten (zero) bytes reach the page wherever a Latvian letter meets that boundary
 * (react#31134; fixed in react#26228, never released for 18). A zero byte never occurs inside UTF-8 text of a page, so
 * dropping every one is safe. tests/html-nul.test.ts.
 */
function withoutNulBytes(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      if (chunk.indexOf(0) === -1) return done(null, chunk);
      const out = Buffer.allocUnsafe(chunk.length);
      let n = 0;
      for (let i = 0; i < chunk.length; i++) if (chunk[i] !== 0) out[n++] = chunk[i];
      done(null, out.subarray(0, n));
    },
  });
}
