-- Seed 001_4083d83ee38e321b: a primary key added to an existing table.
ALTER TABLE users ADD PRIMARY KEY (id);
