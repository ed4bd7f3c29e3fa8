-- Conversations imported from another helpdesk keep that system's id, so a re-import skips them.
ALTER TABLE conversations ADD external_id character varying(200) NULL;
CREATE UNIQUE INDEX ix_conversations_external_id ON conversations (external_id);
