DROP INDEX orders_email_lower_idx;
