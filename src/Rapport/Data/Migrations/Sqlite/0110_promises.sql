-- Promises agents make to customers ("by Tuesday"), reminded before due and flagged when missed.
CREATE TABLE "promises" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_promises" PRIMARY KEY AUTOINCREMENT,
    "conversation_id" INTEGER NOT NULL,
    "created_by_user_id" INTEGER NOT NULL,
    "what" TEXT NOT NULL,
    "due_at" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "next_check_at" TEXT NULL,
    "reminded_at" TEXT NULL,
    "missed_at" TEXT NULL,
    "settled_at" TEXT NULL,
    "settled_by_user_id" INTEGER NULL,
    CONSTRAINT "fk_promises_conversations_conversation_id" FOREIGN KEY ("conversation_id") REFERENCES "conversations" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_promises_users_created_by_user_id" FOREIGN KEY ("created_by_user_id") REFERENCES "users" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_promises_users_settled_by_user_id" FOREIGN KEY ("settled_by_user_id") REFERENCES "users" ("id")
);

CREATE INDEX "ix_promises_conversation_id_id" ON "promises" ("conversation_id", "id");

CREATE INDEX "ix_promises_created_by_user_id" ON "promises" ("created_by_user_id");

CREATE INDEX "ix_promises_next_check_at" ON "promises" ("next_check_at");

CREATE INDEX "ix_promises_settled_by_user_id" ON "promises" ("settled_by_user_id");

CREATE INDEX "ix_promises_state_due_at" ON "promises" ("state", "due_at");
