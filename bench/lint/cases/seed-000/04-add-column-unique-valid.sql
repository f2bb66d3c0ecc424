-- Seed 000_5c1df306b82f651e: the second bad example made valid SQL (not in the
-- seed as such): a new column with an inline UNIQUE.  dist_code, because the
-- table of these cases already has dist_id.
ALTER TABLE distributors
    ADD COLUMN dist_code text CONSTRAINT dist_code_uniq UNIQUE;
