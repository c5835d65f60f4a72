/** In-app notification kinds; payload fields per kind are rendered by describe.ts. Each belongs to a type (types.ts). */
export type NotificationKind =
  | "mention"
  | "thread_reply" // a reply in a thread one follows (posted in, or followed)
  | "thread_new" // a new thread in a group (or event discussion) one follows
  | "event_invitation"
  | "event_update"
  | "event_cancelled"
  | "event_promoted" // off the waiting list
  | "rsvp_reminder"
  | "group_request" // to leads: someone asks to join
  | "group_request_approved"
  | "group_request_declined"
  | "group_invite"
  | "approval_request" // to approvers: an organisation or a person waits for approval
  | "campaign_status" // to participants: the campaign moved along its workflow
  | "campaign_application" // to the coordinator: an organisation applied
  | "campaign_decision" // to the applicant organisation: accepted / declined / wait-listed
  | "campaign_withdrawal" // to the coordinator and the other participants: the split was recomputed
  | "campaign_deliverable_due" // to the owner organisation: a deliverable is due soon
  // Cooperative logistics (app/modules/logistics/notify.server.ts)
  | "logistics_match"
  | "pool_invite"
  | "pool_join"
  | "pool_quoted"
  | "pool_status";
