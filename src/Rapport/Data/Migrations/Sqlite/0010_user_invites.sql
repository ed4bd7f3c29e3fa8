-- One-time links for invited agents to set their password (only the hash of the secret is stored).
CREATE TABLE "user_invites" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_user_invites" PRIMARY KEY AUTOINCREMENT,
    "user_id" INTEGER NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "expires_at" TEXT NOT NULL,
    "used_at" TEXT NULL,
    CONSTRAINT "fk_user_invites_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "ix_user_invites_token_hash" ON "user_invites" ("token_hash");

CREATE INDEX "ix_user_invites_user_id" ON "user_invites" ("user_id");
