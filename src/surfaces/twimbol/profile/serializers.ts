import type { UserRow } from "../../../domain/users/account";
import type { Viewer } from "../../../domain/auth/viewer";
import type { PublicUserRow } from "../../../domain/users/public-projection";
import type { Presenter } from "../../../http/presenter";

export const toUserRef = (user: UserRow) => ({
  id: user.id,
  username: user.username,
  email: user.email ?? "",
});

/** What only the user themself sees of a Twimbol profile (an admin reads it through the admin API). */
type PrivateProfile = Pick<UserRow, "email" | "phone" | "address" | "userStatus" | "isBanned">;

/**
 * Another user's profile keeps every key the clients parse, the private ones empty. Only a
 * visible account is ever shown to others, so its status and ban flags are these constants.
 */
const NOT_SHOWN: PrivateProfile = { email: null, phone: "", address: "", userStatus: true, isBanned: false };

/** One profile as Twimbol shows it: the nested user, and what the viewer is to them. */
export const toProfileItem = (
  user: PublicUserRow,
  own: PrivateProfile,
  groups: string[],
  p: Presenter,
  viewerFlags: { followed: boolean; blocked: boolean },
) => ({
  id: user.id,
  user: {
    id: user.id,
    username: user.username,
    email: own.email ?? "",
    first_name: user.firstName,
    last_name: user.lastName,
    profile_pic: p.media(user.avatarKey),
    user_phone: own.phone,
    user_address: own.address,
    user_type: user.userType,
    user_social_fb: user.socialFacebook,
    user_social_twt: user.socialTwitter,
    user_social_yt: user.socialYoutube,
    user_status: own.userStatus,
    user_banned: own.isBanned,
    user_group: groups,
  },
  followed_by_user: viewerFlags.followed,
  blocked_by_user: viewerFlags.blocked,
});

/** Another user's profile (a post's, reel's or search result's author), from the public projection alone. */
export const toPublicProfileItem = (
  user: PublicUserRow,
  groups: string[],
  p: Presenter,
  viewerFlags: { followed: boolean; blocked: boolean },
) => toProfileItem(user, NOT_SHOWN, groups, p, viewerFlags);

/** seed 004 §2 GET /user/api/profile/: a one-item list around the nested user. */
export const toOwnProfile = (viewer: Viewer, p: Presenter) => [
  toProfileItem(viewer.user, viewer.user, viewer.groups, p, { followed: false, blocked: false }),
];

export const toProfileUpdate = (user: UserRow, p: Presenter) => ({
  userId: user.id,
  first_name: user.firstName,
  last_name: user.lastName,
  profile_pic: p.media(user.avatarKey),
  user_phone: user.phone,
  user_address: user.address,
  user_social_fb: user.socialFacebook,
  user_social_twt: user.socialTwitter,
  user_social_yt: user.socialYoutube,
});

export const toCreatorApplication = (a: { id: number; userId: number; status: number; createdAt: Date }) => ({
  id: a.id,
  user: a.userId,
  application_status: String(a.status),
  created_at: a.createdAt.toISOString(),
});
