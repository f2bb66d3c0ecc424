# Copyright: pgsafe developers
#
# The vacuum-full and cluster hints run as printed: the pg_repack command
# pgsafe gives (as psql's \! line) rewrites the table online, rows intact.
# The test installs nothing: it uses pg_repack when the server has it
# (tools/test installs Debian's postgresql-15-repack for 15; the builds of
# 17 and 18 have none) and is skipped otherwise.

use strict;
use warnings;

use File::Temp qw(tempfile);
use FindBin;
use lib $FindBin::RealBin;
use PgsafeTest;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = pgsafe_node('repack', extra => "pgsafe.mode = error\n");
my $bindir = $node->config_data('--bindir');
my $available = $node->safe_psql('postgres',
	q{SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_repack'});
if (!-x "$bindir/pg_repack" || $available ne '1')
{
	$node->stop;
	plan skip_all => "pg_repack is not installed for this PostgreSQL ($bindir/pg_repack and its extension)";
}

$node->safe_psql('postgres', q{
	SET pgsafe.mode = off;
	CREATE EXTENSION pg_repack;
	CREATE SCHEMA "Repack Schema";
	CREATE TABLE "Repack Schema"."Big Tab" (id int PRIMARY KEY, grp int, v text);
	INSERT INTO "Repack Schema"."Big Tab" SELECT g, g % 7, repeat('v', 50) || g FROM generate_series(1, 5000) g;
	DELETE FROM "Repack Schema"."Big Tab" WHERE id % 2 = 0;
	CREATE INDEX "Big Grp" ON "Repack Schema"."Big Tab" (grp DESC, id);});

# the table's file, and what it holds
sub table_state
{
	my $state = $node->safe_psql('postgres', q{
		SELECT pg_relation_filenode('"Repack Schema"."Big Tab"') || ' '
		       || count(*) || ' ' || md5(string_agg(id || ':' || grp || ':' || v, ',' ORDER BY id))
		  FROM "Repack Schema"."Big Tab"});
	return split / /, $state, 2;
}

# the SQL script of the hint psql prints for a rejected statement: the
# hint's sentences end in "Run:" on its first line, the script follows
sub hint_script
{
	my ($statement) = @_;
	my ($ret, $stdout, $stderr) = $node->psql('postgres', $statement);
	isnt($ret, 0, "$statement is rejected in error mode");
	my ($hint) = $stderr =~ /^HINT:  (.*)\z/ms;
	my (undef, $script) = split /\n/, $hint // '', 2;
	note("hint script:\n" . ($script // ''));
	return $script // '';
}

# run a script with psql as a DBA would paste it: its \! lines run in a
# shell, whose pg_repack finds the server through PGHOST and PGPORT
sub run_script
{
	my ($script) = @_;
	my ($fh, $file) = tempfile(UNLINK => 1);
	print $fh "$script\n";
	close $fh;
	local $ENV{PGHOST} = $node->host;
	local $ENV{PGPORT} = $node->port;
	local $ENV{PGDATABASE} = 'postgres';
	local $ENV{PATH} = "$bindir:$ENV{PATH}";
	my ($stdout, $stderr) = ('', '');
	my $ok = IPC::Run::run([ "$bindir/psql", '-X', '-v', 'ON_ERROR_STOP=1', '-f', $file ],
		'>', \$stdout, '2>', \$stderr);
	note("psql:\n$stdout\n$stderr");
	# a \! command's failure does not stop psql: pg_repack's errors are in its output
	return $ok && $stderr !~ /ERROR/;
}

# VACUUM FULL: pg_repack --no-order
my ($file_before, $rows_before) = table_state();
my $script = hint_script('VACUUM FULL "Repack Schema"."Big Tab"');
like($script, qr/^\\! PGOPTIONS='-c pgsafe.mode=off' pg_repack --no-order --dbname=postgres --table='"Repack Schema"\."Big Tab"'$/m,
	'the VACUUM FULL hint is a pg_repack line with the quoted name');
unlike($script, qr/CREATE EXTENSION/, 'no word of the extension, which is there');
ok(run_script($script), 'the VACUUM FULL hint runs as printed');
my ($file_after, $rows_after) = table_state();
isnt($file_after, $file_before, 'the table was rewritten (a new relfilenode)');
is($rows_after, $rows_before, 'its rows are intact');

# CLUSTER USING an index not yet clustered: marked, then repacked in its order
($file_before, $rows_before) = table_state();
$script = hint_script('CLUSTER "Repack Schema"."Big Tab" USING "Big Grp"');
like($script, qr/^ALTER TABLE "Repack Schema"\."Big Tab" CLUSTER ON "Big Grp";$/m, 'the CLUSTER hint marks the index');
like($script, qr/^\\! PGOPTIONS='-c pgsafe.mode=off' pg_repack --dbname=postgres --table='"Repack Schema"\."Big Tab"'$/m,
	'then pg_repack orders by it');
ok(run_script($script), 'the CLUSTER hint runs as printed');
($file_after, $rows_after) = table_state();
isnt($file_after, $file_before, 'the table was rewritten');
is($rows_after, $rows_before, 'its rows are intact');
is( $node->safe_psql(
		'postgres', q{
	SELECT indexrelid::regclass FROM pg_index
	 WHERE indrelid = '"Repack Schema"."Big Tab"'::regclass AND indisclustered}),
	'"Repack Schema"."Big Grp"',
	'the index is the clustered one, as CLUSTER leaves it');
is( $node->safe_psql(
		'postgres', q{
	SELECT bool_and(n IS NULL OR g > ng OR (g = ng AND i < n))
	  FROM (SELECT grp AS g, id AS i, lead(grp) OVER (ORDER BY ctid) AS ng, lead(id) OVER (ORDER BY ctid) AS n
	          FROM "Repack Schema"."Big Tab") s}),
	't',
	'the rows are in the order of the index');

$node->stop;
done_testing();
