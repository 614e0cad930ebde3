CREATE TABLE `activation_batch_users` (
	`batch_id` text NOT NULL,
	`user_id` text NOT NULL,
	`status` text DEFAULT 'activation_pending' NOT NULL,
	PRIMARY KEY(`batch_id`, `user_id`),
	FOREIGN KEY (`batch_id`) REFERENCES `activation_batches`(`batch_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `activation_batch_users_user` ON `activation_batch_users` (`user_id`);--> statement-breakpoint
DROP INDEX `users_batch`;--> statement-breakpoint
DROP INDEX `users_batch_user`;--> statement-breakpoint
ALTER TABLE `users` ADD `activation_requested_at` text;--> statement-breakpoint
ALTER TABLE `users` ADD `activation_ended_at` text;--> statement-breakpoint
-- Batches from before this table: their members are the users whose row names the batch.
INSERT INTO `activation_batch_users` (`batch_id`, `user_id`, `status`)
SELECT `batch_id`, `user_id`, `status` FROM `users`
WHERE `batch_id` IN (SELECT `batch_id` FROM `activation_batches`) AND `status` IN ('activation_pending', 'active', 'rejected', 'expired');--> statement-breakpoint
UPDATE `users` SET `activation_requested_at` = (SELECT `created_at` FROM `activation_batches` WHERE `activation_batches`.`batch_id` = `users`.`batch_id`)
WHERE `batch_id` IS NOT NULL;--> statement-breakpoint
-- The outcome was the row's last change (`created_at` is the column behind updatedAt).
UPDATE `users` SET `activation_ended_at` = `created_at` WHERE `status` IN ('active', 'rejected', 'expired');--> statement-breakpoint
-- A deleted user keeps no personal data: their id and what happened to them, for the audit trail.
UPDATE `users` SET `name` = '', `email` = '', `nemid_user_id` = 'deleted:' || `user_id` WHERE `status` = 'deleted';
