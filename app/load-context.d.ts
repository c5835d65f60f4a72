import type { AppContext } from "./context";

declare module "@remix-run/node" {
  interface AppLoadContext extends AppContext {}
  interface Future {
    v3_singleFetch: true;
  }
}
