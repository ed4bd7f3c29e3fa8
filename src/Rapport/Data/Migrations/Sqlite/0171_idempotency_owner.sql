-- An idempotency reservation names the server process that runs it, and each server process keeps
-- a row here with a heartbeat. A reservation whose process is gone (restarted on the same machine,
-- or silent for longer than the heartbeat allows) is taken over at once instead of after minutes.
ALTER TABLE "idempotency_records" ADD COLUMN "owner_instance" TEXT NULL;

CREATE TABLE "node_instances" (
    "id" TEXT NOT NULL CONSTRAINT "pk_node_instances" PRIMARY KEY,
    "host" TEXT NOT NULL,
    "process_id" INTEGER NOT NULL,
    "process_started_at" TEXT NOT NULL,
    "heartbeat_at" TEXT NOT NULL
);
