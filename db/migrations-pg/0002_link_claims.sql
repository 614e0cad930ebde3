CREATE TABLE "step_claims" (
	"link_id" text PRIMARY KEY NOT NULL,
	"workflow_id" text NOT NULL,
	"request" text NOT NULL,
	"claimed_at" text NOT NULL,
	"delivered_at" text
);
--> statement-breakpoint
ALTER TABLE "action_links" ADD COLUMN "acceptance" text;--> statement-breakpoint
ALTER TABLE "action_links" ADD COLUMN "closed_at" text;--> statement-breakpoint
CREATE INDEX "step_claims_undelivered" ON "step_claims" USING btree ("delivered_at","claimed_at");