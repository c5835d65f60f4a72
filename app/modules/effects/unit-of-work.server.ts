// One transaction and the effects it causes. Rows (the change itself, notifications, mail outbox rows and their
// delivery jobs) are written inside the transaction; socket pushes and other after-commit work are queued and run
// only once COMMIT succeeded, in the order they were queued. After a rollback nothing queued runs.
import type { AppContext, Tx } from "~/context";
import type { ServerEventName, ServerEvents } from "~/realtime/events";
import { describeError, errorLog } from "~/lib/log";
import { enqueueMail, type MailRequest } from "~/modules/mail/outbox.server";
import { tellDetailed, type Recipient, type TellMessage } from "~/modules/notifications/tell.server";

export type UnitCtx = Pick<AppContext, "db" | "config" | "mail" | "realtime">;

/** A socket.io room (e.g. a thread's room) or every socket of one person. */
export type PushTarget = { room: string } | { user: string };

export interface Effects {
  /** Queues a socket push; it runs after COMMIT. */
  push<E extends ServerEventName>(to: PushTarget, event: E, payload: ServerEvents[E]): void;
  /** Mail outbox rows and their delivery jobs, in the transaction (one idempotency key per logical message). */
  mail(requests: MailRequest[]): Promise<string[]>;
  /** Notification rows (and mail, per each person's preference) in the transaction; queues `notification:new` to each newly told person. Returns their ids. */
  tell<R extends Recipient>(msg: TellMessage<R>): Promise<string[]>;
  /** Anything else that must wait for COMMIT (e.g. realtime.leaveRoom). Awaited in order; a failure is logged, never thrown. */
  afterCommit(fn: () => unknown): void;
}

/**
 * Runs `work` in one transaction with an effects queue. Resolves with work's result after COMMIT and after the queued
 * effects ran; an effect that throws is logged and never fails the request (the change is committed by then).
 * Nest by passing (trx, fx) down, never by opening a second unit inside one.
 */
export async function unitOfWork<T>(ctx: UnitCtx, work: (trx: Tx, fx: Effects) => Promise<T>): Promise<T> {
  const queue: (() => unknown)[] = [];
  let state: "open" | "committed" | "closed" = "open";
  const enqueue = (fn: () => unknown) => {
    if (state === "closed") throw new Error("unitOfWork: an effect was queued after the unit of work ended");
    queue.push(fn);
  };
  let result: T;
  try {
    result = await ctx.db.transaction().execute(async (trx) => {
      const fx: Effects = {
        push(to, event, payload) {
          enqueue(() => ("room" in to ? ctx.realtime.toRoom(to.room, event, payload) : ctx.realtime.toUser(to.user, event, payload)));
        },
        mail(requests) {
          return enqueueMail(trx, ctx, requests);
        },
        async tell(msg) {
          const { inApp, told } = await tellDetailed(trx, ctx, msg);
          for (const id of inApp) fx.push({ user: id }, "notification:new", { kind: msg.kind });
          return told;
        },
        afterCommit(fn) {
          enqueue(fn);
        },
      };
      return work(trx, fx);
    });
  } catch (err) {
    state = "closed";
    throw err;
  }
  state = "committed";
  // Effects may queue further effects while they run; those run after them.
  for (let i = 0; i < queue.length; i++) {
    try {
      await queue[i]();
    } catch (err) {
      errorLog(`[effects] an after-commit effect failed: ${describeError(err)}`);
    }
  }
  state = "closed";
  return result;
}
