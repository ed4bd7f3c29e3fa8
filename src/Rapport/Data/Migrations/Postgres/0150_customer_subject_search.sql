-- Customers' folded search text gets the pg_trgm GIN index subjects and messages have (0080), so
-- customer search finds a substring without reading every row.
CREATE INDEX ix_customers_search_text_trgm ON customers USING gin (search_text gin_trgm_ops);
