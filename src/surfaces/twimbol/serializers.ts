import type { UserRow } from "../../domain/users/account";
import type { Viewer } from "../../domain/auth/viewer";
import type { MediaStore } from "../../infra/media-store";

export const toUserRef = (user: UserRow) => ({ id: user.id, username: user.username, email: user.email ?? "" });

/** seed 004 §2 GET /user/api/profile/: a one-item list around the nested user. */
export const toOwnProfile = (viewer: Viewer, media: MediaStore) => [
  {
    id: viewer.user.id,
    user: {
      id: viewer.user.id,
      username: viewer.user.username,
      email: viewer.user.email ?? "",
      first_name: viewer.user.firstName,
      last_name: viewer.user.lastName,
      profile_pic: media.url(viewer.user.avatarKey),
      user_phone: viewer.user.phone,
      user_address: viewer.user.address,
      user_type: viewer.user.userType,
      user_social_fb: viewer.user.socialFacebook,
      user_social_twt: viewer.user.socialTwitter,
      user_social_yt: viewer.user.socialYoutube,
      user_status: viewer.user.userStatus,
      user_banned: viewer.user.isBanned,
      user_group: viewer.groups,
    },
    followed_by_user: false,
    blocked_by_user: false,
  },
];

export const toProfileUpdate = (user: UserRow, media: MediaStore) => ({
  userId: user.id,
  first_name: user.firstName,
  last_name: user.lastName,
  profile_pic: media.url(user.avatarKey),
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
