-- The inbox search: subjects and message text folded by SearchNormaliser (written by the save
-- path), an FTS5 trigram index over the message text kept by triggers, and a created_at order.
ALTER TABLE "conversations" ADD COLUMN "search_text" TEXT NOT NULL DEFAULT '';
ALTER TABLE "messages" ADD COLUMN "search_text" TEXT NOT NULL DEFAULT '';
-- Rows written before this migration: lower-cased only (SQLite lowers ASCII; Arabic letter forms, ZWNJ and digits stay as written).
UPDATE "conversations" SET "search_text" = lower(substr("subject", 1, 1000));
UPDATE "messages" SET "search_text" = lower(substr("body_text", 1, 20000));
CREATE INDEX "ix_conversations_created_at_id" ON "conversations" ("created_at", "id");

CREATE VIRTUAL TABLE "message_search" USING fts5("search_text", content='messages', content_rowid='id', tokenize='trigram');
INSERT INTO "message_search"("message_search") VALUES ('rebuild');
CREATE TRIGGER "message_search_insert" AFTER INSERT ON "messages" BEGIN
    INSERT INTO "message_search"(rowid, "search_text") VALUES (new."id", new."search_text");
END;
CREATE TRIGGER "message_search_delete" AFTER DELETE ON "messages" BEGIN
    INSERT INTO "message_search"("message_search", rowid, "search_text") VALUES ('delete', old."id", old."search_text");
END;
CREATE TRIGGER "message_search_update" AFTER UPDATE OF "search_text" ON "messages" BEGIN
    INSERT INTO "message_search"("message_search", rowid, "search_text") VALUES ('delete', old."id", old."search_text");
    INSERT INTO "message_search"(rowid, "search_text") VALUES (new."id", new."search_text");
END;
