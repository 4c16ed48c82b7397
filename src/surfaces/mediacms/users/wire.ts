// seed 000: the bodies the users routes answer, as schemas for their declarations.
import * as z from "zod";

/** `GET /api/v1/users` items: exactly the seed's fields, no private one. */
export const userListItem = z.object({
  description: z.string(),
  date_added: z.iso.datetime(),
  name: z.string(),
  is_featured: z.boolean(),
  thumbnail_url: z.url(),
  url: z.url(),
  api_url: z.url(),
  username: z.string(),
  advancedUser: z.boolean(),
  is_editor: z.boolean(),
  is_manager: z.boolean(),
  email_is_verified: z.boolean(),
  media_count: z.number().int(),
});

export const userListBody = z.object({
  count: z.number().int(),
  next: z.url().nullable(),
  previous: z.url().nullable(),
  results: z.array(userListItem),
});

export const userDetailBody = z.object({
  description: z.string(),
  date_added: z.iso.datetime(),
  name: z.string(),
  is_featured: z.boolean(),
  thumbnail_url: z.url(),
  banner_thumbnail_url: z.string().nullable(),
  url: z.url(),
  username: z.string(),
  media_info: z.object({ results: z.array(z.never()), user_media: z.string() }),
  api_url: z.url(),
  edit_url: z.string(),
  default_channel_edit_url: z.string().nullable(),
  home_page: z.string(),
  social_media_links: z.string(),
  location_info: z.array(z.object({ title: z.string(), url: z.string() })),
});
