ALTER TABLE `users` ADD `activation_workflow_id` text;--> statement-breakpoint
CREATE INDEX `users_org_user` ON `users` (`org_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `users_batch_user` ON `users` (`batch_id`,`user_id`);