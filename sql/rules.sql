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

--
-- pgsafe.disabled_rules: rules the DBA does not want applied, for
-- statements a team runs on purpose.  Unknown names, and rules that cannot
-- be left out, are refused; ordinary roles cannot set it.
--
CREATE TABLE rules_filled (id int, a int);
INSERT INTO rules_filled SELECT g, g FROM generate_series(1, 100) g;
SET pgsafe.disabled_rules = 'create-indx';
SET pgsafe.disabled_rules = 'syntax-error';
SET pgsafe.disabled_rules = 'create-index,,unique-constraint';
SET pgsafe.disabled_rules = ' Create-Index , unique-constraint ';
SHOW pgsafe.disabled_rules;
-- those two pass, the others are still flagged, by the guard and the check
SELECT message FROM pgsafe_test.report('CREATE INDEX ON rules_filled (a)');
SELECT message FROM pgsafe_test.report('ALTER TABLE rules_filled ADD UNIQUE (a)');
SELECT message FROM pgsafe_test.report('ALTER TABLE rules_filled ADD PRIMARY KEY (id)');
SELECT rule FROM pgsafe.check($$
CREATE INDEX ON rules_filled (a);
ALTER TABLE rules_filled ADD PRIMARY KEY (id);
-- pgsafe:ignore unique-constraint the rule is off: this is not reported unused
ALTER TABLE rules_filled ADD UNIQUE (a);
$$);
-- a script rule too
SET pgsafe.disabled_rules = 'unknown-relation';
SELECT rule FROM pgsafe.check('CREATE INDEX ON no_such_table (a)');
RESET pgsafe.disabled_rules;
SELECT rule FROM pgsafe.check('CREATE INDEX ON no_such_table (a)');
CREATE ROLE rules_app;
SET ROLE rules_app;
SET pgsafe.disabled_rules = 'create-index';
RESET ROLE;
DROP ROLE rules_app;
DROP TABLE rules_filled;
