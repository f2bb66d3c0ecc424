-- Seed 001_4083d83ee38e321b: the same, named.
ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY (id);
