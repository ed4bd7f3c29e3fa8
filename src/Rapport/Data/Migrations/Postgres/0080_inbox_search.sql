-- The inbox search: subjects and message text folded by SearchNormaliser (written by the save
-- path), pg_trgm GIN indexes so LIKE '%text%' uses an index, and a created_at order.
-- pg_trgm ships with PostgreSQL (contrib) and is a trusted extension: the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
-- The default stays, as on SQLite: rows inserted by plain SQL (tests, tools) still satisfy NOT NULL.
ALTER TABLE conversations ADD search_text character varying(1000) NOT NULL DEFAULT '';
ALTER TABLE messages ADD search_text text NOT NULL DEFAULT '';
-- Rows written before this migration: lower-cased only (Arabic letter forms, ZWNJ and digits stay as written).
UPDATE conversations SET search_text = lower(left(subject, 1000));
UPDATE messages SET search_text = lower(left(body_text, 20000));
CREATE INDEX ix_conversations_created_at_id ON conversations (created_at, id);
CREATE INDEX ix_conversations_search_text_trgm ON conversations USING gin (search_text gin_trgm_ops);
CREATE INDEX ix_messages_search_text_trgm ON messages USING gin (search_text gin_trgm_ops);
