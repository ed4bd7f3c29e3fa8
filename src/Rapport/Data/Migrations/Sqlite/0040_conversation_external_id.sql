-- Conversations imported from another helpdesk keep that system's id, so a re-import skips them.
ALTER TABLE "conversations" ADD COLUMN "external_id" TEXT NULL;
CREATE UNIQUE INDEX "ix_conversations_external_id" ON "conversations" ("external_id");
