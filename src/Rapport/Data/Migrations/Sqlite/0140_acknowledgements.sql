-- Acknowledgements: the one mail a mailbox sends when a customer's mail opens a conversation
-- (the service standard and the status link). Off for every mailbox until an admin turns it on.
ALTER TABLE "mailboxes" ADD "send_acknowledgements" INTEGER NOT NULL DEFAULT 0;

CREATE TABLE "mail_acknowledgements" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_mail_acknowledgements" PRIMARY KEY AUTOINCREMENT,
    "conversation_id" INTEGER NOT NULL,
    "message_id" INTEGER NOT NULL,
    "mailbox_id" INTEGER NULL,
    "recipient" TEXT NOT NULL,
    "rfc_message_id" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "fk_mail_acknowledgements_conversations_conversation_id" FOREIGN KEY ("conversation_id") REFERENCES "conversations" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_mail_acknowledgements_mailboxes_mailbox_id" FOREIGN KEY ("mailbox_id") REFERENCES "mailboxes" ("id") ON DELETE SET NULL,
    CONSTRAINT "fk_mail_acknowledgements_messages_message_id" FOREIGN KEY ("message_id") REFERENCES "messages" ("id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "ix_mail_acknowledgements_conversation_id" ON "mail_acknowledgements" ("conversation_id");

CREATE INDEX "ix_mail_acknowledgements_mailbox_id" ON "mail_acknowledgements" ("mailbox_id");

CREATE UNIQUE INDEX "ix_mail_acknowledgements_message_id" ON "mail_acknowledgements" ("message_id");

CREATE INDEX "ix_mail_acknowledgements_recipient_created_at" ON "mail_acknowledgements" ("recipient", "created_at");
