-- SLA: business calendars (zone, weekly slots, holidays as JSON in the API's shapes) and ordered policies.
CREATE TABLE "sla_calendars" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_sla_calendars" PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "always_open" INTEGER NOT NULL,
    "slots" TEXT NOT NULL,
    "holidays" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL
);

CREATE TABLE "sla_policies" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_sla_policies" PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "calendar_id" INTEGER NULL,
    "conditions" TEXT NOT NULL,
    "targets" TEXT NOT NULL,
    "pauses" TEXT NOT NULL,
    "warnings" TEXT NOT NULL,
    "escalations" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "fk_sla_policies_sla_calendars_calendar_id" FOREIGN KEY ("calendar_id") REFERENCES "sla_calendars" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_sla_policies_calendar_id" ON "sla_policies" ("calendar_id");
CREATE INDEX "ix_sla_policies_position" ON "sla_policies" ("position");

-- Each conversation's SLA: its policy and the next instant something falls due, which the worker takes rows by.
CREATE TABLE "conversation_sla" (
    "conversation_id" INTEGER NOT NULL CONSTRAINT "pk_conversation_sla" PRIMARY KEY,
    "policy_id" INTEGER NULL,
    "next_due_at" TEXT NULL,
    "breach_at" TEXT NULL,
    "checked_until" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "fk_conversation_sla_conversations_conversation_id" FOREIGN KEY ("conversation_id") REFERENCES "conversations" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_conversation_sla_breach_at" ON "conversation_sla" ("breach_at");
CREATE INDEX "ix_conversation_sla_next_due_at" ON "conversation_sla" ("next_due_at");
