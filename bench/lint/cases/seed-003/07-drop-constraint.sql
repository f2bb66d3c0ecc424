-- Seed 003_45491e98876a1049: how it removes a UNIQUE constraint.
ALTER TABLE table_name DROP CONSTRAINT constraint_name;
