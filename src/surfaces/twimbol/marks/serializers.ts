// seed 004 §6, §7: likes, hides and reports as the original's ModelSerializers (`fields = '__all__'`), and comments.
import type { CommentItem } from "../../../domain/posts/comments";
import type { Mark, Report } from "../../../domain/posts/marks";
import type { Presenter } from "../../../http/presenter";

export const toMark = (m: Mark) => ({
  id: m.id,
  post: m.postId,
  created_at: m.createdAt.toISOString(),
  created_by: m.userId,
});

export const toReport = (r: Report) => ({
  id: r.id,
  post: r.postId,
  reason: r.reason,
  description: r.description,
  created_at: r.createdAt.toISOString(),
  created_by: r.userId,
});

/** `created_by` is the author's profile cut to what a comment shows (the original's carried the whole profile, email included). */
export const toComment = ({ comment, author }: CommentItem, p: Presenter) => ({
  id: comment.id,
  post: comment.postId,
  comment: comment.comment,
  created_by: {
    id: author.id,
    user: { id: author.id, username: author.username, profile_pic: p.media(author.avatarKey) },
  },
  created_at: comment.createdAt.toISOString(),
});
