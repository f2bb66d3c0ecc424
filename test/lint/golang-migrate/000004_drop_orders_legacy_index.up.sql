DROP INDEX IF EXISTS orders_legacy_idx;
