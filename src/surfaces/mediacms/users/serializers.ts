// seed 000: MediaCMS's user serializers over the domain's public user.
import type * as z from "zod";
import type { PublicUser } from "../../../domain/users/public-users";
import type { Presenter } from "../../../http/presenter";
import { DEFAULT_AVATAR_PATH } from "../../media/default-avatar";
import type { userDetailBody, userListItem } from "./wire";

/** A username as Django's reverse() puts it in a path: `@` and `+` stay, anything not URL-safe is escaped. */
const inPath = (username: string) => encodeURIComponent(username).replace(/%40/g, "@").replace(/%2B/g, "+");

/** Media URLs are relative unless MEDIA_BASE_URL is set; the seed's thumbnail_url is always absolute. */
const thumbnailOf = (user: PublicUser, p: Presenter) =>
  p.absolute(p.media(user.avatarKey) ?? DEFAULT_AVATAR_PATH);

export const toUserListItem = (user: PublicUser, p: Presenter): z.output<typeof userListItem> => ({
  description: user.bio,
  date_added: user.dateJoined.toISOString(),
  name: user.name,
  is_featured: user.isFeatured,
  thumbnail_url: thumbnailOf(user, p),
  url: `${p.origin}/user/${inPath(user.username)}/`,
  api_url: `${p.origin}/api/v1/users/${inPath(user.username)}`,
  username: user.username,
  advancedUser: user.advancedUser,
  is_editor: user.isEditor,
  is_manager: user.isManager,
  email_is_verified: user.emailIsVerified,
  media_count: user.mediaCount,
});

export const toUserDetail = (user: PublicUser, p: Presenter): z.output<typeof userDetailBody> => ({
  description: user.bio,
  date_added: user.dateJoined.toISOString(),
  name: user.name,
  is_featured: user.isFeatured,
  thumbnail_url: thumbnailOf(user, p),
  // Relative, as in the seed's example.
  banner_thumbnail_url: p.media(user.bannerKey),
  url: `${p.origin}/user/${inPath(user.username)}/`,
  username: user.username,
  // The user's media list is issue 11's; until then it is empty, and its link is where it will be.
  media_info: { results: [] as never[], user_media: `/api/v1/media?author=${inPath(user.username)}` },
  api_url: `${p.origin}/api/v1/users/${inPath(user.username)}`,
  edit_url: `/user/${inPath(user.username)}/edit`,
  // The default channel MediaCMS makes at sign-up, by its friendly token; null only for a row no migration has reached.
  default_channel_edit_url: user.channelToken ? `/channel/${user.channelToken}/edit` : null,
  home_page: user.homePage,
  social_media_links: user.socialLinks,
  location_info: user.location
    ? [{ title: user.location, url: `/members?location=${encodeURIComponent(user.location)}` }]
    : [],
});
