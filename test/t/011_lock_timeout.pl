# Copyright: pgsafe developers
#
# pgsafe.lock_timeout's error names the session in the way, and shows its
# state and query only to a caller who could read them in pg_stat_activity
# (superuser, pg_read_all_stats, or a member of its role).  Stored per role,
# the setting applies at login, also when pgsafe is loaded after login.

use strict;
use warnings;

use FindBin;
use lib $FindBin::RealBin;
use PgsafeTest;
use PostgreSQL::Test::Utils;
use Test::More;

foreach my $loaded ('shared_preload_libraries', 'session_preload_libraries')
{
	my $node = $loaded eq 'shared_preload_libraries'
	  ? pgsafe_node('lock_timeout')
	  : pgsafe_node('lock_timeout_late', preload => '', extra => "session_preload_libraries = '\$libdir/pgsafe'\n");
	$node->safe_psql('postgres', q{
		CREATE ROLE holder LOGIN; CREATE ROLE migrator LOGIN; CREATE ROLE watcher LOGIN;
		GRANT pg_read_all_stats TO watcher;
		CREATE TABLE t (a int); INSERT INTO t SELECT generate_series(1, 100);
		ALTER TABLE t OWNER TO migrator; GRANT SELECT ON t TO holder;
		GRANT migrator TO watcher;
		ALTER ROLE migrator SET pgsafe.lock_timeout = '300ms';
		ALTER ROLE watcher SET pgsafe.lock_timeout = '300ms';});

	is($node->safe_psql('postgres', 'SHOW pgsafe.lock_timeout', extra_params => [ '-U', 'migrator' ]),
		'300ms', "$loaded: the role's stored setting applies");

	# another role's session, idle in transaction after reading the table
	my $holder = $node->background_psql('postgres', extra_params => [ '-U', 'holder' ]);
	my $pid = $holder->query_safe('SELECT pg_backend_pid()');
	$holder->query_safe('BEGIN');
	$holder->query_safe('SELECT count(*) FROM t /* the holder secret */');

	my ($ret, $stdout, $stderr) =
	  $node->psql('postgres', 'ALTER TABLE t ADD COLUMN b int', extra_params => [ '-U', 'migrator' ]);
	like($stderr, qr/ERROR:  canceling statement due to lock timeout/, "$loaded: the DDL gives up");
	like($stderr, qr/DETAIL:  The statement waited 300 ms for a lock, the bound set by pgsafe\.lock_timeout\./,
		"$loaded: the bound is named");
	like($stderr, qr/Process $pid holds AccessShareLock on relation "public\.t": role "holder"/,
		"$loaded: the holder is named to another role");
	like($stderr, qr/its state and query are not visible to you in pg_stat_activity/,
		"$loaded: its state and query are hidden from a role that cannot see them");
	unlike($stderr, qr/secret|idle in transaction|pg_terminate_backend/,
		"$loaded: no query text, state or terminate hint for that role");

	# pg_read_all_stats sees what pg_stat_activity would show it
	($ret, $stdout, $stderr) =
	  $node->psql('postgres', 'ALTER TABLE t ADD COLUMN b int', extra_params => [ '-U', 'watcher' ]);
	like($stderr, qr/idle in transaction for [0-9.]+ s, in a transaction for [0-9.]+ s\. Its last query: SELECT count\(\*\) FROM t \/\* the holder secret \*\//,
		"$loaded: pg_read_all_stats sees the state and the query");
	like($stderr, qr/HINT:  .*SELECT pg_terminate_backend\($pid\);/, "$loaded: and the terminate hint");

	$holder->query_safe('COMMIT');
	$holder->quit;
	$node->safe_psql('postgres', 'ALTER TABLE t ADD COLUMN b int', extra_params => [ '-U', 'migrator' ]);
	pass("$loaded: without the holder the DDL runs");
	$node->stop;
}

done_testing();
