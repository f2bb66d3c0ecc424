# Copyright: pgsafe developers
#
# Statements sent with the extended query protocol (prepared or not) are
# inspected like any other.  Connection options cannot lower pgsafe.mode
# for an ordinary role: PGOPTIONS is applied with the role's own rights.

use strict;
use warnings;

use FindBin;
use lib $FindBin::RealBin;
use PgsafeTest;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = pgsafe_node('connections');
$node->safe_psql('postgres', q{
	CREATE TABLE t (a int); INSERT INTO t SELECT generate_series(1, 100);
	CREATE ROLE app LOGIN; ALTER TABLE t OWNER TO app; GRANT CREATE ON SCHEMA public TO app;
	ALTER ROLE app SET pgsafe.mode = 'error';});

# the extended protocol, unnamed and prepared statements
my $script = "${PostgreSQL::Test::Utils::tmp_check}/ddl.sql";
append_to_file($script, "ALTER TABLE t ADD UNIQUE (a);\n");
foreach my $protocol ('extended', 'prepared')
{
	my ($stdout, $stderr);
	IPC::Run::run [ 'pgbench', '-n', '-t', '1', '-M', $protocol, '-f', $script,
		'-h', $node->host, '-p', $node->port, '-U', 'app', 'postgres' ],
	  '>', \$stdout, '2>', \$stderr;
	like($stderr, qr/ERROR:  ADD UNIQUE on table "public\.t" takes an ACCESS EXCLUSIVE lock/,
		"$protocol protocol: rejected");
}
is($node->safe_psql('postgres', q{SELECT count(*) FROM pg_constraint WHERE conrelid = 't'::regclass}),
	'0', 'extended protocol: nothing was added');

# PGOPTIONS cannot lower it for an ordinary role ...
{
	local $ENV{PGOPTIONS} = '-c pgsafe.mode=off';
	my ($ret, $stdout, $stderr) = $node->psql('postgres', 'SHOW pgsafe.mode;', extra_params => [ '-U', 'app' ]);
	isnt($ret, 0, 'PGOPTIONS as an ordinary role: the connection is refused');
	like($stderr, qr/permission denied to set parameter "pgsafe\.mode"/, 'PGOPTIONS: permission denied');

	# ... but a superuser may
	is($node->safe_psql('postgres', 'SHOW pgsafe.mode;'), 'off', 'PGOPTIONS as a superuser: accepted');
}

# nor can a SECURITY DEFINER function the role owns
my ($ret, $stdout, $stderr) = $node->psql('postgres', q{
	CREATE FUNCTION lower_mode() RETURNS text LANGUAGE sql SECURITY DEFINER
	  AS $$ SELECT set_config('pgsafe.mode', 'off', false) $$;
	SELECT lower_mode();}, extra_params => [ '-U', 'app' ]);
like($stderr, qr/permission denied to set parameter "pgsafe\.mode"/, 'SECURITY DEFINER function: permission denied');

$node->stop;
done_testing();
