-- After V5, which creates the table: Flyway orders versions as numbers.
CREATE INDEX payouts_paid_at_idx ON payouts (paid_at);
