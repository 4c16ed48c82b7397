/** A Twimbol profile item as anyone but its owner sees it: every key kept, the private values empty. */
export const asSeenByOthers = <
  T extends { user: { email: string; user_phone: string; user_address: string } },
>(
  own: T,
): T => ({
  ...own,
  user: { ...own.user, email: "", user_phone: "", user_address: "" },
});
