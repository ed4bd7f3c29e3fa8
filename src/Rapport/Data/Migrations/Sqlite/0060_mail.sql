-- E-mail: mailboxes and their IMAP sync state, every mail received or sent by Message-ID (threading,
-- de-duplication), references for out-of-order arrival, the quarantine, Cc participants, bouncing
-- addresses; and the generic outbox that delivers side effects after commit.

CREATE TABLE "mailboxes" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_mailboxes" PRIMARY KEY AUTOINCREMENT,
    "address" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "team_id" INTEGER NULL,
    "is_active" INTEGER NOT NULL,
    "imap_host" TEXT NULL,
    "imap_port" INTEGER NOT NULL,
    "imap_security" TEXT NOT NULL,
    "imap_user" TEXT NULL,
    "imap_password_protected" TEXT NULL,
    "imap_folder" TEXT NOT NULL,
    "smtp_host" TEXT NULL,
    "smtp_port" INTEGER NOT NULL,
    "smtp_security" TEXT NOT NULL,
    "smtp_user" TEXT NULL,
    "smtp_password_protected" TEXT NULL,
    "verify_certificates" INTEGER NOT NULL,
    "thread_by_subject_days" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "fk_mailboxes_teams_team_id" FOREIGN KEY ("team_id") REFERENCES "teams" ("id") ON DELETE SET NULL
);

CREATE UNIQUE INDEX "ix_mailboxes_address" ON "mailboxes" ("address");

CREATE INDEX "ix_mailboxes_team_id" ON "mailboxes" ("team_id");

CREATE TABLE "mailbox_syncs" (
    "mailbox_id" INTEGER NOT NULL CONSTRAINT "pk_mailbox_syncs" PRIMARY KEY,
    "uid_validity" INTEGER NULL,
    "last_uid" INTEGER NOT NULL,
    "lease_owner" TEXT NULL,
    "lease_until" TEXT NULL,
    "last_synced_at" TEXT NULL,
    "last_error" TEXT NULL,
    CONSTRAINT "fk_mailbox_syncs_mailboxes_mailbox_id" FOREIGN KEY ("mailbox_id") REFERENCES "mailboxes" ("id") ON DELETE CASCADE
);

CREATE TABLE "mail_records" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_mail_records" PRIMARY KEY AUTOINCREMENT,
    "rfc_message_id" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "mailbox_id" INTEGER NULL,
    "message_id" INTEGER NULL,
    "conversation_id" INTEGER NULL,
    "from_address" TEXT NULL,
    "reply_address" TEXT NULL,
    "subject" TEXT NULL,
    "normalised_subject" TEXT NULL,
    "auto_reply" TEXT NOT NULL,
    "raw_html" TEXT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "fk_mail_records_conversations_conversation_id" FOREIGN KEY ("conversation_id") REFERENCES "conversations" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_mail_records_mailboxes_mailbox_id" FOREIGN KEY ("mailbox_id") REFERENCES "mailboxes" ("id") ON DELETE SET NULL,
    CONSTRAINT "fk_mail_records_messages_message_id" FOREIGN KEY ("message_id") REFERENCES "messages" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_mail_records_conversation_id" ON "mail_records" ("conversation_id");

CREATE INDEX "ix_mail_records_from_address_created_at" ON "mail_records" ("from_address", "created_at");

CREATE INDEX "ix_mail_records_mailbox_id" ON "mail_records" ("mailbox_id");

CREATE INDEX "ix_mail_records_message_id" ON "mail_records" ("message_id");

CREATE UNIQUE INDEX "ix_mail_records_rfc_message_id" ON "mail_records" ("rfc_message_id");

CREATE TABLE "mail_references" (
    "mail_record_id" INTEGER NOT NULL,
    "rfc_message_id" TEXT NOT NULL,
    CONSTRAINT "pk_mail_references" PRIMARY KEY ("mail_record_id", "rfc_message_id"),
    CONSTRAINT "fk_mail_references_mail_records_mail_record_id" FOREIGN KEY ("mail_record_id") REFERENCES "mail_records" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_mail_references_rfc_message_id" ON "mail_references" ("rfc_message_id");

CREATE TABLE "mail_quarantine" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_mail_quarantine" PRIMARY KEY AUTOINCREMENT,
    "mailbox_id" INTEGER NULL,
    "reason" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "from_address" TEXT NULL,
    "subject" TEXT NULL,
    "raw" BLOB NOT NULL,
    "size" INTEGER NOT NULL,
    "received_at" TEXT NOT NULL,
    CONSTRAINT "fk_mail_quarantine_mailboxes_mailbox_id" FOREIGN KEY ("mailbox_id") REFERENCES "mailboxes" ("id") ON DELETE SET NULL
);

CREATE INDEX "ix_mail_quarantine_mailbox_id" ON "mail_quarantine" ("mailbox_id");

CREATE TABLE "mail_participants" (
    "conversation_id" INTEGER NOT NULL,
    "address" TEXT NOT NULL,
    "display_name" TEXT NULL,
    "role" TEXT NOT NULL,
    "added_at" TEXT NOT NULL,
    CONSTRAINT "pk_mail_participants" PRIMARY KEY ("conversation_id", "address"),
    CONSTRAINT "fk_mail_participants_conversations_conversation_id" FOREIGN KEY ("conversation_id") REFERENCES "conversations" ("id") ON DELETE CASCADE
);

CREATE TABLE "bouncing_addresses" (
    "address" TEXT NOT NULL CONSTRAINT "pk_bouncing_addresses" PRIMARY KEY,
    "permanent" INTEGER NOT NULL,
    "diagnostic" TEXT NULL,
    "bounces" INTEGER NOT NULL,
    "first_bounced_at" TEXT NOT NULL,
    "last_bounced_at" TEXT NOT NULL
);

CREATE TABLE "outbox" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_outbox" PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "message_id" INTEGER NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "next_attempt_at" TEXT NOT NULL,
    "lease_owner" TEXT NULL,
    "lease_until" TEXT NULL,
    "last_error" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "completed_at" TEXT NULL,
    CONSTRAINT "fk_outbox_messages_message_id" FOREIGN KEY ("message_id") REFERENCES "messages" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_outbox_message_id" ON "outbox" ("message_id");

CREATE INDEX "ix_outbox_status_next_attempt_at" ON "outbox" ("status", "next_attempt_at");
