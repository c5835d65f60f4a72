// Admin lists (audit log, outbox, people, approvals) page by this many rows; their cursors come from ~/lib/cursor.server.

export const PAGE_SIZE = 25;
