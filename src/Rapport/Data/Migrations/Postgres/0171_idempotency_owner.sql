-- An idempotency reservation names the server process that runs it, and each server process keeps
-- a row here with a heartbeat. A reservation whose process is gone (restarted on the same machine,
-- or silent for longer than the heartbeat allows) is taken over at once instead of after minutes.
ALTER TABLE idempotency_records ADD owner_instance character varying(32) NULL;

CREATE TABLE node_instances (
    id character varying(32) NOT NULL,
    host character varying(300) NOT NULL,
    process_id integer NOT NULL,
    process_started_at timestamp with time zone NOT NULL,
    heartbeat_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_node_instances PRIMARY KEY (id)
);
