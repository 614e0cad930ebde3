ALTER TABLE `documents` ADD `attached_at` text;--> statement-breakpoint
-- Rows from before this column count as attached: only uploads kept from now on wait for their process's word.
UPDATE `documents` SET `attached_at` = `created_at`;
