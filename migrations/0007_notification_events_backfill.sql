-- Notifications stored as Twimbol's English before they were events: each text the code wrote
-- becomes the event it reported. A row is converted only when the Twimbol wording of that event
-- gives back its message, page, page_item_id and notification_type exactly; every other row
-- stays `legacy` and is shown verbatim. The old columns keep their text: a Worker still on the
-- code before events (during a deploy, or after a rollback) goes on reading them.
UPDATE `notifications`
SET `event` = 'welcome',
    `data` = json_object('username', substr(`message`, 9, length(`message`) - 53))
WHERE `event` = 'legacy' AND `notification_type` = 'general' AND `page` = 'profile' AND `page_item_id` IS NULL
  AND length(`message`) > 53
  AND `message` = 'Welcome ' || substr(`message`, 9, length(`message`) - 53) || '! Your account has been successfully created.';
--> statement-breakpoint
UPDATE `notifications`
SET `event` = 'follow',
    `actor_id` = `page_item_id`,
    `data` = json_object('username', substr(`message`, 1, length(`message`) - 23))
WHERE `event` = 'legacy' AND `notification_type` = 'follow' AND `page` = 'profile' AND `page_item_id` IS NOT NULL
  AND length(`message`) > 23
  AND `message` = substr(`message`, 1, length(`message`) - 23) || ' started following you.';
--> statement-breakpoint
UPDATE `notifications`
SET `event` = 'creator_application_approved',
    `object_kind` = 'creator_application',
    `object_id` = `page_item_id`
WHERE `event` = 'legacy' AND `notification_type` = 'general' AND `page` = 'creator' AND `page_item_id` IS NOT NULL
  AND `message` = 'Congratulations! Your creator application has been approved.';
