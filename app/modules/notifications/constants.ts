/** The header badge counts unread notifications up to this number and shows "99+" beyond. */
export const UNREAD_CAP = 99;
