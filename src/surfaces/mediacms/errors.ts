// seed 000: MediaCMS answers in DRF's {"detail": …}, with its own wording where the seed gives one.
import { DRF_MSG, detail, drfEnvelope, PLAIN_DRF_REASONS, type DrfReasons } from "../shared/drf-envelope";

export const MEDIACMS_MSG = {
  userNotFound: "user does not exist",
} as const;

/** Every domain reason in MediaCMS's words; `undefined` answers it as DRF does for its code. */
const MEDIACMS_REASONS = {
  ...PLAIN_DRF_REASONS,
  user: detail(404, MEDIACMS_MSG.userNotFound),
  invalid_page: detail(404, DRF_MSG.invalidPage),
} satisfies DrfReasons;

export const mediaCmsEnvelope = drfEnvelope(MEDIACMS_REASONS);
