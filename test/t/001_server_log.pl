# Copyright: pgsafe developers
#
# What reaches the server log in each mode: warn logs the WARNING the client
# sees; log writes the finding, its rules and the statement to the log and
# sends the client nothing, whatever client_min_messages says; off logs
# nothing.

use strict;
use warnings;

use FindBin;
use lib $FindBin::RealBin;
use PgsafeTest;
use PostgreSQL::Test::Utils;
use Test::More;

# PostgreSQL::Test::Cluster logs every statement; the log entry must carry it itself
my $node = pgsafe_node('server_log', extra => "log_statement = none\n");
$node->safe_psql('postgres',
	'CREATE TABLE t (a int); INSERT INTO t SELECT generate_series(1, 100);');

my ($stdout, $stderr);
my $offset = -s $node->logfile;

# warn: the client gets the WARNING, and so does the log
$node->psql('postgres', 'ALTER TABLE t ADD UNIQUE (a);', stderr => \$stderr);
like($stderr, qr/WARNING:  ADD UNIQUE on table "public\.t" takes an ACCESS EXCLUSIVE lock/,
	'warn: the client sees the warning');
ok($node->log_contains(qr/WARNING:  ADD UNIQUE on table "public\.t"/, $offset),
	'warn: the server log has it too');
$node->safe_psql('postgres', 'ALTER TABLE t DROP CONSTRAINT t_a_key;');

# log: nothing to the client, even at client_min_messages = log
$offset = -s $node->logfile;
$node->psql('postgres',
	"SET pgsafe.mode = log; SET client_min_messages = log; ALTER TABLE t ADD UNIQUE (a);",
	stderr => \$stderr);
is($stderr, '', 'log: the client sees nothing');
ok($node->log_contains(qr/LOG:  ADD UNIQUE on table "public\.t" takes an ACCESS EXCLUSIVE lock/, $offset),
	'log: the finding is in the server log');
ok($node->log_contains(qr/DETAIL:  The table "public\.t" is not empty: it holds 8192 bytes\. Rules: unique-constraint\./, $offset),
	'log: with its size and rule');
ok($node->log_contains(qr/HINT:  Build the unique index concurrently/, $offset),
	'log: with the safe alternative');
ok($node->log_contains(qr/STATEMENT:  ALTER TABLE t ADD UNIQUE \(a\);/, $offset),
	'log: with the statement');
is($node->safe_psql('postgres', "SELECT count(*) FROM pg_constraint WHERE conname = 't_a_key'"),
	'1', 'log: the statement ran');

# off: nothing anywhere
$offset = -s $node->logfile;
$node->psql('postgres', "SET pgsafe.mode = off; ALTER TABLE t ADD UNIQUE (a);", stderr => \$stderr);
is($stderr, '', 'off: the client sees nothing');
ok(!$node->log_contains(qr/ADD UNIQUE on table/, $offset), 'off: nothing in the log');

$node->stop;
done_testing();
