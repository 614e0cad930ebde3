CREATE TABLE `means_activations` (
	`activation_id` text PRIMARY KEY NOT NULL,
	`code_hash` text NOT NULL,
	`org_id` text NOT NULL,
	`user_id` text NOT NULL,
	`workflow_id` text NOT NULL,
	`link_id` text NOT NULL,
	`means` text NOT NULL,
	`expires_at` text NOT NULL,
	`used_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `means_activations_code_hash_unique` ON `means_activations` (`code_hash`);--> statement-breakpoint
CREATE INDEX `means_activations_user` ON `means_activations` (`workflow_id`,`user_id`);