# Copyright: pgsafe developers
#
# How pgsafe gets into a session.  shared_preload_libraries guards every
# session; session_preload_libraries guards sessions started after it is set,
# with no restart; CREATE EXTENSION alone loads the library only into a
# session that calls one of its functions, and pgsafe.status() says so.

use strict;
use warnings;

use FindBin;
use lib $FindBin::RealBin;
use PgsafeTest;
use PostgreSQL::Test::Utils;
use Test::More;

my $setup = 'CREATE TABLE t (a int); INSERT INTO t SELECT generate_series(1, 100);';

# no preload at all
my $node = pgsafe_node('loading', preload => '');
$node->safe_psql('postgres', $setup);
my ($ret, $stdout, $stderr) = $node->psql('postgres', "SET pgsafe.mode = error; ALTER TABLE t ADD UNIQUE (a);");
is($ret, 0, 'not loaded: nothing is guarded');
$node->safe_psql('postgres', 'ALTER TABLE t DROP CONSTRAINT t_a_key; CREATE EXTENSION pgsafe;');

# CREATE EXTENSION: loaded on demand, into this session only
is($node->safe_psql('postgres', 'SELECT loaded_by FROM pgsafe.status()'),
	'this session only', 'CREATE EXTENSION alone: status says this session only');
($ret, $stdout, $stderr) = $node->psql('postgres', "SET pgsafe.mode = error; ALTER TABLE t ADD UNIQUE (a);");
is($ret, 0, 'CREATE EXTENSION alone: another session is not guarded');
$node->safe_psql('postgres', 'ALTER TABLE t DROP CONSTRAINT t_a_key;');

# session_preload_libraries, set with ALTER SYSTEM and a reload: new sessions are guarded
$node->safe_psql('postgres', q{ALTER SYSTEM SET session_preload_libraries = '$libdir/pgsafe'; SELECT pg_reload_conf();});
is($node->safe_psql('postgres', 'SELECT loaded_by FROM pgsafe.status()'),
	'session_preload_libraries', 'session_preload_libraries: status says so');
($ret, $stdout, $stderr) = $node->psql('postgres', "SET pgsafe.mode = error; ALTER TABLE t ADD UNIQUE (a);");
isnt($ret, 0, 'session_preload_libraries: rejected in error mode');
like($stderr, qr/ERROR:  ADD UNIQUE on table "public\.t"/, 'session_preload_libraries: by pgsafe');

# ALTER ROLE ... SET applies to session_preload_libraries too, for one role
$node->safe_psql('postgres', q{ALTER SYSTEM RESET session_preload_libraries; SELECT pg_reload_conf();
	CREATE ROLE app LOGIN; ALTER TABLE t OWNER TO app; GRANT CREATE ON SCHEMA public TO app;
	ALTER ROLE app SET session_preload_libraries = '$libdir/pgsafe';
	ALTER ROLE app SET pgsafe.mode = 'error';});
($ret, $stdout, $stderr) = $node->psql('postgres', 'ALTER TABLE t ADD UNIQUE (a);', extra_params => [ '-U', 'app' ]);
like($stderr, qr/ERROR:  ADD UNIQUE on table "public\.t"/, 'per-role session_preload_libraries: the role is guarded');
($ret, $stdout, $stderr) = $node->psql('postgres', q{SET pgsafe.mode = error; ALTER TABLE t ADD UNIQUE (a);});
is($ret, 0, 'per-role session_preload_libraries: other roles are not');

# The role cannot slip out at connect time.  Its PGOPTIONS are applied
# before session_preload_libraries loads pgsafe, to a placeholder that
# displaces the stored 'error'; PostgreSQL refuses the role's value once
# pgsafe defines the setting, and pgsafe applies the stored one again.
{
	local $ENV{PGOPTIONS} = '-c pgsafe.mode=off';
	($ret, $stdout, $stderr) =
	  $node->psql('postgres', 'SHOW pgsafe.mode; ALTER TABLE t ADD UNIQUE (a);', extra_params => [ '-U', 'app' ]);
	is($stdout, 'error', 'PGOPTIONS before session_preload_libraries: the stored mode stands');
	like($stderr, qr/WARNING:  permission denied to set parameter "pgsafe\.mode"/,
		'PGOPTIONS before session_preload_libraries: the option is refused');
	like($stderr, qr/ERROR:  ADD UNIQUE on table "public\.t"/, 'PGOPTIONS before session_preload_libraries: rejected');
}
# the same when the library is loaded on demand, by a call to one of its functions
$node->safe_psql('postgres', q{CREATE ROLE app2 LOGIN; ALTER ROLE app2 SET pgsafe.mode = 'error';});
{
	local $ENV{PGOPTIONS} = '-c pgsafe.mode=off';
	($ret, $stdout, $stderr) =
	  $node->psql('postgres', 'SELECT mode FROM pgsafe.status();', extra_params => [ '-U', 'app2' ]);
	is($stdout, 'error', 'PGOPTIONS, then loaded on demand: the stored mode stands');
}
foreach my $setting ('session_preload_libraries=', 'session_preload_libraries=plpgsql')
{
	local $ENV{PGOPTIONS} = "-c $setting";
	($ret, $stdout, $stderr) = $node->psql('postgres', 'ALTER TABLE t ADD UNIQUE (a);', extra_params => [ '-U', 'app' ]);
	like($stderr, qr/permission denied to set parameter "session_preload_libraries"/,
		"PGOPTIONS -c $setting: permission denied");
}
{
	# local_preload_libraries is the role's to set, but only adds libraries
	local $ENV{PGOPTIONS} = '-c local_preload_libraries=';
	($ret, $stdout, $stderr) = $node->psql('postgres', 'ALTER TABLE t ADD UNIQUE (a);', extra_params => [ '-U', 'app' ]);
	like($stderr, qr/ERROR:  ADD UNIQUE on table "public\.t"/, 'PGOPTIONS -c local_preload_libraries=: still guarded');
}

# Loaded on demand, pgsafe applies the stored values of its own settings
# again, and nothing else: the session's work_mem stays what it set.
$node->safe_psql('postgres',
	q{CREATE ROLE app4 LOGIN; ALTER ROLE app4 SET work_mem = '7MB'; ALTER ROLE app4 SET pgsafe.mode = 'error';});
is( $node->safe_psql(
		'postgres', q{SET work_mem = '3MB'; SELECT mode FROM pgsafe.status(); SHOW work_mem;},
		extra_params => [ '-U', 'app4' ]),
	"error\n3MB",
	'loaded on demand: pgsafe.* settings applied again, work_mem left as the session set it');

# The policy can live in postgresql.conf, ALTER SYSTEM or the server's
# command line, too: a role's PGOPTIONS cannot displace any of them when
# pgsafe loads after login.
$node->safe_psql('postgres',
	q{CREATE ROLE app3 LOGIN; ALTER ROLE app3 SET session_preload_libraries = '$libdir/pgsafe';});
sub mode_with_pgoptions
{
	local $ENV{PGOPTIONS} = '-c pgsafe.mode=off';
	my ($ret, $stdout, $stderr) = $node->psql('postgres', 'SHOW pgsafe.mode;', extra_params => [ '-U', 'app3' ]);
	return $stdout;
}
is(mode_with_pgoptions(), 'warn', 'no policy anywhere: the built-in default');

$node->append_conf('postgresql.conf', "pgsafe.mode = 'error'\n");
$node->reload;
is(mode_with_pgoptions(), 'error', 'policy in postgresql.conf: PGOPTIONS does not lower it');
$node->append_conf('postgresql.conf', "pgsafe.mode = 'warn'\n");
$node->reload;

$node->safe_psql('postgres', q{LOAD '$libdir/pgsafe'; ALTER SYSTEM SET pgsafe.mode = 'error'; SELECT pg_reload_conf();});
is(mode_with_pgoptions(), 'error', 'policy set with ALTER SYSTEM: PGOPTIONS does not lower it');
$node->safe_psql('postgres', q{LOAD '$libdir/pgsafe'; ALTER SYSTEM RESET pgsafe.mode; SELECT pg_reload_conf();});
is(mode_with_pgoptions(), 'warn', 'ALTER SYSTEM RESET: the file\'s value again');

# the command line: postgresql.conf's later 'warn' is weaker than it
$node->stop;
PostgreSQL::Test::Utils::system_or_bail('pg_ctl', '-D', $node->data_dir, '-l', $node->logfile, '-w',
	'-o', '-c pgsafe.mode=error', 'start');
is(mode_with_pgoptions(), 'error', 'policy on the server\'s command line: PGOPTIONS does not lower it');
PostgreSQL::Test::Utils::system_or_bail('pg_ctl', '-D', $node->data_dir, '-m', 'fast', '-w', 'stop');
$node->start;
is(mode_with_pgoptions(), 'warn', 'started without it: the file\'s value');

# shared_preload_libraries after a restart
$node->append_conf('postgresql.conf', "shared_preload_libraries = '\$libdir/pgsafe'\n");
$node->restart;
is($node->safe_psql('postgres', 'SELECT loaded_by FROM pgsafe.status()'),
	'shared_preload_libraries', 'shared_preload_libraries: status says so');

$node->stop;
done_testing();
