-- A table this database does not have: pgsafe cannot tell its size.
ALTER TABLE invoices ADD UNIQUE (number);
