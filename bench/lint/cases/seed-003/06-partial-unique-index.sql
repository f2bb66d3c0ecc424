-- Seed 003_45491e98876a1049: its production tip for at most one NULL, a
-- partial unique index (written without CONCURRENTLY).
CREATE UNIQUE INDEX ON t (col) WHERE col IS NOT NULL;
