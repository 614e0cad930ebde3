CREATE TABLE `document_contents` (
	`document_id` text PRIMARY KEY NOT NULL,
	`bytes` blob NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`document_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
DROP INDEX `documents_sha256`;