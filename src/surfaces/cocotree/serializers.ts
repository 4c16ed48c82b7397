// seed 002: the objects Cocotree's answers hold, field for field.
import * as z from "zod";
import type { UserCard } from "../../domain/friends/queries";
import type { UserRow } from "../../domain/users/account";
import type { Presenter } from "../../http/presenter";

/** `{"code": 0, "payload": …}` */
export const success = <T>(payload: T) => ({ code: 0 as const, payload });

/** ISO-8601 UTC to the second, as the seed's examples (`2023-07-01T12:00:00Z`). */
export const isoTime = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
export const epochSeconds = (d: Date) => Math.floor(d.getTime() / 1000);

/** Another user as every Cocotree answer embeds them: a cut of the public projection. */
export const userCardSchema = z.object({
  id: z.number(),
  username: z.string(),
  profile_picture: z.string().nullable(),
});
export const friendSchema = userCardSchema.extend({ group: z.string() });
export const userInfoSchema = userCardSchema.extend({
  bio: z.string(),
  created_time: z.string(),
  is_friend: z.boolean(),
  group: z.string().nullable(),
});
export const userDetailsSchema = userCardSchema.extend({
  email: z.string().nullable(),
  phone_number: z.string(),
  bio: z.string(),
  created_time: z.string(),
  pending_count: z.number(),
});

export const toUserCard = (u: UserCard, p: Presenter): z.output<typeof userCardSchema> => ({
  id: u.id,
  username: u.username,
  profile_picture: p.media(u.avatarKey),
});

export const toUserInfo = (
  u: UserCard & { bio: string; dateJoined: Date; isFriend: boolean; group: string | null },
  p: Presenter,
): z.output<typeof userInfoSchema> => ({
  id: u.id,
  username: u.username,
  bio: u.bio,
  profile_picture: p.media(u.avatarKey),
  created_time: isoTime(u.dateJoined),
  is_friend: u.isFriend,
  group: u.group,
});

export const toUserDetails = (
  user: UserRow,
  pendingCount: number,
  p: Presenter,
): z.output<typeof userDetailsSchema> => ({
  id: user.id,
  username: user.username,
  email: user.email,
  phone_number: user.phone,
  bio: user.bio,
  profile_picture: p.media(user.avatarKey),
  created_time: isoTime(user.dateJoined),
  pending_count: pendingCount,
});

export const toFriend = (f: UserCard & { group: string }, p: Presenter): z.output<typeof friendSchema> => ({
  ...toUserCard(f, p),
  group: f.group,
});
