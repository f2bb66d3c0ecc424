--
-- pgsafe.rules(): the catalogue every rule name, summary and suppression
-- check is derived from.  Statement rules are applied by the hook and by
-- pgsafe.check(); script rules only by pgsafe.check() and pgsafe-lint.
--
SELECT * FROM pgsafe.rules();
-- a pgsafe:ignore comment may name exactly the suppressible ones
SELECT name FROM pgsafe.rules() WHERE NOT suppressible ORDER BY name;
SELECT rule, message FROM pgsafe.check($$
CREATE TABLE fresh (id int);
ALTER TABLE fresh ADD UNIQUE (id); -- pgsafe:ignore syntax-error not a rule one can silence
$$);
