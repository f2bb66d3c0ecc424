-- Not from a seed: a type change that does not rewrite (a longer varchar).
ALTER TABLE accounts ALTER COLUMN name TYPE varchar(50);
