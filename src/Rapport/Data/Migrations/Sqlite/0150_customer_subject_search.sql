-- Customers' and subjects' folded search text get the same FTS5 trigram index as message text
-- (0080), so the inbox and customer search find a substring without reading every row.
CREATE VIRTUAL TABLE "customer_search" USING fts5("search_text", content='customers', content_rowid='id', tokenize='trigram');
INSERT INTO "customer_search"("customer_search") VALUES ('rebuild');
CREATE TRIGGER "customer_search_insert" AFTER INSERT ON "customers" BEGIN
    INSERT INTO "customer_search"(rowid, "search_text") VALUES (new."id", new."search_text");
END;
CREATE TRIGGER "customer_search_delete" AFTER DELETE ON "customers" BEGIN
    INSERT INTO "customer_search"("customer_search", rowid, "search_text") VALUES ('delete', old."id", old."search_text");
END;
CREATE TRIGGER "customer_search_update" AFTER UPDATE OF "search_text" ON "customers" BEGIN
    INSERT INTO "customer_search"("customer_search", rowid, "search_text") VALUES ('delete', old."id", old."search_text");
    INSERT INTO "customer_search"(rowid, "search_text") VALUES (new."id", new."search_text");
END;

CREATE VIRTUAL TABLE "conversation_search" USING fts5("search_text", content='conversations', content_rowid='id', tokenize='trigram');
INSERT INTO "conversation_search"("conversation_search") VALUES ('rebuild');
CREATE TRIGGER "conversation_search_insert" AFTER INSERT ON "conversations" BEGIN
    INSERT INTO "conversation_search"(rowid, "search_text") VALUES (new."id", new."search_text");
END;
CREATE TRIGGER "conversation_search_delete" AFTER DELETE ON "conversations" BEGIN
    INSERT INTO "conversation_search"("conversation_search", rowid, "search_text") VALUES ('delete', old."id", old."search_text");
END;
CREATE TRIGGER "conversation_search_update" AFTER UPDATE OF "search_text" ON "conversations" BEGIN
    INSERT INTO "conversation_search"("conversation_search", rowid, "search_text") VALUES ('delete', old."id", old."search_text");
    INSERT INTO "conversation_search"(rowid, "search_text") VALUES (new."id", new."search_text");
END;
