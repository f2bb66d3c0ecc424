-- Not from a seed: a type change that rewrites the table (int to bigint).
ALTER TABLE accounts ALTER COLUMN balance TYPE bigint;
