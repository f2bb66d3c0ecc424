-- no-transaction
-- Seed 001_4083d83ee38e321b: its good form for a primary key.  users.id is
-- nullable in this database (no constraint says otherwise), as it is in any
-- table that is only now getting its primary key.
CREATE UNIQUE INDEX CONCURRENTLY users_pkey ON users(id);
ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_pkey;
