-- Seed 000_5c1df306b82f651e: the SQL of its Alembic recipe's second migration
-- (the first one creates dist_id_uniq concurrently, as in case 02).  Alembic
-- runs it in a transaction.
ALTER TABLE distributors ADD CONSTRAINT distributors_dist_id_key UNIQUE USING INDEX dist_id_uniq;
