-- Seed 003_45491e98876a1049, a tutorial on UNIQUE: a new table with an
-- inline UNIQUE column, and the two inserts it uses to show the duplicate
-- key error.
CREATE TABLE person (
  id         SERIAL PRIMARY KEY,
  first_name VARCHAR(50),
  last_name  VARCHAR(50),
  email      VARCHAR(50) UNIQUE
);

INSERT INTO person (first_name, last_name, email)
VALUES ('john', 'doe', '[email protected]');

INSERT INTO person (first_name, last_name, email)
VALUES ('jack', 'doe', '[email protected]');
