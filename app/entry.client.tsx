import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { documentRouteIds, loadRouteMessages } from "~/i18n/load";

// Hydration waits for the page's data (issue 12 item 15). With single fetch, <RemixBrowser> decodes the data streamed
// into the page on its first render and suspends until it has it, and nothing above it can catch that suspension. A
// key press or click in that moment (Tab while the page loads) makes React hydrate synchronously; the synchronous
// render suspends again and React gives up with error #345 "Root did not complete": the page stays unhydrated and
// every link does a full reload. Starting the decoding first and hydrating once the data is there means hydration
// never suspends, so an early key press only makes it finish sooner.
async function pageDataDecoded(): Promise<void> {
  const remix = (window as unknown as { __remixContext?: { stream?: unknown } }).__remixContext;
  if (!remix?.stream) return;
  try {
    // Called outside React before the data is decoded, RemixBrowser only starts the decoding and throws its promise
    // (which settles either way: a decoding error is thrown again, to the error boundary, when it renders).
    (RemixBrowser as (props: Record<string, never>) => unknown)({});
  } catch (thrown) {
    if (thrown && typeof (thrown as PromiseLike<unknown>).then === "function") await thrown;
  }
}

// The messages of the routes on the page, in the page's language only (issue 15 item 2, app/i18n/load.ts): <html lang>
// is the root loader's locale, rendered by the server. Hydration waits for them (a missing one would render its key);
// when they cannot be had, the page stays as the server rendered it: its links and forms work without JavaScript.
const pageLocale = document.documentElement.lang === "en" ? "en" : "lv";

void Promise.all([pageDataDecoded(), loadRouteMessages(pageLocale, documentRouteIds())]).then(
  () => {
    startTransition(() => {
      hydrateRoot(
        document,
        <StrictMode>
          <RemixBrowser />
        </StrictMode>,
      );
    });
  },
  (err: unknown) => console.error("[i18n] not hydrated: the page's messages could not be loaded", err),
);
