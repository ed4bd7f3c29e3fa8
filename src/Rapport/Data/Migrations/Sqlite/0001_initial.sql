CREATE TABLE "custom_fields" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_custom_fields" PRIMARY KEY AUTOINCREMENT,
    "key" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "choices" TEXT NOT NULL,
    "is_required" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL
);


CREATE TABLE "idempotency_records" (
    "id" TEXT NOT NULL CONSTRAINT "pk_idempotency_records" PRIMARY KEY,
    "request_hash" TEXT NOT NULL,
    "status_code" INTEGER NOT NULL,
    "content_type" TEXT NULL,
    "location" TEXT NULL,
    "body" BLOB NULL,
    "created_at" TEXT NOT NULL
);


CREATE TABLE "settings" (
    "key" TEXT NOT NULL CONSTRAINT "pk_settings" PRIMARY KEY,
    "value" TEXT NOT NULL
);


CREATE TABLE "tags" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_tags" PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "created_at" TEXT NOT NULL
);


CREATE TABLE "users" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_users" PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "password_hash" TEXT NULL,
    "language" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "is_active" INTEGER NOT NULL,
    "failed_sign_ins" INTEGER NOT NULL,
    "locked_until" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "last_sign_in_at" TEXT NULL
);


CREATE TABLE "api_tokens" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_api_tokens" PRIMARY KEY AUTOINCREMENT,
    "user_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "hint" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "last_used_at" TEXT NULL,
    "revoked_at" TEXT NULL,
    CONSTRAINT "fk_api_tokens_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);


CREATE TABLE "companies" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_companies" PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "domain" TEXT NULL,
    "tier" TEXT NULL,
    "account_owner_id" INTEGER NULL,
    "value" TEXT NULL,
    "notes" TEXT NULL,
    "search_text" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "fk_companies_users_account_owner_id" FOREIGN KEY ("account_owner_id") REFERENCES "users" ("id")
);


CREATE TABLE "teams" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_teams" PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "description" TEXT NULL,
    "lead_user_id" INTEGER NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "fk_teams_users_lead_user_id" FOREIGN KEY ("lead_user_id") REFERENCES "users" ("id")
);


CREATE TABLE "customers" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_customers" PRIMARY KEY AUTOINCREMENT,
    "full_name" TEXT NOT NULL,
    "preferred_name" TEXT NULL,
    "pronunciation" TEXT NULL,
    "language" TEXT NULL,
    "time_zone" TEXT NULL,
    "preferred_channel" TEXT NULL,
    "contact_hours" TEXT NULL,
    "do_not_contact" INTEGER NOT NULL,
    "tier" TEXT NULL,
    "account_owner_id" INTEGER NULL,
    "company_id" INTEGER NULL,
    "value" TEXT NULL,
    "custom_fields" TEXT NOT NULL,
    "search_text" TEXT NOT NULL,
    "merged_into_id" INTEGER NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "fk_customers_companies_company_id" FOREIGN KEY ("company_id") REFERENCES "companies" ("id"),
    CONSTRAINT "fk_customers_customers_merged_into_id" FOREIGN KEY ("merged_into_id") REFERENCES "customers" ("id"),
    CONSTRAINT "fk_customers_users_account_owner_id" FOREIGN KEY ("account_owner_id") REFERENCES "users" ("id")
);


CREATE TABLE "team_memberships" (
    "team_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    CONSTRAINT "pk_team_memberships" PRIMARY KEY ("team_id", "user_id"),
    CONSTRAINT "fk_team_memberships_teams_team_id" FOREIGN KEY ("team_id") REFERENCES "teams" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_team_memberships_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);


CREATE TABLE "conversations" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_conversations" PRIMARY KEY AUTOINCREMENT,
    "subject" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "priority" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "customer_id" INTEGER NOT NULL,
    "team_id" INTEGER NULL,
    "assignee_id" INTEGER NULL,
    "transfer_count" INTEGER NOT NULL,
    "message_count" INTEGER NOT NULL,
    "merged_into_id" INTEGER NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "last_message_at" TEXT NULL,
    "first_reply_at" TEXT NULL,
    "solved_at" TEXT NULL,
    "closed_at" TEXT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "fk_conversations_conversations_merged_into_id" FOREIGN KEY ("merged_into_id") REFERENCES "conversations" ("id"),
    CONSTRAINT "fk_conversations_customers_customer_id" FOREIGN KEY ("customer_id") REFERENCES "customers" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_conversations_teams_team_id" FOREIGN KEY ("team_id") REFERENCES "teams" ("id"),
    CONSTRAINT "fk_conversations_users_assignee_id" FOREIGN KEY ("assignee_id") REFERENCES "users" ("id")
);


CREATE TABLE "customer_identities" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_customer_identities" PRIMARY KEY AUTOINCREMENT,
    "customer_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "source" TEXT NULL,
    "is_primary" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "fk_customer_identities_customers_customer_id" FOREIGN KEY ("customer_id") REFERENCES "customers" ("id") ON DELETE CASCADE
);


CREATE TABLE "customer_notes" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_customer_notes" PRIMARY KEY AUTOINCREMENT,
    "customer_id" INTEGER NOT NULL,
    "author_user_id" INTEGER NULL,
    "body" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "fk_customer_notes_customers_customer_id" FOREIGN KEY ("customer_id") REFERENCES "customers" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_customer_notes_users_author_user_id" FOREIGN KEY ("author_user_id") REFERENCES "users" ("id")
);


CREATE TABLE "customer_tags" (
    "customer_id" INTEGER NOT NULL,
    "tag_id" INTEGER NOT NULL,
    CONSTRAINT "pk_customer_tags" PRIMARY KEY ("customer_id", "tag_id"),
    CONSTRAINT "fk_customer_tags_customers_customer_id" FOREIGN KEY ("customer_id") REFERENCES "customers" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_customer_tags_tags_tag_id" FOREIGN KEY ("tag_id") REFERENCES "tags" ("id") ON DELETE CASCADE
);


CREATE TABLE "activities" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_activities" PRIMARY KEY AUTOINCREMENT,
    "occurred_at" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "actor_kind" TEXT NOT NULL,
    "actor_user_id" INTEGER NULL,
    "actor_customer_id" INTEGER NULL,
    "customer_id" INTEGER NULL,
    "conversation_id" INTEGER NULL,
    "data" TEXT NOT NULL,
    CONSTRAINT "fk_activities_conversations_conversation_id" FOREIGN KEY ("conversation_id") REFERENCES "conversations" ("id"),
    CONSTRAINT "fk_activities_customers_actor_customer_id" FOREIGN KEY ("actor_customer_id") REFERENCES "customers" ("id"),
    CONSTRAINT "fk_activities_customers_customer_id" FOREIGN KEY ("customer_id") REFERENCES "customers" ("id"),
    CONSTRAINT "fk_activities_users_actor_user_id" FOREIGN KEY ("actor_user_id") REFERENCES "users" ("id")
);


CREATE TABLE "conversation_followers" (
    "conversation_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    CONSTRAINT "pk_conversation_followers" PRIMARY KEY ("conversation_id", "user_id"),
    CONSTRAINT "fk_conversation_followers_conversations_conversation_id" FOREIGN KEY ("conversation_id") REFERENCES "conversations" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_conversation_followers_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);


CREATE TABLE "conversation_links" (
    "conversation_id" INTEGER NOT NULL,
    "linked_conversation_id" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    "created_by_user_id" INTEGER NULL,
    CONSTRAINT "pk_conversation_links" PRIMARY KEY ("conversation_id", "linked_conversation_id"),
    CONSTRAINT "fk_conversation_links_conversations_conversation_id" FOREIGN KEY ("conversation_id") REFERENCES "conversations" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_conversation_links_conversations_linked_conversation_id" FOREIGN KEY ("linked_conversation_id") REFERENCES "conversations" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_conversation_links_users_created_by_user_id" FOREIGN KEY ("created_by_user_id") REFERENCES "users" ("id")
);


CREATE TABLE "conversation_tags" (
    "conversation_id" INTEGER NOT NULL,
    "tag_id" INTEGER NOT NULL,
    CONSTRAINT "pk_conversation_tags" PRIMARY KEY ("conversation_id", "tag_id"),
    CONSTRAINT "fk_conversation_tags_conversations_conversation_id" FOREIGN KEY ("conversation_id") REFERENCES "conversations" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_conversation_tags_tags_tag_id" FOREIGN KEY ("tag_id") REFERENCES "tags" ("id") ON DELETE CASCADE
);


CREATE TABLE "messages" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_messages" PRIMARY KEY AUTOINCREMENT,
    "conversation_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "author_user_id" INTEGER NULL,
    "author_customer_id" INTEGER NULL,
    "body_text" TEXT NOT NULL,
    "body_html" TEXT NULL,
    "external_id" TEXT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "fk_messages_conversations_conversation_id" FOREIGN KEY ("conversation_id") REFERENCES "conversations" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_messages_customers_author_customer_id" FOREIGN KEY ("author_customer_id") REFERENCES "customers" ("id"),
    CONSTRAINT "fk_messages_users_author_user_id" FOREIGN KEY ("author_user_id") REFERENCES "users" ("id")
);


CREATE TABLE "attachments" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_attachments" PRIMARY KEY AUTOINCREMENT,
    "message_id" INTEGER NOT NULL,
    "file_name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    CONSTRAINT "fk_attachments_messages_message_id" FOREIGN KEY ("message_id") REFERENCES "messages" ("id") ON DELETE CASCADE
);


CREATE INDEX "ix_activities_actor_customer_id" ON "activities" ("actor_customer_id");


CREATE INDEX "ix_activities_actor_user_id" ON "activities" ("actor_user_id");


CREATE INDEX "ix_activities_conversation_id_id" ON "activities" ("conversation_id", "id");


CREATE INDEX "ix_activities_customer_id_id" ON "activities" ("customer_id", "id");


CREATE UNIQUE INDEX "ix_api_tokens_token_hash" ON "api_tokens" ("token_hash");


CREATE INDEX "ix_api_tokens_user_id" ON "api_tokens" ("user_id");


CREATE INDEX "ix_attachments_message_id" ON "attachments" ("message_id");


CREATE INDEX "ix_companies_account_owner_id" ON "companies" ("account_owner_id");


CREATE INDEX "ix_companies_domain" ON "companies" ("domain");


CREATE INDEX "ix_conversation_followers_user_id" ON "conversation_followers" ("user_id");


CREATE INDEX "ix_conversation_links_created_by_user_id" ON "conversation_links" ("created_by_user_id");


CREATE INDEX "ix_conversation_links_linked_conversation_id" ON "conversation_links" ("linked_conversation_id");


CREATE INDEX "ix_conversation_tags_tag_id" ON "conversation_tags" ("tag_id");


CREATE INDEX "ix_conversations_assignee_id_status" ON "conversations" ("assignee_id", "status");


CREATE INDEX "ix_conversations_customer_id" ON "conversations" ("customer_id");


CREATE INDEX "ix_conversations_merged_into_id" ON "conversations" ("merged_into_id");


CREATE INDEX "ix_conversations_status_updated_at" ON "conversations" ("status", "updated_at");


CREATE INDEX "ix_conversations_team_id_status" ON "conversations" ("team_id", "status");


CREATE INDEX "ix_conversations_updated_at_id" ON "conversations" ("updated_at", "id");


CREATE UNIQUE INDEX "ix_custom_fields_key" ON "custom_fields" ("key");


CREATE INDEX "ix_customer_identities_customer_id" ON "customer_identities" ("customer_id");


CREATE UNIQUE INDEX "ix_customer_identities_kind_value" ON "customer_identities" ("kind", "value");


CREATE INDEX "ix_customer_notes_author_user_id" ON "customer_notes" ("author_user_id");


CREATE INDEX "ix_customer_notes_customer_id" ON "customer_notes" ("customer_id");


CREATE INDEX "ix_customer_tags_tag_id" ON "customer_tags" ("tag_id");


CREATE INDEX "ix_customers_account_owner_id" ON "customers" ("account_owner_id");


CREATE INDEX "ix_customers_company_id" ON "customers" ("company_id");


CREATE INDEX "ix_customers_merged_into_id" ON "customers" ("merged_into_id");


CREATE INDEX "ix_customers_updated_at" ON "customers" ("updated_at");


CREATE INDEX "ix_idempotency_records_created_at" ON "idempotency_records" ("created_at");


CREATE INDEX "ix_messages_author_customer_id" ON "messages" ("author_customer_id");


CREATE INDEX "ix_messages_author_user_id" ON "messages" ("author_user_id");


CREATE INDEX "ix_messages_conversation_id_id" ON "messages" ("conversation_id", "id");


CREATE INDEX "ix_messages_external_id" ON "messages" ("external_id");


CREATE UNIQUE INDEX "ix_tags_name" ON "tags" ("name");


CREATE INDEX "ix_team_memberships_user_id" ON "team_memberships" ("user_id");


CREATE INDEX "ix_teams_lead_user_id" ON "teams" ("lead_user_id");


CREATE UNIQUE INDEX "ix_teams_name" ON "teams" ("name");


CREATE UNIQUE INDEX "ix_users_email" ON "users" ("email");



