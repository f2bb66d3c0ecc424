-- bench/lint/setup.sql: the tables the generated migration alters, filled.
CREATE EXTENSION IF NOT EXISTS pgsafe;
CREATE TABLE customers (id int PRIMARY KEY);
INSERT INTO customers SELECT generate_series(1, 10000);
CREATE TABLE orders (id int PRIMARY KEY, customer_id int, email text);
INSERT INTO orders SELECT g, g % 10000 + 1, 'u' || g || '@example.com' FROM generate_series(1, 100000) g;
