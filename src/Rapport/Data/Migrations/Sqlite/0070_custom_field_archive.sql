-- A custom field an admin archives keeps its values but takes no new ones.
ALTER TABLE "custom_fields" ADD COLUMN "archived_at" TEXT NULL;
