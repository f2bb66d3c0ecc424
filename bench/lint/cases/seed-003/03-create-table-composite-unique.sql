-- Seed 003_45491e98876a1049: a composite UNIQUE, with its placeholder type
-- name (which parses as a type name; it would fail only when run).
CREATE TABLE table_name (
  c1 data_type,
  c2 data_type,
  c3 data_type,
  UNIQUE (c2, c3)
);
