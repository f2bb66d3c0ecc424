-- no-transaction
-- Not from a seed: what squawk's advice makes of case 09.
CREATE INDEX CONCURRENTLY measurements_taken_idx ON measurements (taken);
