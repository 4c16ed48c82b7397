// seed 004: the success bodies of profile/serializers.ts and notifications/serializers.ts, checked against them by the compiler.
import * as z from "zod";
import type { Refreshed } from "../../domain/auth/refresh";
import { bodyOf } from "../../http/openapi";
import type { toTwimbolNotification, toTwimbolPreferences } from "./notifications/serializers";
import { POST_TYPES, REPORT_REASONS } from "../../domain/posts/post-rules";
import type { toComment, toMark, toReport } from "./marks/serializers";
import type { toPostItem } from "./posts/serializers";
import type {
  toCreatorApplication,
  toOwnProfile,
  toProfileItem,
  toProfileUpdate,
  toUserRef,
} from "./profile/serializers";

export const detailBody = z.object({ detail: z.string() });
export const messageBody = z.object({ message: z.string() });
export const statusBody = z.object({ status: z.string() });

export const userRefBody = bodyOf<ReturnType<typeof toUserRef>>()(
  z.object({ id: z.number().int(), username: z.string(), email: z.string() }),
);

export const registeredBody = z.object({ message: z.string(), user: userRefBody, email_sent: z.boolean() });
export const tokenPairBody = z.object({ access: z.string(), refresh: z.string(), user: userRefBody });
export const refreshedBody = bodyOf<Refreshed>()(
  z.object({ access: z.string(), refresh: z.string().optional() }),
);

export const profileItemBody = bodyOf<ReturnType<typeof toProfileItem>>()(
  z.object({
    id: z.number().int(),
    user: z.object({
      id: z.number().int(),
      username: z.string(),
      email: z.string(),
      first_name: z.string(),
      last_name: z.string(),
      profile_pic: z.string().nullable(),
      user_phone: z.string(),
      user_address: z.string(),
      user_type: z.string(),
      user_social_fb: z.string(),
      user_social_twt: z.string(),
      user_social_yt: z.string(),
      user_status: z.boolean(),
      user_banned: z.boolean(),
      user_group: z.array(z.string()),
    }),
    followed_by_user: z.boolean(),
    blocked_by_user: z.boolean(),
  }),
);

export const ownProfileBody = bodyOf<ReturnType<typeof toOwnProfile>>()(z.array(profileItemBody));

export const profileUpdateBody = bodyOf<ReturnType<typeof toProfileUpdate>>()(
  z.object({
    userId: z.number().int(),
    first_name: z.string(),
    last_name: z.string(),
    profile_pic: z.string().nullable(),
    user_phone: z.string(),
    user_address: z.string(),
    user_social_fb: z.string(),
    user_social_twt: z.string(),
    user_social_yt: z.string(),
  }),
);

export const creatorApplicationBody = bodyOf<ReturnType<typeof toCreatorApplication>>()(
  z.object({
    id: z.number().int(),
    user: z.number().int(),
    application_status: z.string(),
    created_at: z.iso.datetime(),
  }),
);
export const creatorApplicationsBody = z.array(creatorApplicationBody);

export const notificationBody = bodyOf<ReturnType<typeof toTwimbolNotification>>()(
  z.object({
    id: z.number().int(),
    message: z.string(),
    created_at: z.iso.datetime(),
    is_read: z.boolean(),
    page: z.string().nullable(),
    page_item_id: z.number().int().nullable(),
    notification_type: z.enum(["general", "follow", "like", "comment", "new_event", "event_reminder"]),
  }),
);
export const notificationsBody = z.array(notificationBody);

export const preferencesBody = bodyOf<ReturnType<typeof toTwimbolPreferences>>()(
  z.object({
    user: z.number().int(),
    all_notifications: z.boolean(),
    email_notifications: z.boolean(),
    push_notifications: z.boolean(),
    follow_notifications: z.boolean(),
    likes_notifications: z.boolean(),
    comments_notifications: z.boolean(),
    new_events_notifications: z.boolean(),
    event_reminders_notifications: z.boolean(),
  }),
);

export const postItemBody = bodyOf<ReturnType<typeof toPostItem>>()(
  z.object({
    id: z.number().int(),
    post_type: z.enum(POST_TYPES),
    post_title: z.string(),
    post_description: z.string(),
    created_at: z.iso.datetime(),
    like_count: z.number().int(),
    post_banner: z.string(),
    created_by: z.number().int(),
    user_profile: profileItemBody,
    username: z.object({ username: z.string() }),
    comments: z.array(z.object({ comment: z.string() })),
    liked_by_user: z.boolean(),
    hidden_by_user: z.boolean(),
    reported_by_user: z.boolean(),
  }),
);

/** Twimbol's pagination envelope (src/surfaces/shared/pagination.ts drfPageBody). */
export const drfPageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    count: z.number().int(),
    page_size: z.number().int(),
    page: z.number().int(),
    total_pages: z.number().int(),
    next: z.string().nullable(),
    previous: z.string().nullable(),
    results: z.array(item),
  });
export const postPageBody = drfPageOf(postItemBody);

export const markBody = bodyOf<ReturnType<typeof toMark>>()(
  z.object({
    id: z.number().int(),
    post: z.number().int(),
    created_at: z.iso.datetime(),
    created_by: z.number().int(),
  }),
);
export const marksBody = z.array(markBody);
export const reportBody = bodyOf<ReturnType<typeof toReport>>()(
  z.object({
    id: z.number().int(),
    post: z.number().int(),
    reason: z.enum(REPORT_REASONS),
    description: z.string(),
    created_at: z.iso.datetime(),
    created_by: z.number().int(),
  }),
);
export const reportsBody = z.array(reportBody);
export const commentBody = bodyOf<ReturnType<typeof toComment>>()(
  z.object({
    id: z.number().int(),
    post: z.number().int(),
    comment: z.string(),
    created_by: z.object({
      id: z.number().int(),
      user: z.object({ id: z.number().int(), username: z.string(), profile_pic: z.string().nullable() }),
    }),
    created_at: z.iso.datetime(),
  }),
);
export const commentPageBody = drfPageOf(commentBody);
