-- The customer directory reads customers not merged away (merged_into_id IS NULL) newest first.
-- With only an index on merged_into_id, SQLite's planner picked it (every row qualifies) and sorted
-- all customers; this one serves the filter and the order, so a page stops after its rows.
DROP INDEX "ix_customers_merged_into_id";
CREATE INDEX "ix_customers_merged_into_id_updated_at_id" ON "customers" ("merged_into_id", "updated_at", "id");
