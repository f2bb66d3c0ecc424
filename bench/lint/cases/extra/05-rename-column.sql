-- Not from a seed: a rename, instant for PostgreSQL, a break for clients.
ALTER TABLE accounts RENAME COLUMN name TO display_name;
