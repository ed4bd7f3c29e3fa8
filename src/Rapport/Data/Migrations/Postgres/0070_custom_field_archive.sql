-- A custom field an admin archives keeps its values but takes no new ones.
ALTER TABLE custom_fields ADD archived_at timestamp with time zone NULL;
