# Copyright: pgsafe developers
#
# pg_restore adds constraints and indexes after it has loaded the data,
# which is exactly what pgsafe flags.  In error mode a plain restore is
# rejected statement by statement; restoring with --single-transaction (the
# tables are then created in the same transaction, and nobody can see them)
# or with pgsafe.mode = off for the restoring superuser succeeds.

use strict;
use warnings;

use FindBin;
use lib $FindBin::RealBin;
use PgsafeTest;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = pgsafe_node('restore');
$node->safe_psql('postgres', q{
	SET pgsafe.mode = off;
	CREATE DATABASE source;});
$node->safe_psql('source', q{
	SET pgsafe.mode = off;
	CREATE TABLE customers (id int PRIMARY KEY, email text UNIQUE);
	CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers, at date);
	CREATE INDEX orders_at_idx ON orders (at);
	CREATE TABLE events (id int, at date, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
	CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
	INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 100) g;
	INSERT INTO orders SELECT g, g, date '2026-01-01' + g FROM generate_series(1, 100) g;
	INSERT INTO events SELECT g, date '2026-01-01' + g FROM generate_series(1, 100) g;});

my $dump = "${PostgreSQL::Test::Utils::tmp_check}/source.dump";
$node->command_ok([ 'pg_dump', '-Fc', '-f', $dump, '-d', $node->connstr('source') ], 'pg_dump');

my $count = q{SELECT (SELECT count(*) FROM pg_constraint WHERE connamespace = 'public'::regnamespace)
	|| ' constraints, ' || (SELECT count(*) FROM pg_indexes WHERE schemaname = 'public') || ' indexes'};
my $expected = $node->safe_psql('source', $count);

# a plain restore, in error mode: every constraint and index is rejected
$node->safe_psql('postgres', q{SET pgsafe.mode = off; CREATE DATABASE plain;
	ALTER DATABASE plain SET pgsafe.mode = 'error';});
my ($stdout, $stderr);
IPC::Run::run [ 'pg_restore', '-d', $node->connstr('plain'), $dump ], '>', \$stdout, '2>', \$stderr;
like($stderr, qr/ERROR:  ADD PRIMARY KEY on table "public\.customers"/, 'plain restore: PRIMARY KEY rejected');
like($stderr, qr/ERROR:  CREATE INDEX on table "public\.orders"/, 'plain restore: CREATE INDEX rejected');
like($stderr, qr/ERROR:  ADD FOREIGN KEY on table "public\.orders"/, 'plain restore: FOREIGN KEY rejected');
is($node->safe_psql('plain', 'SELECT count(*) FROM orders'), '100', 'plain restore: the data is there');

# --single-transaction: everything is new in the transaction, nothing is flagged
$node->safe_psql('postgres', q{SET pgsafe.mode = off; CREATE DATABASE single;
	ALTER DATABASE single SET pgsafe.mode = 'error';});
$node->command_ok([ 'pg_restore', '--single-transaction', '-d', $node->connstr('single'), $dump ],
	'--single-transaction restore succeeds in error mode');
is($node->safe_psql('single', $count), $expected, '--single-transaction: every constraint and index');

# or a superuser turns pgsafe off for the restoring session
$node->safe_psql('postgres', q{SET pgsafe.mode = off; CREATE DATABASE off;
	ALTER DATABASE off SET pgsafe.mode = 'error';});
{
	local $ENV{PGOPTIONS} = '-c pgsafe.mode=off';
	$node->command_ok([ 'pg_restore', '-d', $node->connstr('off'), $dump ],
		'restore with PGOPTIONS=-c pgsafe.mode=off succeeds');
}
is($node->safe_psql('off', $count), $expected, 'pgsafe.mode=off: every constraint and index');

$node->stop;
done_testing();
