-- Seed 002_3009883cc0f21f2c, a blog post on unique constraints without
-- downtime: the statement it starts from, with its placeholder names
-- (table and constraint are reserved words).
ALTER TABLE table ADD CONSTRAINT constraint UNIQUE (field);
