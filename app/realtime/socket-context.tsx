import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import type { Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "./events";

// One socket.io connection per tab, opened by the root for signed-in active members only. Pages subscribe through
// hooks (use-thread-channel.ts). Without JavaScript nothing here runs and every page still works by HTTP.

/** The browser's socket, typed with the shared event maps (app/realtime/events.ts). */
export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type LiveStatus = "off" | "connecting" | "connected" | "reconnecting" | "closed";

export interface RealtimeState {
  socket: ClientSocket | null;
  status: LiveStatus;
  /** Increments on every (re)connect. */
  connects: number;
}

const OFF: RealtimeState = { socket: null, status: "off", connects: 0 };
const RealtimeContext = createContext<RealtimeState>(OFF);

export function RealtimeProvider({ personId, active, children }: { personId: string | null; active: boolean; children: ReactNode }) {
  const [state, setState] = useState<RealtimeState>(OFF);
  useEffect(() => {
    if (!personId || !active) return;
    let cancelled = false;
    let socket: ClientSocket | null = null;
    void import("socket.io-client").then(({ io }) => {
      if (cancelled) return;
      const s: ClientSocket = io({
        // WebSocket only: no long-polling, no sticky sessions needed behind a load balancer; no compression
        // (the server has perMessageDeflate off).
        transports: ["websocket"],
        withCredentials: true,
        reconnection: true,
        reconnectionDelay: 1000,
        reconnectionDelayMax: 15_000,
        randomizationFactor: 0.5,
      });
      socket = s;
      setState({ socket: s, status: "connecting", connects: 0 });
      s.on("connect", () => setState((st) => ({ socket: s, status: "connected", connects: st.connects + 1 })));
      s.on("disconnect", (reason) => {
        // "io server disconnect": the session ended (logout elsewhere) or the server refused this socket; the
        // client does not retry. Anything else (network, server restart) reconnects with backoff.
        setState((st) => ({ ...st, status: reason === "io server disconnect" || reason === "io client disconnect" ? "closed" : "reconnecting" }));
      });
      s.on("connect_error", () => {
        // A refused handshake (no valid session) does not retry; a network error does (s.active).
        setState((st) => ({ ...st, status: s.active ? "reconnecting" : "closed" }));
      });
    });
    // The browser going offline closes the transport at once (engine.io does it); back online, reconnect now
    // instead of waiting out the backoff.
    const online = () => {
      if (socket && !socket.connected && socket.active) {
        socket.disconnect();
        socket.connect();
      }
    };
    window.addEventListener("online", online);
    return () => {
      cancelled = true;
      window.removeEventListener("online", online);
      socket?.disconnect();
      setState(OFF);
    };
  }, [personId, active]);
  return <RealtimeContext.Provider value={state}>{children}</RealtimeContext.Provider>;
}

export function useRealtime(): RealtimeState {
  return useContext(RealtimeContext);
}
