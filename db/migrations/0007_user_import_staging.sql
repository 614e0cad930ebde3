CREATE TABLE `user_import_rows` (
	`import_id` text NOT NULL,
	`line` integer NOT NULL,
	`user_id` text NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`nemid_user_id` text NOT NULL,
	`imported_at` text NOT NULL,
	PRIMARY KEY(`import_id`, `line`),
	FOREIGN KEY (`import_id`) REFERENCES `user_imports`(`import_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `user_import_rows_nemid` ON `user_import_rows` (`import_id`,`nemid_user_id`,`line`);--> statement-breakpoint
CREATE TABLE `user_imports` (
	`import_id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`org_id`) ON UPDATE no action ON DELETE no action
);
