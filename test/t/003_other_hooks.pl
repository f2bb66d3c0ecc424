# Copyright: pgsafe developers
#
# pgsafe chains to the ProcessUtility hook loaded before it, so
# pg_stat_statements and pgaudit keep working beside it, whichever order
# shared_preload_libraries lists them in.  pgaudit is Debian 12's package
# for 15, and tools/pg-build builds it from Debian's source package where
# the archive has it; without it, only pg_stat_statements is tested.

use strict;
use warnings;

use FindBin;
use lib $FindBin::RealBin;
use PgsafeTest;
use PostgreSQL::Test::Utils;
use Test::More;

my $sharedir = `pg_config --sharedir`;
chomp $sharedir;
my $pgaudit = -f "$sharedir/extension/pgaudit.control";
note("pgaudit is not installed in $sharedir: testing pg_stat_statements alone") unless $pgaudit;

foreach my $order ('pg_stat_statements,pgaudit,$libdir/pgsafe', '$libdir/pgsafe,pgaudit,pg_stat_statements')
{
	my $preload = $order;
	$preload =~ s/,pgaudit// unless $pgaudit;
	(my $name = $preload) =~ s/[^a-z]+/_/g;
	my $node = pgsafe_node($name, preload => $preload,
		extra => ($pgaudit ? "pgaudit.log = 'ddl'\n" : '') . "pg_stat_statements.track_utility = on\n");
	$node->safe_psql('postgres', 'CREATE EXTENSION pgaudit;') if $pgaudit;
	$node->safe_psql('postgres', q{
		CREATE EXTENSION pg_stat_statements; CREATE EXTENSION pgsafe;
		CREATE TABLE t (a int); INSERT INTO t SELECT generate_series(1, 100);
		SELECT pg_stat_statements_reset();});

	my $offset = -s $node->logfile;
	my ($ret, $stdout, $stderr) = $node->psql('postgres', 'ALTER TABLE t ADD UNIQUE (a);');
	is($ret, 0, "$preload: warn mode runs the statement");
	like($stderr, qr/WARNING:  ADD UNIQUE on table "public\.t"/, "$preload: pgsafe warns");
	ok($node->log_contains(qr/AUDIT: SESSION,\d+,\d+,DDL,ALTER TABLE,TABLE,public\.t,ALTER TABLE t ADD UNIQUE \(a\)/, $offset),
		"$preload: pgaudit logs the statement") if $pgaudit;
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
