// The live layer of discussions: who is viewing, who is typing, connection state, arrivals (screen readers).
// Latvian avoids gendered forms: "raksta", "pievienoja" are the same for everyone.

const en = {
  "live.region": "Live activity in this discussion",
  "live.presence": "Viewing now: {names}",
  "live.presence.more": "{names} and {count} more",
  "live.presence.you": "you",
  "live.typing.one": "{name} is typing…",
  "live.typing.two": "{a} and {b} are typing…",
  "live.typing.many": "Several people are typing…",
  "live.status.reconnecting": "Connection lost. New posts will appear here as soon as it is back.",
  "live.status.closed": "Live updates are off. Reload the page to see new posts.",
  "live.arrived": "{name} added post #{seq}.",
};

export { en };
