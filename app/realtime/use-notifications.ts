import { useEffect } from "react";
import { useRevalidator } from "@remix-run/react";
import { useRealtime } from "./socket-context";

/**
 * Keeps the header badge and the notifications page current: on `notification:new` (pushed to `user:<id>` after the
 * notification committed) and after a reconnect (pushes missed meanwhile) the page's loaders run again. Several
 * pushes in a burst make one revalidation.
 */
export function useLiveNotifications(): void {
  const { socket, connects } = useRealtime();
  const { revalidate } = useRevalidator();
  useEffect(() => {
    if (!socket) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const onNew = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        revalidate();
      }, 100);
    };
    socket.on("notification:new", onNew);
    return () => {
      socket.off("notification:new", onNew);
      if (timer) clearTimeout(timer);
    };
  }, [socket, revalidate]);
  useEffect(() => {
    // A reconnect (not the first connect) may have missed pushes.
    if (connects > 1) revalidate();
  }, [connects, revalidate]);
}

/** Renders nothing: mounts the live notifications listener inside the realtime provider. */
export function LiveNotifications(): null {
  useLiveNotifications();
  return null;
}
