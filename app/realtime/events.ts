// Live-layer payloads beyond the thread DTOs (app/modules/threads/dto.ts). No server imports: the browser bundle
// and the server share these types.

export interface PersonRef {
  id: string;
  name: string;
}

/** To `thread:<id>` (everyone but the typist's own tabs) while someone types a reply. */
export interface TypingEvent {
  threadId: string;
  person: PersonRef;
}

/** To `thread:<id>` after anyone joins or leaves: who is viewing now (one entry per person, every instance). */
export interface PresenceEvent {
  threadId: string;
  /** Sorted by name; at most 30. */
  people: PersonRef[];
  /** Everyone viewing (may exceed people.length). */
  total: number;
}

/** The client → server events. */
export interface ClientEvents {
  "room:join": { kind: string; id: string };
  "room:leave": { kind: string; id: string };
  "thread:typing": { threadId: string };
}
