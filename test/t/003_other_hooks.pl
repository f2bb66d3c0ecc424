# Copyright: pgsafe developers
#
# pgsafe chains to the ProcessUtility hook loaded before it, so
# pg_stat_statements and pgaudit keep working beside it, whichever order
# shared_preload_libraries lists them in.

use strict;
use warnings;

use FindBin;
use lib $FindBin::RealBin;
use PgsafeTest;
use PostgreSQL::Test::Utils;
use Test::More;

foreach my $preload ('pg_stat_statements,pgaudit,$libdir/pgsafe', '$libdir/pgsafe,pgaudit,pg_stat_statements')
{
	(my $name = $preload) =~ s/[^a-z]+/_/g;
	my $node = pgsafe_node($name, preload => $preload,
		extra => "pgaudit.log = 'ddl'\npg_stat_statements.track_utility = on\n");
	$node->safe_psql('postgres', q{
		CREATE EXTENSION pg_stat_statements; CREATE EXTENSION pgaudit; CREATE EXTENSION pgsafe;
		CREATE TABLE t (a int); INSERT INTO t SELECT generate_series(1, 100);
		SELECT pg_stat_statements_reset();});

	my $offset = -s $node->logfile;
	my ($ret, $stdout, $stderr) = $node->psql('postgres', 'ALTER TABLE t ADD UNIQUE (a);');
	is($ret, 0, "$preload: warn mode runs the statement");
	like($stderr, qr/WARNING:  ADD UNIQUE on table "public\.t"/, "$preload: pgsafe warns");
	ok($node->log_contains(qr/AUDIT: SESSION,\d+,\d+,DDL,ALTER TABLE,TABLE,public\.t,ALTER TABLE t ADD UNIQUE \(a\)/, $offset),
		"$preload: pgaudit logs the statement");
	is($node->safe_psql('postgres',
			q{SELECT calls FROM pg_stat_statements WHERE query = 'ALTER TABLE t ADD UNIQUE (a)'}),
		'1', "$preload: pg_stat_statements counts it");

	($ret, $stdout, $stderr) = $node->psql('postgres', 'SET pgsafe.mode = error; ALTER TABLE t ADD UNIQUE (a);');
	like($stderr, qr/ERROR:  ADD UNIQUE on table "public\.t"/, "$preload: error mode rejects");
	is($node->safe_psql('postgres', q{SELECT count(*) FROM pg_constraint WHERE conrelid = 't'::regclass}),
		'1', "$preload: nothing was added");
	is($node->safe_psql('postgres', 'SELECT mode FROM pgsafe.status()'), 'warn',
		"$preload: the server is still up");
	$node->stop;
}

done_testing();
