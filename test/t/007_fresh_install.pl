# Copyright: pgsafe developers
#
# pgsafe.min_table_size at its default, 1MB: what a fresh install of an
# application meets.  Its migrations create tables, fill some with seed
# rows in a later migration, then index them: a few kilobytes cannot block
# anyone for long, and error mode lets them through.  A table past the
# threshold, or a partitioned table whose partitions add up past it, is
# flagged as before: the size counted is what the statement reads.

use strict;
use warnings;

use FindBin;
use lib $FindBin::RealBin;
use PgsafeTest;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = pgsafe_node('fresh_install', default_size => 1);
is($node->safe_psql('postgres', 'SHOW pgsafe.min_table_size'), '1MB', 'the default is 1MB');

$node->safe_psql('postgres', q{
	CREATE EXTENSION pgsafe;
	CREATE ROLE app LOGIN;
	GRANT CREATE ON SCHEMA public TO app;
	ALTER ROLE app SET pgsafe.mode = 'error';
});

# Run one migration as app, in a session of its own; returns (ok, stderr).
sub migrate
{
	my ($sql) = @_;
	my ($stdout, $stderr);
	my $rc = $node->psql('postgres', $sql, extra_params => [ '-U', 'app', '-v', 'ON_ERROR_STOP=1' ],
		stdout => \$stdout, stderr => \$stderr);
	return ($rc == 0, $stderr);
}

# the migrations of a fresh install, each committed before the next
my @migrations = (
	'CREATE TABLE countries (code text, name text); CREATE TABLE addresses (id int, country text);',
	q{INSERT INTO countries SELECT 'c' || g, 'country ' || g FROM generate_series(1, 250) g;
	  INSERT INTO addresses SELECT g, 'c' || (g % 250 + 1) FROM generate_series(1, 100) g;},
	'CREATE INDEX ON countries (name);',
	'ALTER TABLE countries ADD PRIMARY KEY (code);',
	'ALTER TABLE addresses ADD FOREIGN KEY (country) REFERENCES countries;',
);
for my $i (0 .. $#migrations)
{
	my ($ok, $err) = migrate($migrations[$i]);
	ok($ok, 'fresh install, migration ' . ($i + 1) . ' runs in error mode') or diag($err);
}
is( $node->safe_psql('postgres',
		q{SELECT string_agg(conname, ', ' ORDER BY conname) FROM pg_constraint WHERE conrelid IN ('countries'::regclass, 'addresses'::regclass) AND contype <> 'n'}),
	'addresses_country_fkey, countries_pkey',
	'the constraints exist');

# a table past the threshold is flagged and rejected
$node->safe_psql('postgres', q{
	CREATE TABLE events (id int, payload text);
	INSERT INTO events SELECT g, repeat('x', 100) FROM generate_series(1, 20000) g;
	ALTER TABLE events OWNER TO app;
});
my ($ok, $err) = migrate('CREATE INDEX ON events (id);');
ok(!$ok, 'a table of more than 1MB is rejected');
like($err, qr/CREATE INDEX on table "public\.events" takes a SHARE lock/, 'with the usual message');
like($err, qr/it holds \d+ kB/, 'and its size');

# the size counted is what the statement reads: partitions add up
$node->safe_psql('postgres', q{
	CREATE TABLE logs (id int, payload text) PARTITION BY RANGE (id);
	CREATE TABLE logs_1 PARTITION OF logs FOR VALUES FROM (0) TO (4000);
	CREATE TABLE logs_2 PARTITION OF logs FOR VALUES FROM (4000) TO (8000);
	CREATE TABLE logs_3 PARTITION OF logs FOR VALUES FROM (8000) TO (12000);
	INSERT INTO logs SELECT g, repeat('x', 100) FROM generate_series(0, 11999) g;
	ALTER TABLE logs OWNER TO app;
	ALTER TABLE logs_1 OWNER TO app;
	ALTER TABLE logs_2 OWNER TO app;
	ALTER TABLE logs_3 OWNER TO app;
});
is( $node->safe_psql('postgres',
		q{SELECT bool_and(pg_relation_size(inhrelid) < 1024 * 1024) AND sum(pg_relation_size(inhrelid)) >= 1024 * 1024 FROM pg_inherits WHERE inhparent = 'logs'::regclass}),
	't', 'each partition is under 1MB, all three are over');
($ok, $err) = migrate('CREATE INDEX ON logs (id);');
ok(!$ok, 'partitions that add up to more than 1MB are rejected');
like($err, qr/It reads 3 partitions of partitioned table "public\.logs"/, 'counting all three');
($ok, $err) = migrate('CREATE INDEX ON logs_1 (id);');
ok($ok, 'one partition alone is under the threshold') or diag($err);

# pgsafe.check() applies the same threshold (missing-lock-timeout does not
# depend on size: no lock timeout is stored here)
is( $node->safe_psql('postgres',
		q{SELECT string_agg(statement || ' ' || rule, ', ' ORDER BY statement) FROM pgsafe.check('CREATE INDEX ON countries (code); CREATE INDEX ON events (payload);') WHERE rule <> 'missing-lock-timeout'},
		extra_params => [ '-U', 'app' ]),
	'2 create-index', 'pgsafe.check(): only the table past the threshold');

$node->stop;
done_testing();
