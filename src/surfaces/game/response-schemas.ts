// seed 001 / 003: the success bodies of serializers.ts, checked against them by the compiler.
import * as z from "zod";
import { bodyOf } from "../../http/openapi";
import type { idMessage, toGameUser, toLeaderboardEntry } from "./serializers";

export const idMessageBody = bodyOf<ReturnType<typeof idMessage>>()(
  z.object({ id: z.number().int(), username: z.string(), message: z.string() }),
);

export const avatarUpdatedBody = bodyOf<ReturnType<typeof idMessage> & { avatar_url: string | null }>()(
  idMessageBody.extend({ avatar_url: z.string().nullable() }),
);

export const gameUserBody = bodyOf<ReturnType<typeof toGameUser>>()(
  z.object({
    id: z.number().int(),
    username: z.string(),
    avatar: z.string().nullable(),
    email: z.string(),
    first_name: z.string(),
    last_name: z.string(),
    score: z.number().int(),
    total_wins: z.number().int(),
    total_losses: z.number().int(),
    date_joined: z.iso.datetime(),
    last_login: z.iso.datetime().nullable(),
  }),
);

export const leaderboardBody = bodyOf<ReturnType<typeof toLeaderboardEntry>[]>()(
  z.array(
    z.object({
      id: z.number().int(),
      username: z.string(),
      avatar: z.string().nullable(),
      score: z.number().int(),
      rank: z.number().int(),
    }),
  ),
);
