-- Seed 000_5c1df306b82f651e: its second bad example, exactly as the page has it
-- (a column constraint does not take a column list in PostgreSQL).
ALTER TABLE distributors
    ADD COLUMN dist_id text CONSTRAINT dist_id_uniq UNIQUE (dist_id);
