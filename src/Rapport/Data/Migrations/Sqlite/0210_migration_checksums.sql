-- The SHA-256 of each applied script (line endings read as LF), so an edited or deleted applied
-- migration stops start-up instead of leaving databases that ran different SQL under one version.
-- Rows applied before this column existed are back-filled by the migrator on its next run.
ALTER TABLE schema_migrations ADD COLUMN checksum varchar(64);
