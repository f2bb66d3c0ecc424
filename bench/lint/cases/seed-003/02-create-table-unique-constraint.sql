-- Seed 003_45491e98876a1049: the same table with UNIQUE as a table constraint.
CREATE TABLE person (
  id         SERIAL PRIMARY KEY,
  first_name VARCHAR(50),
  last_name  VARCHAR(50),
  email      VARCHAR(50),
  UNIQUE (email)
);
