ALTER TABLE `terms_notifications` ADD `date_notified_at` text;--> statement-breakpoint
ALTER TABLE `terms_notifications` ADD `reminded_at` text;