# Copyright: pgsafe developers
#
# Statements in extension scripts reach the hook like any other.  CREATE
# EXTENSION builds its own tables (new in its transaction: nothing to say),
# but an update script that adds a constraint to a table users have filled
# blocks them like the same statement typed by hand: flagged in warn mode,
# rejected in error mode with the extension left at its old version.

use strict;
use warnings;

use File::Path qw(make_path);
use FindBin;
use lib $FindBin::RealBin;
use PgsafeTest;
use PostgreSQL::Test::Utils;
use Test::More;

# A small extension added to a private copy of the staging directory
# (Debian's extension_destdir), or, with a PostgreSQL that has no
# extension_destdir, to the extension directory of the run's own prefix
# (tools/test's copy, which only this run uses), and removed at the end.
my $sharedir = `pg_config --sharedir`;
chomp $sharedir;
my ($destdir, $extdir);
if ($ENV{PGSAFE_DESTDIR})
{
	$destdir = PostgreSQL::Test::Utils::tempdir();
	system('cp', '-a', "$ENV{PGSAFE_DESTDIR}/.", $destdir) == 0 or BAIL_OUT('cannot copy the staging directory');
	$extdir = "$destdir$sharedir/extension";
	make_path($extdir);
}
else
{
	$extdir = "$sharedir/extension";
	BAIL_OUT("$extdir is not writable: run the TAP tests through tools/test") unless -w $extdir;
}
my @fixture = map { "$extdir/$_" } qw(pgsafe_fixture.control pgsafe_fixture--1.0.sql pgsafe_fixture--1.0--1.1.sql);
END { unlink @fixture if !$ENV{PGSAFE_DESTDIR} && @fixture; }

sub write_file
{
	my ($path, $text) = @_;
	open my $fh, '>', $path or die "$path: $!";
	print $fh $text;
	close $fh;
}

write_file("$extdir/pgsafe_fixture.control",
	"comment = 'pgsafe test fixture'\ndefault_version = '1.0'\nrelocatable = false\nschema = fixture\n");
# 1.0 creates a table with its constraints: statements on a table of this transaction
write_file("$extdir/pgsafe_fixture--1.0.sql", q{
CREATE TABLE @extschema@.items (id int PRIMARY KEY, code text UNIQUE);
CREATE INDEX ON @extschema@.items (code);
ALTER TABLE @extschema@.items ADD CONSTRAINT items_code_id UNIQUE (code, id);
});
# 1.1 adds a constraint to the table users have filled since
write_file("$extdir/pgsafe_fixture--1.0--1.1.sql", q{
ALTER TABLE @extschema@.items ADD COLUMN note text;
ALTER TABLE @extschema@.items ADD CONSTRAINT items_note_key UNIQUE (note);
});

my $node = pgsafe_node('extension_scripts', extra => "pgsafe.mode = error\n");
if (defined $destdir)
{
	$node->append_conf('postgresql.conf', "extension_destdir = '$destdir'\n");
	$node->reload;
}

my ($ret, $stdout, $stderr) = $node->psql('postgres', 'CREATE EXTENSION pgsafe_fixture;');
is($ret, 0, 'CREATE EXTENSION: statements on its own new tables are not flagged');
is($stderr, '', 'CREATE EXTENSION: nothing said');

$node->safe_psql('postgres', 'INSERT INTO fixture.items SELECT g, g::text FROM generate_series(1, 1000) g;');

($ret, $stdout, $stderr) = $node->psql('postgres', q{ALTER EXTENSION pgsafe_fixture UPDATE TO '1.1';});
isnt($ret, 0, 'error mode: the update script is rejected');
like($stderr, qr/ERROR:  ADD UNIQUE on table "fixture\.items" takes an ACCESS EXCLUSIVE lock/,
	'error mode: by pgsafe, naming the table');
# the safe alternative cannot be applied to a script the DBA does not write:
# the hint says how to run the update on purpose instead
like($stderr, qr/HINT:  The statement is part of the script of extension "pgsafe_fixture"/,
	'error mode: the hint names the extension');
like($stderr, qr/BEGIN;\nSET LOCAL pgsafe\.mode = 'warn';\nSET LOCAL lock_timeout = '5s';\nALTER EXTENSION pgsafe_fixture UPDATE TO '1\.1';\nCOMMIT;/,
	'error mode: and gives the statement that ran the script, with the mode lowered for its transaction');
unlike($stderr, qr/CREATE UNIQUE INDEX CONCURRENTLY/, 'error mode: no recipe for the script\'s statement');
is($node->safe_psql('postgres', q{SELECT extversion FROM pg_extension WHERE extname = 'pgsafe_fixture'}),
	'1.0', 'error mode: the extension stays at 1.0');
is($node->safe_psql('postgres', q{SELECT count(*) FROM pg_attribute WHERE attrelid = 'fixture.items'::regclass AND attname = 'note'}),
	'0', 'error mode: nothing of the update script is kept');

# the hint, run as printed (its BEGIN ... COMMIT as one script), updates the extension
my ($hint) = $stderr =~ /(BEGIN;\n.*?\nCOMMIT;)/s;
($ret, $stdout, $stderr) = $node->psql('postgres', $hint);
is($ret, 0, 'the hint runs');
is($node->safe_psql('postgres', q{SELECT extversion FROM pg_extension WHERE extname = 'pgsafe_fixture'}),
	'1.1', 'the hint brings the extension to 1.1');
$node->safe_psql('postgres', q{DROP EXTENSION pgsafe_fixture; CREATE EXTENSION pgsafe_fixture VERSION '1.0';
	INSERT INTO fixture.items SELECT g, g::text FROM generate_series(1, 1000) g;});

($ret, $stdout, $stderr) = $node->psql('postgres', q{SET pgsafe.mode = warn; ALTER EXTENSION pgsafe_fixture UPDATE TO '1.1';});
is($ret, 0, 'warn mode: the update runs');
like($stderr, qr/WARNING:  ADD UNIQUE on table "fixture\.items"/, 'warn mode: with a warning');
is($node->safe_psql('postgres', q{SELECT extversion FROM pg_extension WHERE extname = 'pgsafe_fixture'}),
	'1.1', 'warn mode: the extension is at 1.1');

$node->stop;
done_testing();
