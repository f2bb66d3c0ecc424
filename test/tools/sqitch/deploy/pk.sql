-- Deploy shop:pk, the unsafe way: ADD PRIMARY KEY builds its index under ACCESS EXCLUSIVE.
BEGIN;
ALTER TABLE tags ADD PRIMARY KEY (name);
COMMIT;
