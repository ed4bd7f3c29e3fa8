-- What calls on an agent (a mention, an assignment, a promise due or missed), written with the change that caused it.
CREATE TABLE "notifications" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_notifications" PRIMARY KEY AUTOINCREMENT,
    "user_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "conversation_id" INTEGER NULL,
    "actor_user_id" INTEGER NULL,
    "excerpt" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "read_at" TEXT NULL,
    CONSTRAINT "fk_notifications_conversations_conversation_id" FOREIGN KEY ("conversation_id") REFERENCES "conversations" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_notifications_users_actor_user_id" FOREIGN KEY ("actor_user_id") REFERENCES "users" ("id"),
    CONSTRAINT "fk_notifications_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_notifications_actor_user_id" ON "notifications" ("actor_user_id");

CREATE INDEX "ix_notifications_conversation_id" ON "notifications" ("conversation_id");

CREATE INDEX "ix_notifications_user_id_id" ON "notifications" ("user_id", "id");

CREATE INDEX "ix_notifications_user_id_read_at" ON "notifications" ("user_id", "read_at");
