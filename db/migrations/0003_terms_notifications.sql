CREATE TABLE `terms_notifications` (
	`version` text NOT NULL,
	`org_id` text NOT NULL,
	`notified_at` text NOT NULL,
	`recipients` integer NOT NULL,
	`failed` integer NOT NULL,
	PRIMARY KEY(`version`, `org_id`),
	FOREIGN KEY (`version`) REFERENCES `terms_versions`(`version`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `terms_versions` ADD `text` text;