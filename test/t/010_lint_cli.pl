# Copyright: pgsafe developers
#
# pgsafe-lint over the sample migration folders in test/lint, in every output
# format, against a database whose tables the migrations touch: exit codes,
# compiler-style text lines, JSON that parses, SARIF with the fields code
# scanning requires, GitHub annotations escaped as workflow commands demand,
# migration-tool conventions for running without a transaction, and a role
# that can only read the tables.

use strict;
use warnings;

use FindBin;
use JSON::PP;
use lib $FindBin::RealBin;
use PgsafeTest;
use PostgreSQL::Test::Utils;
use Test::More;

my $bindir = `pg_config --bindir`;
chomp $bindir;
my $lint = "$ENV{PGSAFE_DESTDIR}$bindir/pgsafe-lint";
ok(-x $lint, 'pgsafe-lint is installed with the extension');

my $samples = "$FindBin::RealBin/../lint";
chdir $samples or die "$samples: $!";

my $node = pgsafe_node('lint_cli');
$node->safe_psql('postgres', q{
	CREATE EXTENSION pgsafe;
	CREATE TABLE customers (id int PRIMARY KEY);
	INSERT INTO customers SELECT generate_series(1, 1000);
	CREATE TABLE orders (id int PRIMARY KEY, customer_id int, email text, created_at timestamptz);
	INSERT INTO orders SELECT g, g, 'u' || g || '@example.com', now() FROM generate_series(1, 1000) g;
	CREATE TABLE countries (code text PRIMARY KEY, name text);
	INSERT INTO countries SELECT 'c' || g, 'country ' || g FROM generate_series(1, 250) g;
	CREATE ROLE ci LOGIN;
	GRANT SELECT ON customers, orders, countries TO ci;
	-- a bound on lock waits for every session, as a DBA may store one: the
	-- samples are about the other rules (missing-lock-timeout: below)
	ALTER ROLE ALL SET lock_timeout = '1min';
});
my @conn = ('-h', $node->host, '-p', $node->port, '-d', 'postgres');

# Run pgsafe-lint; returns (exit code, stdout, stderr).
sub lint
{
	my ($stdout, $stderr);
	my $ok = IPC::Run::run([ $lint, @_ ], '>', \$stdout, '2>', \$stderr);
	return ($? >> 8, $stdout, $stderr);
}

# text
my ($rc, $out, $err) = lint(@conn, 'sqlx');
is($rc, 1, 'text: findings exit with 1');
like($out,
	qr{^sqlx/20240101000000_orders_email_unique\.sql:3:1: error: ADD UNIQUE on table "public\.orders" takes an ACCESS EXCLUSIVE lock, blocking reads and writes while the index is built \[unique-constraint\]$}m,
	'text: file:line:col, severity, message and rule');
like($out, qr{^        CREATE UNIQUE INDEX CONCURRENTLY orders_email_key ON public\.orders \(email\);$}m,
	'text: the safe SQL, with the name the statement gave');
like($out,
	qr{^sqlx/20240103000000_orders_created_index\.sql:2:1: error: CREATE INDEX CONCURRENTLY cannot run inside a transaction block \[concurrently-in-transaction\]$}m,
	'text: CONCURRENTLY in a migration SQLx wraps in a transaction');
unlike($out, qr{20240102000000}, 'text: "-- no-transaction" (SQLx) lets CONCURRENTLY run');
unlike($out, qr{countries}, 'text: a suppressed finding is not printed');
like($out, qr{^5 files checked: 2 errors, 0 warnings, 1 suppressed$}m, 'text: the summary');

# Diesel: tables its migrations create are new; metadata.toml; down.sql left out
($rc, $out, $err) = lint(@conn, 'diesel');
is($rc, 0, 'diesel: nothing to report');
like($out, qr{^2 files checked: 0 errors, 0 warnings$}m, 'diesel: two up.sql, no down.sql');
($rc, $out, $err) = lint(@conn, '--no-transaction', 'diesel/2024-02-02-000000_audit_at_index/down.sql');
is($rc, 0, 'a down.sql named explicitly is checked');

# Every finding of a run, as "file:line:col rule", in the order reported.
sub findings_of
{
	my ($rc, $out, $err) = lint(@conn, '--format=json', @_);
	my $doc = eval { decode_json($out) } or return ["exit $rc: $err"];
	return [ map { "$_->{file}:$_->{line}:$_->{column} $_->{rule}" } @{ $doc->{findings} } ];
}

# goose: annotations in any case, the Down section not checked
is_deeply(findings_of('goose'),
	[ 'goose/20240304090000_customers_email.sql:3:1 create-index' ],
	'goose: "-- +goose no transaction" lets CONCURRENTLY run, and no Down section is checked');
# dbmate: down blocks not checked, each section with its own transaction
is_deeply(findings_of('dbmate'),
	[ 'dbmate/20240403090000_orders_indexes.sql:11:1 create-index' ],
	'dbmate: no migrate:down block is checked; each migrate:up section runs in its own mode');
($rc, $out, $err) = lint(@conn, 'dbmate');
like($out, qr{^3 files checked: 1 error, 0 warnings$}m, 'dbmate: a file of two sections is one file');

# Flyway: V<version>__<name>.sql, executeInTransaction=false in <file>.conf
is_deeply(findings_of('flyway'),
	[ 'flyway/V2__orders_status.sql:3:1 create-index' ],
	'flyway: CONCURRENTLY runs with executeInTransaction=false in its .sql.conf, or alone; versions in order; no undo checked');
# golang-migrate: N_name.up.sql, never in a transaction, each file sent as
# one query (--one-query); *.down.sql left out
is_deeply(findings_of('--one-query', 'golang-migrate'),
	[
		'golang-migrate/000002_orders_email_lower.up.sql:2:1 create-index',
		'golang-migrate/000005_orders_customer_indexes.up.sql:3:1 concurrently-in-transaction',
		'golang-migrate/000005_orders_customer_indexes.up.sql:4:1 concurrently-in-transaction'
	],
	'golang-migrate: CONCURRENTLY alone in a file runs, two in one query do not; no .down.sql is checked');

# SQLx, Diesel and dbmate send a migration that runs outside a transaction
# as one query: several statements run in PostgreSQL's implicit block
my $one_query = PostgreSQL::Test::Utils::tempdir('one_query');
mkdir "$one_query/$_" foreach qw(sqlx diesel diesel/1_two dbmate);
my $two = "CREATE INDEX CONCURRENTLY a ON orders (email);\nCREATE INDEX CONCURRENTLY b ON orders (created_at);\n";
append_to_file("$one_query/sqlx/1_two.sql", "-- no-transaction\n$two");
append_to_file("$one_query/diesel/1_two/up.sql", $two);
append_to_file("$one_query/diesel/1_two/metadata.toml", "run_in_transaction = false\n");
append_to_file("$one_query/dbmate/1_two.sql", "-- migrate:up transaction:false\n$two-- migrate:down\n");
($rc, $out, $err) = lint(@conn, '-f', 'json', $one_query);
my @implicit = @{ decode_json($out)->{findings} };
is_deeply([ map { "$_->{file}:$_->{line} $_->{rule}" } @implicit ],
	[
		"$one_query/dbmate/1_two.sql:2 concurrently-in-transaction",
		"$one_query/dbmate/1_two.sql:3 concurrently-in-transaction",
		"$one_query/diesel/1_two/up.sql:1 concurrently-in-transaction",
		"$one_query/diesel/1_two/up.sql:2 concurrently-in-transaction",
		"$one_query/sqlx/1_two.sql:2 concurrently-in-transaction",
		"$one_query/sqlx/1_two.sql:3 concurrently-in-transaction"
	],
	'one query of several statements: CONCURRENTLY in the implicit transaction block');
is($implicit[4]{detail},
	'SQLx sends this migration to the server as one query; PostgreSQL runs a query of several statements in one implicit transaction block.',
	'one query: the detail says why there is a transaction block');
like($implicit[4]{hint}, qr/^Put the statement alone in a migration file/, 'one query: and what to do');

# json
($rc, $out, $err) = lint(@conn, '--format=json', 'sqlx', 'problems');
is($rc, 1, 'json: exit 1');
my $doc = eval { decode_json($out) };
ok($doc, 'json: parses') or diag($@);
my @findings = @{ $doc->{findings} };
is(scalar(grep { $_->{rule} eq 'unique-constraint' } @findings), 1, 'json: the unique-constraint finding');
my ($unique) = grep { $_->{rule} eq 'unique-constraint' } @findings;
is($unique->{relation}, 'public.orders', 'json: relation');
ok($unique->{relation_size} > 0, 'json: relation size in bytes');
is($unique->{lock}, 'ACCESS EXCLUSIVE', 'json: lock');
is($unique->{line}, 3, 'json: line');
like($unique->{safe_sql}, qr/\AALTER TABLE public\.orders ADD COLUMN note text;|SET lock_timeout/, 'json: safe SQL');
my ($suppressed) = grep { defined $_->{suppressed} } @findings;
is($suppressed->{suppressed}, '250 rows, written once a year', 'json: a suppressed finding carries its reason');
my ($syntax) = grep { $_->{rule} eq 'syntax-error' } @findings;
is("$syntax->{file}:$syntax->{line}:$syntax->{column}", 'problems/002_syntax.sql:2:31', 'json: syntax error position');
my @problems = sort map { $_->{rule} } grep { $_->{file} eq 'problems/001_suppressions.sql' } @findings;
is_deeply(\@problems, [ 'create-index', 'invalid-suppression', 'unused-suppression' ],
	'json: a suppression without a reason suppresses nothing, and an unused one is reported');
is_deeply($doc->{summary}, { files => 7, errors => 5, warnings => 1, suppressed => 1 }, 'json: summary');

# sarif
($rc, $out, $err) = lint(@conn, '-f', 'sarif', 'sqlx');
my $sarif = eval { decode_json($out) };
ok($sarif, 'sarif: parses') or diag($@);
is($sarif->{version}, '2.1.0', 'sarif: version');
my $run = $sarif->{runs}[0];
is($run->{tool}{driver}{name}, 'pgsafe-lint', 'sarif: tool.driver.name');
my %rule_ids = map { $_->{id} => 1 } @{ $run->{tool}{driver}{rules} };
my $complete = 1;
foreach my $result (@{ $run->{results} })
{
	my $location = $result->{locations}[0]{physicalLocation};
	$complete = 0
	  unless $result->{ruleId} && $rule_ids{ $result->{ruleId} }
	  && $result->{level} =~ /^(error|warning)$/
	  && length($result->{message}{text})
	  && $location->{artifactLocation}{uri} =~ m{^sqlx/}
	  && $location->{region}{startLine} >= 1
	  && $location->{region}{startColumn} >= 1;
}
ok($complete && @{ $run->{results} } == 3, 'sarif: every result has a known ruleId, level, message and location');
# the rule metadata is the server's catalogue, as pgsafe.rules() lists it
my %summary = map { split /\|/, $_, 2 } split /\n/,
  $node->safe_psql('postgres', 'SELECT name, summary FROM pgsafe.rules()');
my @described = grep { defined $summary{ $_->{id} } && $_->{shortDescription}{text} eq $summary{ $_->{id} } }
  @{ $run->{tool}{driver}{rules} };
ok(@described && @described == @{ $run->{tool}{driver}{rules} }, 'sarif: each rule described as pgsafe.rules() does');
my ($in_source) = grep { $_->{suppressions} } @{ $run->{results} };
is($in_source->{suppressions}[0]{kind}, 'inSource', 'sarif: suppressed in source');
is($in_source->{suppressions}[0]{justification}, '250 rows, written once a year', 'sarif: with its justification');

# github
($rc, $out, $err) = lint(@conn, '--format', 'github', 'sqlx');
my @annotations = grep { /^::/ } split /\n/, $out;
is(scalar(@annotations), 2, 'github: one annotation per unsuppressed finding, one line each');
like($annotations[0],
	qr{^::error file=sqlx/20240101000000_orders_email_unique\.sql,line=3,col=1,title=pgsafe unique-constraint::ADD UNIQUE on table "public\.orders".*%0A.*%0ASET lock_timeout = 0;%0ASET statement_timeout = 0;%0ACREATE UNIQUE INDEX CONCURRENTLY}, 'github: workflow command with escaped newlines');

# severity
my $only_warnings = PostgreSQL::Test::Utils::tempdir();
open(my $fh, '>', "$only_warnings/001_select.sql") or die $!;
print $fh "-- pgsafe:ignore create-index nothing to suppress\nSELECT 1;\n";
close($fh);
($rc, $out, $err) = lint(@conn, $only_warnings);
is($rc, 1, 'severity warning (default): a warning fails');
($rc, $out, $err) = lint(@conn, '--severity=error', $only_warnings);
is($rc, 0, 'severity error: a warning does not fail');
# a relation the database lacks is an error: pgsafe cannot vouch for the statement
($rc, $out, $err) = lint(@conn, '--severity=error', 'warnings');
is($rc, 1, 'severity error: an unknown relation fails');
like($out, qr{^warnings/001_unknown_table\.sql:2:1: error: relation "invoices" does not exist or cannot be seen \[unknown-relation\]$}m,
	'a table the database does not have is unknown');

# a role that can only read the tables sees the sizes
($rc, $out, $err) = lint('-h', $node->host, '-p', $node->port, '-d', 'postgres', '-U', 'ci', '-f', 'json', 'sqlx');
($unique) = grep { $_->{rule} eq 'unique-constraint' } @{ decode_json($out)->{findings} };
ok($unique && $unique->{relation_size} > 0, 'a role with SELECT only: findings with sizes');

# What the server says while it parses a file (an identifier it truncates)
# is a finding with the file and its place, never a bare NOTICE
my $notices = PostgreSQL::Test::Utils::tempdir('notices');
append_to_file("$notices/001_long_name.sql", "SELECT 1;\nCREATE TABLE t_" . ('a' x 68) . " (a int);\n");
($rc, $out, $err) = lint(@conn, $notices);
is($rc, 1, 'a truncated identifier: a warning, which fails by default');
like($out,
	qr{^\Q$notices\E/001_long_name\.sql:2:14: warning: identifier "t_a{68}" will be truncated to "t_a{61}" \[server-notice\]$}m,
	'a truncated identifier: file, line and column');
unlike($err, qr/NOTICE/, 'a truncated identifier: no NOTICE without a place');
($rc, $out, $err) = lint(@conn, '--severity=error', $notices);
is($rc, 0, 'a truncated identifier: --severity=error passes');

# Files the server could not take as text: each named with the line and
# byte column of its first bad byte, compiler-style, and nothing checked
# (exit 2).  They are written here: no binary file in the tree.
sub write_bytes
{
	my ($path, $bytes) = @_;
	open my $fh, '>:raw', $path or die "$path: $!";
	print $fh $bytes;
	close $fh;
}
my $bad = PostgreSQL::Test::Utils::tempdir('bad_bytes');
write_bytes("$bad/001_fine.sql", "-- caf\xc3\xa9\nALTER TABLE orders ADD UNIQUE (email);\n");
write_bytes("$bad/002_nul.sql", "SELECT 1;\nSELECT 'a\0b';\n");
write_bytes("$bad/003_latin1.sql", "-- caf\xe9\nCREATE INDEX ON orders (email);\n");
($rc, $out, $err) = lint(@conn, $bad);
is($rc, 2, 'a NUL byte or bytes that are not UTF-8: exit 2');
like($err, qr{^\Q$bad\E/002_nul\.sql:2:10: error: a NUL byte \(0x00\), which no PostgreSQL text can hold$}m,
	'a NUL byte: the file, line and byte column');
like($err,
	qr{^\Q$bad\E/003_latin1\.sql:1:7: error: invalid byte sequence for encoding "UTF8": 0xe9 0x0a 0x43 \(pgsafe-lint sends files as UTF-8: save it as UTF-8\)$}m,
	'Latin-1: the file, line and byte column, and the bytes');
unlike($err, qr{001_fine}, 'a UTF-8 file is fine');
like($err, qr{^pgsafe-lint: nothing checked: 2 files cannot be sent as text$}m, 'says that nothing was checked');
is($out, '', 'no report when nothing was checked');

# The files go as UTF-8 whatever the database's encoding, and the findings
# come back in UTF-8
$node->safe_psql('postgres',
	"CREATE DATABASE latin1 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0");
$node->safe_psql('latin1', "SET client_encoding = 'UTF8'; CREATE EXTENSION pgsafe;
	CREATE TABLE \"caf\xc3\xa9\" (a int); INSERT INTO \"caf\xc3\xa9\" SELECT generate_series(1, 1000);");
my $utf8 = PostgreSQL::Test::Utils::tempdir('utf8');
write_bytes("$utf8/001_cafe.sql", "-- \xc3\xa0 la carte\nCREATE INDEX ON \"caf\xc3\xa9\" (a);\n");
($rc, $out, $err) = lint('-h', $node->host, '-p', $node->port, '-d', 'latin1', '-f', 'json', $utf8);
my $latin1 = eval { decode_json($out) };
is_deeply(
	[ map { "$_->{line}:$_->{column} $_->{rule} $_->{relation}" } @{ $latin1 ? $latin1->{findings} : [] } ],
	[ "2:1 create-index public.caf\x{e9}" ],
	'a LATIN1 database: the file read as UTF-8, the finding in UTF-8');

# missing-lock-timeout: with no lock timeout stored, a migration that locks
# an existing table is reported (a warning: it fails by default); its own SET
# or pgsafe.lock_timeout stored for the role that runs it bounds the wait
$node->safe_psql('postgres', 'ALTER ROLE ALL RESET lock_timeout');
my $unbounded = PostgreSQL::Test::Utils::tempdir('unbounded');
append_to_file("$unbounded/001_note.sql", "ALTER TABLE orders ADD COLUMN note text;\n");
append_to_file("$unbounded/002_bounded.sql", "SET lock_timeout = '2s';\nALTER TABLE orders ADD COLUMN memo text;\n");
($rc, $out, $err) = lint(@conn, $unbounded);
is($rc, 1, 'missing-lock-timeout: nothing stored, a warning that fails');
like($out, qr{^\Q$unbounded\E/001_note\.sql:1:1: warning: .* \[missing-lock-timeout\]$}m,
	'missing-lock-timeout: the statement without a bound');
unlike($out, qr{002_bounded}, "missing-lock-timeout: not after the file's own SET");
$node->safe_psql('postgres', q{ALTER ROLE ci SET pgsafe.lock_timeout = '5s'});
($rc, $out, $err) = lint('-h', $node->host, '-p', $node->port, '-d', 'postgres', '-U', 'ci', $unbounded);
is($rc, 0, 'missing-lock-timeout: pgsafe.lock_timeout stored for the role bounds it') or diag($out);
$node->safe_psql('postgres', q{ALTER ROLE ci RESET pgsafe.lock_timeout; ALTER ROLE ALL SET lock_timeout = '1min'});

# usage and connection errors exit with 2
($rc, $out, $err) = lint('--bogus', 'sqlx');
is($rc, 2, 'unknown option: 2');
like($err, qr/unknown option --bogus/, 'unknown option: says so');
($rc, $out, $err) = lint(@conn);
is($rc, 2, 'no path: 2');
($rc, $out, $err) = lint(@conn, 'no/such/dir');
is($rc, 2, 'missing path: 2');
($rc, $out, $err) = lint('-h', $node->host, '-p', $node->port + 1, '-d', 'postgres', 'sqlx');
is($rc, 2, 'unreachable server: 2');
$node->safe_psql('postgres', 'CREATE DATABASE without_pgsafe');
($rc, $out, $err) = lint('-h', $node->host, '-p', $node->port, '-d', 'without_pgsafe', 'sqlx');
is($rc, 2, 'database without the extension: 2');
like($err, qr/pgsafe must be installed in database "without_pgsafe": CREATE EXTENSION pgsafe;/,
	'database without the extension: says what to do');
# libpq's environment and connection strings
{
	local $ENV{PGHOST} = $node->host;
	local $ENV{PGPORT} = $node->port;
	local $ENV{PGDATABASE} = 'postgres';
	($rc, $out, $err) = lint('diesel');
	is($rc, 0, 'PGHOST/PGPORT/PGDATABASE are honoured');
}
($rc, $out, $err) = lint('-d', 'host=' . $node->host . ' port=' . $node->port . ' dbname=postgres', 'diesel');
is($rc, 0, 'a connection string as --dbname');

$node->stop;
done_testing();
