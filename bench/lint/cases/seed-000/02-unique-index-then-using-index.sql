-- no-transaction
-- Seed 000_5c1df306b82f651e: what the page recommends instead, a unique index
-- built concurrently and then turned into the constraint.  CONCURRENTLY needs
-- a migration that runs outside a transaction, hence the line above.
CREATE UNIQUE INDEX CONCURRENTLY dist_id_uniq ON distributors (dist_id);
ALTER TABLE distributors ADD CONSTRAINT distributors_dist_id_key UNIQUE USING INDEX dist_id_uniq;
