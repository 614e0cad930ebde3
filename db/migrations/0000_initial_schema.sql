CREATE TABLE `action_links` (
	`link_id` text PRIMARY KEY NOT NULL,
	`workflow_id` text NOT NULL,
	`step` text NOT NULL,
	`recipient_email` text NOT NULL,
	`language` text NOT NULL,
	`expires_at` text NOT NULL,
	`used_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `action_links_workflow` ON `action_links` (`workflow_id`,`step`);--> statement-breakpoint
CREATE TABLE `activation_batches` (
	`batch_id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`login_method` text NOT NULL,
	`total` integer NOT NULL,
	`requested_by` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`org_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `administrators` (
	`org_id` text NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`subject` text,
	`login_method` text,
	`status` text DEFAULT 'appointed' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`org_id`, `email`),
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`org_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `administrators_subject` ON `administrators` (`subject`);--> statement-breakpoint
CREATE TABLE `audit_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_key` text NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`org_id` text,
	`workflow_id` text,
	`action` text NOT NULL,
	`outcome` text NOT NULL,
	`details` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `audit_events_event_key_unique` ON `audit_events` (`event_key`);--> statement-breakpoint
CREATE INDEX `audit_org` ON `audit_events` (`org_id`,`id`);--> statement-breakpoint
CREATE TABLE `documents` (
	`document_id` text PRIMARY KEY NOT NULL,
	`workflow_id` text NOT NULL,
	`step` text NOT NULL,
	`document_type` text NOT NULL,
	`sha256` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`media_type` text NOT NULL,
	`original_name` text,
	`uploaded_by` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`review_reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`reviewed_at` text
);
--> statement-breakpoint
CREATE INDEX `documents_workflow` ON `documents` (`workflow_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`user_id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`nemid_user_id` text NOT NULL,
	`imported_at` text NOT NULL,
	`status` text DEFAULT 'imported' NOT NULL,
	`login_method` text,
	`batch_id` text,
	`activation_expires_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`org_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_org_nemid` ON `users` (`org_id`,`nemid_user_id`);--> statement-breakpoint
CREATE INDEX `users_org_status` ON `users` (`org_id`,`status`,`user_id`);--> statement-breakpoint
CREATE INDEX `users_batch` ON `users` (`batch_id`,`status`);--> statement-breakpoint
CREATE TABLE `organizations` (
	`org_id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`country` text NOT NULL,
	`cvr` text,
	`language` text NOT NULL,
	`status` text NOT NULL,
	`allow_private_mitid` integer,
	`separate_means` text,
	`connected_at` text NOT NULL,
	`activated_at` text
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`idempotency_key` text PRIMARY KEY NOT NULL,
	`workflow_id` text NOT NULL,
	`step` text NOT NULL,
	`recipient` text NOT NULL,
	`message_id` text NOT NULL,
	`subject` text NOT NULL,
	`text_body` text NOT NULL,
	`html_body` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`sent_at` text
);
--> statement-breakpoint
CREATE INDEX `outbox_workflow` ON `outbox` (`workflow_id`);--> statement-breakpoint
CREATE TABLE `ping_results` (
	`workflow_id` text PRIMARY KEY NOT NULL,
	`outcome` text NOT NULL,
	`message` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `service_provider_keys` (
	`municipality_key` text NOT NULL,
	`use` text NOT NULL,
	`private_key_pem` text NOT NULL,
	`certificate_pem` text NOT NULL,
	`not_after` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`municipality_key`, `use`)
);
--> statement-breakpoint
CREATE TABLE `terms_acceptances` (
	`org_id` text NOT NULL,
	`version` text NOT NULL,
	`accepted_at` text NOT NULL,
	`accepted_by` text NOT NULL,
	PRIMARY KEY(`org_id`, `version`),
	FOREIGN KEY (`version`) REFERENCES `terms_versions`(`version`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `terms_versions` (
	`version` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`url` text NOT NULL,
	`content_hash` text NOT NULL,
	`kind` text NOT NULL,
	`published_at` text NOT NULL,
	`notified_all_at` text,
	`effective_at` text
);
