#!/usr/bin/perl
#
# test/fuzz/fuzz.pl -- the fuzz and abuse driver, started by test/fuzz/run
# (as root, against a cluster that run has set up; see there).
#
# Every input has an id, "<target>/<kind>/<name>", and is generated from
# the seed and its id alone, by a xorshift64 generator: the same seed and
# id give the same bytes on any machine, and FUZZ_ONLY=<id> regenerates
# one input without the others.  Targets:
#
#   check        SELECT ... FROM pgsafe.check($1, <in_transaction>)
#   check-ascii  the same in a SQL_ASCII database, for bytes that are not
#                UTF-8 (a UTF-8 database refuses them before pgsafe sees them)
#   migrations   SELECT ... FROM pgsafe.check_migrations(ARRAY[...], ARRAY[...])
#   hook-warn    BEGIN; <input>; ROLLBACK; with pgsafe.mode = warn
#   hook-error   the same with pgsafe.mode = error
#
# all run by the unprivileged role "fuzzer", whose statement_timeout and
# pgsafe.mode are set with ALTER ROLE by a superuser connection.  Every
# call is timed and its backend's peak memory read (VmHWM, reset through
# /proc/<pid>/clear_refs before the call).  A failure is:
#
#   crash      the backend died (or the server log shows a backend killed
#              by a signal, or the server reinitialising), or the
#              postmaster's pid changed
#   cancel     a call ran longer than statement_timeout plus FUZZ_SLACK
#              seconds: it did not honour the cancel.  After FUZZ_HARD_CAP
#              seconds it is terminated, then killed, and recorded as such
#   memory     the backend's peak memory over FUZZ_MAX_MEM_MB
#   internal   an error with SQLSTATE class XX (XX000: "internal error"),
#              or a "cache lookup failed" message
#   invariant  a pgsafe.check() row without a statement, line, column,
#              rule, severity or message, or placed beyond the script's end
#
# Syntax errors, "stack depth limit exceeded", cancels by the timeout,
# invalid byte sequences and the errors PostgreSQL raises for the hook's
# statements are expected outcomes: they are counted, not failures.
# Failing inputs are written to <work>/failures/.  Exit status 1 if any
# check failed.

use strict;
use warnings;
use DBI;
use DBD::Pg qw(:async);
use Time::HiRes qw(time sleep);

my %opt = (
	host => undef, port => undef, db => 'fuzz', ascii_db => 'fuzz_ascii',
	regress => undef, work => undef, log => undef, postmaster_pid => undef,
);
while (@ARGV) {
	my ($k, $v) = (shift @ARGV, shift @ARGV);
	$k =~ s/^--//;
	$k =~ tr/-/_/;
	die "unknown option --$k\n" unless exists $opt{$k};
	$opt{$k} = $v;
}
for (qw(host port regress work log postmaster_pid)) {
	die "--$_ is required\n" unless defined $opt{$_};
}

my $LONG = ($ENV{FUZZ_LONG} // '') eq '1';
my $SEED = $ENV{FUZZ_SEED} // 20240901;
die "FUZZ_SEED must be a non-negative integer\n" unless $SEED =~ /^\d+$/;
my $TIMEOUT = $ENV{FUZZ_TIMEOUT} // 5;            # statement_timeout, seconds
my $SLACK = $ENV{FUZZ_SLACK} // 3;                # a cancel must land within this
my $HARD_CAP = $ENV{FUZZ_HARD_CAP} // ($TIMEOUT + $SLACK + 4);
my $MAX_MEM_MB = $ENV{FUZZ_MAX_MEM_MB} // 512;
# How many mutated and generated inputs of each kind: quick mode's counts
# times FUZZ_SCALE (100 in long mode); the large inputs (a statement
# repeated, suppression lines, deep expressions) a tenth of that.
my $SCALE = $ENV{FUZZ_SCALE} // ($LONG ? 100 : 1);
die "FUZZ_SCALE must be a positive number\n" unless $SCALE =~ /^\d+(\.\d+)?$/ && $SCALE > 0;
my %COUNT = map { my $n = int($_->[1] * ($_->[2] ? ($SCALE > 10 ? $SCALE / 10 : 1) : $SCALE) + 0.5); ($_->[0] => $n < 1 ? 1 : $n) } (
	[cut => 300], [flip => 300], [splice => 200], [tokens => 300], [odd => 200],
	[dup => 40, 'large'], [ignore => 30, 'large'], [deep => 12, 'large'],
	['check-generated' => 300], ['check-ascii' => 100], ['hook-generated' => 600], ['migrations-mutated' => 60]);
my @ONLY = map { my $p = quotemeta($_); $p =~ s/\\\*/.*/g; qr/^$p$/ } grep { length } split /,/, ($ENV{FUZZ_ONLY} // '');

# Sizes of the hostile inputs: what a linear checker handles in about a
# second on a slow machine, and within the memory bound.  Where the checker
# has been quadratic (one long line, suppressions, tables the script
# creates), the size is such that quadratic work takes many times the
# timeout, so that the verdict does not depend on the machine's speed.
# Long mode runs many more mutations, with larger repetitions; the hostile
# sizes stay, as the memory bound does.
my %N = (
	long_line => 40_000,      # statements on one line
	many => 40_000,           # statements, suppressions or created tables, quadratic before
	stmts => 20_000,          # statements, in scripts that have always been linear
	sum => 300_000,           # terms of a left-deep expression
	cast => 300_000,          # nested casts and COLLATEs
	wide => 100_000,          # terms of heavier expressions
	nest => 100_000,          # right-nested constructs, which the grammar's stack limits
	func => 5_000,            # nesting the grammar accepts
	comments => 2_000,        # nested comments (PostgreSQL's scanner is quadratic in their depth)
	subcommands => 10_000,    # subcommands of one ALTER TABLE, columns of one index
	ident => 100_000,         # bytes of one identifier
	scripts => 2_000,         # scripts of one check_migrations() call
	ignore => $LONG ? 20_000 : 12_000,    # pgsafe:ignore lines of a mutation, from 10 000
	dup => $LONG ? 20_000 : 4_000,        # repetitions of a statement, from 1 000
	deep => 300_000,                      # the deepest generated expression (about 2 MB)
);

$| = 1;

#---------------------------------------------------------------------------
# xorshift64: shifts and xors on 64-bit unsigned integers only, so it gives
# the same sequence in any Perl with 64-bit integers.
#---------------------------------------------------------------------------
package Rng {
	no warnings qw(portable);
	use constant MASK => 0xFFFFFFFFFFFFFFFF;
	sub step {
		my ($x) = @_;
		$x ^= ($x << 13) & MASK;
		$x ^= $x >> 7;
		$x ^= ($x << 17) & MASK;
		return $x;
	}
	# A generator for one input: the seed mixed with every byte of its id.
	sub new {
		my ($class, $seed, $id) = @_;
		my $x = (0x9E3779B97F4A7C15 ^ $seed) & MASK;
		$x = step($x) for 1 .. 4;
		for my $byte (unpack 'C*', $id) {
			$x = step($x ^ $byte);
		}
		$x = step($x) for 1 .. 8;
		$x = 0x2545F4914F6CDD1D if $x == 0;
		return bless \$x, $class;
	}
	sub next { my $self = shift; $$self = step($$self); return $$self; }
	sub int { my ($self, $n) = @_; return $n <= 1 ? 0 : $self->next % $n; }   # 0 .. n-1
	sub range { my ($self, $lo, $hi) = @_; return $lo + $self->int($hi - $lo + 1); }
	sub chance { my ($self, $percent) = @_; return $self->int(100) < $percent; }
	sub pick { my ($self, @list) = @_; return $list[$self->int(scalar @list)]; }
}
{ my $x = 1; $x = Rng::step($x) for 1 .. 100; die "this Perl does not do 64-bit xorshift as expected\n" unless Rng::step(1) == 1082269761 && $x == 10942732150954045128; }

#---------------------------------------------------------------------------
# The corpus: PostgreSQL's regression suite, and what mutates it.
#---------------------------------------------------------------------------
opendir my $dh, $opt{regress} or die "$opt{regress}: $!\n";
my @files = sort grep { /\.sql$/ } readdir $dh;
closedir $dh;
die "no .sql files in $opt{regress}\n" unless @files > 100;
my %corpus;
sub corpus {
	my ($name) = @_;
	return $corpus{$name} //= do {
		open my $fh, '<:raw', "$opt{regress}/$name" or die "$name: $!\n";
		local $/;
		<$fh>;
	};
}

# The statements of a psql script, split as psql splits them: at
# semicolons outside quotes, dollar quotes, comments and parentheses.
# psql's meta-commands (a backslash outside quotes, to the end of the
# line) are dropped, and end the statement when they send it (\g, \gset,
# ...); so is the data after COPY ... FROM stdin.
sub split_psql {
	my ($text) = @_;
	my (@out, $cur, $depth);
	$cur = '';
	$depth = 0;
	my $copy_data = 0;
	my $end = sub {
		$cur .= "\n;" unless $cur =~ /;\s*\z/;    # one a meta-command sent
		push @out, $cur if $cur =~ /[^\s;]/;
		$copy_data = 1 if $cur =~ /^\s*COPY\b[^;]*\bFROM\s+STDIN\b/is;
		$cur = '';
		$depth = 0;
	};
	pos($text) = 0;
	while (pos($text) < length $text) {
		if ($copy_data) {    # up to and including the line "\."
			if ($text =~ /\G.*?^\\\.[ \t]*\n?/gcms) { $copy_data = 0; next; }
			last;
		}
		if ($text =~ /\G('(?:[^']|'')*'?)/gc || $text =~ /\G([eE]'(?:[^'\\]|\\.|'')*'?)/gcs
			|| $text =~ /\G("(?:[^"]|"")*"?)/gc || $text =~ /\G(--[^\n]*)/gc) {
			$cur .= $1;
		} elsif ($text =~ /\G(?<![A-Za-z0-9_\$])(\$([A-Za-z_][A-Za-z_0-9]*)?\$)/gc) {
			my $tag = $1;
			$cur .= $tag;
			if ($text =~ /\G(.*?\Q$tag\E)/gcs) { $cur .= $1; }
			else { $cur .= substr($text, pos($text)); pos($text) = length $text; }
		} elsif ($text =~ /\G\/\*/gc) {
			my $nest = 1;
			$cur .= '/*';
			while ($nest > 0 && $text =~ /\G(.*?)(\/\*|\*\/)/gcs) {
				$cur .= $1 . $2;
				$nest += $2 eq '/*' ? 1 : -1;
			}
			if ($nest > 0) { $cur .= substr($text, pos($text)); pos($text) = length $text; }
		} elsif ($text =~ /\G\\(\S*)[^\n]*/gc) {
			my $cmd = $1;
			$end->() if $cmd =~ /^(g|gx|gset|gexec|gdesc|crosstabview|watch|;)/;
		} elsif ($text =~ /\G([(\[])/gc) {
			$depth++;
			$cur .= $1;
		} elsif ($text =~ /\G([)\]])/gc) {
			$depth-- if $depth > 0;
			$cur .= $1;
		} elsif ($text =~ /\G;/gc) {
			if ($depth > 0) { $cur .= ';'; }
			else { $cur .= ';'; $end->(); }
		} elsif ($text =~ /\G([^'"\$\/\\;()\[\]eE-]+|.)/gcs) {
			$cur .= $1;
		}
	}
	$end->();
	s/^\s+// for @out;
	return @out;
}
sub statements_of { return split_psql($_[0]); }

# The regression files as pgsafe.check() can read them to the end: psql's
# meta-commands and COPY data dropped, and the statements PostgreSQL's
# grammar refuses (the suite tests its own syntax errors; pgsafe.check()
# stops at the first) left out.  Which statements those are is asked of
# pgsafe.check_migrations(), one script per statement: the call is an
# input like any other ("migrations/statements/<file>").
my %clean;
sub clean_corpus {
	my ($f) = @_;
	return $clean{$f} if defined $clean{$f};
	(my $name = $f) =~ s/\.sql$//;
	run_input("migrations/statements/$name", sub {
		my @s = statements_of(corpus($f));
		return { scripts => \@s, in_tx => [(1) x @s], note => "the statements of PostgreSQL's $f, one script each",
			prep => $f };
	});
	return $clean{$f};
}
# A regression file to mutate: mostly the clean version.
sub some_file {
	my ($r) = @_;
	my $f = $r->pick(@files);
	return $r->chance(75) ? ($f, clean_corpus($f)) : ($f, corpus($f));
}

my @RULES = qw(unique-constraint primary-key primary-key-using-index foreign-key identity-foreign-key
	create-index exclusion-constraint validate-under-lock concurrently-in-transaction unknown-relation);

# Tokens that change how the text around them is read: quotes, comments,
# dollar quotes, transaction control, statements pgsafe looks at.
my @TOKENS = ("'", '"', '$$', '$a$', '$1', '/*', '*/', '--', ';', "\n", '(', ')', '::', ',', '\\', "E'\\", 'U&"',
	'U&\'\\', 'BEGIN;', 'COMMIT;', 'ROLLBACK;', 'START TRANSACTION;', 'END;', 'SAVEPOINT s;', 'ROLLBACK TO s;',
	'RELEASE s;', 'PREPARE TRANSACTION \'p\';', 'CONCURRENTLY', 'NOT VALID', 'ONLY', 'ALTER TABLE filled ADD UNIQUE (a);',
	'CREATE INDEX ON parts (v);', 'ALTER TABLE child_fk ADD FOREIGN KEY (parent_id) REFERENCES parent;',
	'ALTER TABLE filled VALIDATE CONSTRAINT filled_a_check;', 'LOCK TABLE filled;', 'CREATE TABLE filled (a int);',
	'DROP TABLE filled;', "-- pgsafe:ignore create-index a reason\n", "-- pgsafe:ignore\n", '-- pgsafe:ignore nope x',
	'/* pgsafe:ignore unique-constraint r */', 'DO $$ BEGIN END $$;', 'COPY x FROM stdin;', "\\.\n", "\\gset\n");

# Characters that are valid UTF-8 but odd in SQL text.
my @ODD_CHARS = map { my $c = $_; utf8::encode($c); $c }
	("\x{FEFF}", "\x{00A0}", "\x{2028}", "\x{2029}", "\x{0085}", "\x{200B}", "\x{0301}", "\x{202E}", "\x{1F600}",
	 "\x{FFFD}", "\x{10FFFF}", "\x{4E2D}", "\x{00E9}", "\r", "\f", "\x0B", "\x01", "\x1B", "\x7F", "\t", "\r\n");

# A position moved forward to the start of a UTF-8 character, so that a
# mutation meant to keep the text valid UTF-8 does not split one.
sub boundary {
	my ($text, $at) = @_;
	$at++ while $at < length($text) && (ord(substr($text, $at, 1)) & 0xC0) == 0x80;
	return $at;
}
sub insert_at { my ($text, $at, $what) = @_; substr($text, boundary($text, $at), 0) = $what; return $text; }

# Mutations of a regression file.  Each returns the mutated script and a
# short note of what was done.
my %MUTATE = (
	cut => sub {
		my ($r, $t) = @_;
		my $at = boundary($t, $r->int(length($t) + 1));
		if ($r->chance(50)) {
			return (substr($t, 0, $at), "cut at $at");
		}
		my $len = boundary($t, $at + $r->int(length($t) - $at + 1)) - $at;
		substr($t, $at, $len) = '';
		return ($t, "removed $len bytes at $at");
	},
	flip => sub {    # random ASCII bytes: the script stays (mostly) valid UTF-8
		my ($r, $t) = @_;
		my $n = $r->range(1, 40);
		for (1 .. $n) {
			my $at = $r->int(length $t);
			substr($t, $at, 1) = chr($r->range(1, 127)) if length $t && ord(substr($t, $at, 1)) < 0x80;
		}
		return ($t, "$n bytes flipped");
	},
	bytes => sub {    # any byte but NUL, for the SQL_ASCII database
		my ($r, $t) = @_;
		my $n = $r->range(1, 60);
		for (1 .. $n) {
			substr($t, $r->int(length $t), 1) = chr($r->range(1, 255)) if length $t;
		}
		return ($t, "$n bytes set to any value");
	},
	splice => sub {
		my ($r, $t) = @_;
		my (undef, $other) = some_file($r);
		my $from = boundary($other, $r->int(length $other));
		my $len = boundary($other, $from + $r->int(4000)) - $from;
		my $at = $r->int(length($t) + 1);
		return (insert_at($t, $at, substr($other, $from, $len)), "spliced $len bytes at $at");
	},
	dup => sub {
		my ($r, $t) = @_;
		my @s = statements_of($t);
		my $stmt = @s ? $s[$r->int(scalar @s)] : 'SELECT 1;';
		my $times = $r->range(1000, $N{dup});
		$times = int(2_000_000 / length $stmt) if $times * length($stmt) > 2_000_000;
		$times = 1000 if $times < 1000;
		my $at = $r->int(length($t) + 1);
		return (insert_at($t, $at, ("$stmt\n" x $times)), "a statement of " . length($stmt) . " bytes $times times at $at");
	},
	ignore => sub {
		my ($r, $t) = @_;
		my $lines = $r->range(10_000, $N{ignore});
		my $block = '';
		for (1 .. $lines) {
			my $k = $r->int(10);
			$block .= $k < 6 ? "-- pgsafe:ignore " . $r->pick(@RULES) . " reason $_\n"
				: $k < 8 ? "-- pgsafe:ignore " . $r->pick(@RULES) . "," . $r->pick(@RULES) . "\n"
				: $k < 9 ? "-- pgsafe:ignore no-such-rule r\n" : "--pgsafe:ignore\n";
		}
		my $at = $r->int(length($t) + 1);
		return (insert_at($t, $at, $block), "$lines pgsafe:ignore lines at $at");
	},
	tokens => sub {
		my ($r, $t) = @_;
		my $n = $r->range(1, 30);
		$t = insert_at($t, $r->int(length($t) + 1), $r->pick(@TOKENS)) for 1 .. $n;
		return ($t, "$n tokens inserted");
	},
	odd => sub {
		my ($r, $t) = @_;
		my $k = $r->int(4);
		if ($k == 0) { $t =~ s/\n/\r\n/g; return ($t, "CRLF line ends"); }
		if ($k == 1) { $t =~ s/\n/\r/g; return ("\xEF\xBB\xBF$t", "CR line ends, a BOM"); }
		my $n = $r->range(1, 200);
		$t = insert_at($t, $r->int(length($t) + 1), $r->pick(@ODD_CHARS)) for 1 .. $n;
		return ($t, "$n odd characters inserted");
	},
);
my @CHECK_MUTATIONS = qw(cut flip splice dup ignore tokens odd);

#---------------------------------------------------------------------------
# Generated DDL against the fuzz schema (test/fuzz/schema.sql).
#---------------------------------------------------------------------------
# The tables, as a statement may name them, and their columns.
my @PARTS = qw(id at v k);
my @INH = qw(id v note);
my %TABLE_COLUMNS = (
	'filled' => [qw(id a b ref ts j arr)], 'fz.filled' => [qw(id a b ref)], 'public.filled' => [qw(id a)],
	'parent' => [qw(id code note)], 'child_fk' => [qw(id parent_id code)],
	'parts' => \@PARTS, 'ONLY parts' => \@PARTS, 'parts_2023' => \@PARTS, 'parts_2024' => \@PARTS, 'parts_2024_a' => \@PARTS,
	'inh_parent' => \@INH, 'ONLY inh_parent' => \@INH, 'inh_child1' => \@INH,
	'"Mixed Case"' => ['"Weird Col"', '"a""b"', '"select"'],
	'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' => ['bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'],
	'unlogged_filled' => [qw(id a)], 'mv' => [qw(id a b)], 'v' => [qw(id a)], 'empty' => [qw(id a b)],
	'other_owned' => [qw(id a)], 'other_hidden' => [qw(id a)], 'x' => [qw(a b)], 'nope' => [qw(a)],
	'pg_catalog.pg_class' => [qw(relname relpages oid)],
);
my @TABLES = sort keys %TABLE_COLUMNS;
my @COLUMNS = ('nope', sort { $a cmp $b } keys %{ { map { $_ => 1 } map { @$_ } values %TABLE_COLUMNS } });
# A column: mostly one of the table the statement is about.
our @CURRENT = ('id');
sub column { my ($r) = @_; return $r->chance(85) ? $r->pick(@CURRENT) : $r->pick(@COLUMNS); }

sub gen_expr {
	my ($r, $depth) = @_;
	my $k = $depth > 4 ? $r->int(6) : $r->int(16);
	return $r->pick('1', '0', '-1', 'NULL', "'x'", 'true', '2147483648', '1e308', "''", "'{}'") if $k == 0;
	return column($r) if $k == 1;
	return $r->pick('now()', 'CURRENT_TIMESTAMP', 'random()', 'clock_timestamp()', "nextval('s')", 'gen_random_uuid()',
		'CURRENT_USER', 'localtime', 'pg_backend_pid()') if $k == 2;
	return "'" . ('q' x $r->int(100)) . "'" if $k == 3;
	return '$1' if $k == 4;
	return $r->pick('1', "'t'") . '::' . $r->pick('int', 'text', 'bigint', 'date', 'nope', 'int[]', 'varchar(3)') if $k == 5;
	my $a = gen_expr($r, $depth + 1);
	return "$a " . $r->pick('+', '-', '*', '/', '||', '=', '<', 'AND', 'OR', 'IS DISTINCT FROM', '@>') . ' ' . gen_expr($r, $depth + 1) if $k < 9;
	return $r->pick('abs', 'lower', 'coalesce', 'greatest', 'length', 'md5', 'nope', 'pg_catalog.int4', 'now') . "($a)" if $k < 11;
	return "($a)::" . $r->pick('int', 'text', 'numeric', 'bool') if $k == 11;
	return "CASE WHEN $a THEN " . gen_expr($r, $depth + 1) . " ELSE " . gen_expr($r, $depth + 1) . " END" if $k == 12;
	return "ARRAY[$a, " . gen_expr($r, $depth + 1) . "]" if $k == 13;
	return "(SELECT $a)" if $k == 14;
	return "$a COLLATE \"C\"";
}

sub gen_subcommand {
	my ($r) = @_;
	my $c = column($r);
	my $k = $r->int(20);
	my $name = $r->chance(30) ? 'CONSTRAINT ' . $r->pick('c1', 'filled_pkey', 'x_a_key', '"Odd ""name"""', 'a' x 70) . ' ' : '';
	return "ADD ${name}UNIQUE " . $r->pick('', 'NULLS NOT DISTINCT ') . "($c" . ($r->chance(30) ? ', ' . column($r) : '') . ")"
		. $r->pick('', ' INCLUDE (b)', ' DEFERRABLE', ' WITH (fillfactor = 70)', ' NOT VALID', ' USING INDEX TABLESPACE pg_default') if $k < 3;
	return "ADD ${name}PRIMARY KEY ($c)" if $k < 5;
	return "ADD ${name}PRIMARY KEY USING INDEX filled_id_idx" if $k == 5;
	return "ADD ${name}UNIQUE USING INDEX " . $r->pick('filled_id_idx', 'nope_idx') if $k == 6;
	return "ADD ${name}FOREIGN KEY ($c) REFERENCES " . $r->pick('parent', 'parent (id)', 'parent (code)', 'other_owned', 'other_hidden', 'parts', 'nope')
		. $r->pick('', ' NOT VALID', ' ON DELETE CASCADE', ' MATCH FULL', ' DEFERRABLE INITIALLY DEFERRED') if $k < 10;
	if ($k < 15) {
		my $col = 'c' . $r->int(1000);
		my $type = $r->pick('int', 'text', 'bigint', 'serial', 'bigserial', 'int GENERATED ALWAYS AS IDENTITY',
			'int GENERATED ALWAYS AS (id * 2) STORED', 'timestamptz', 'uuid');
		return "ADD COLUMN $col $type" . $r->pick('', ' DEFAULT ' . gen_expr($r, 0), ' DEFAULT NULL')
			. $r->pick('', ' UNIQUE', ' PRIMARY KEY', ' REFERENCES parent', ' REFERENCES parent (id) ON DELETE SET NULL', ' NOT NULL',
			' CHECK (' . gen_expr($r, 2) . ')');
	}
	return "ADD ${name}EXCLUDE USING btree ($c WITH =)" if $k == 15;
	return 'VALIDATE CONSTRAINT ' . $r->pick('filled_a_check', 'child_fk_code_fkey', 'nope') if $k == 16;
	return "ALTER COLUMN $c " . $r->pick('SET NOT NULL', 'TYPE bigint', 'TYPE text', 'SET DEFAULT ' . gen_expr($r, 0), 'DROP DEFAULT') if $k == 17;
	return "ADD CHECK (" . gen_expr($r, 1) . ")" . $r->pick('', ' NOT VALID') if $k == 18;
	return $r->pick('DETACH PARTITION parts_2023', 'DETACH PARTITION parts_2023 CONCURRENTLY',
		"ATTACH PARTITION empty FOR VALUES FROM ('2030-01-01') TO ('2031-01-01')", 'DROP COLUMN ' . $c, 'SET UNLOGGED',
		'ENABLE ROW LEVEL SECURITY', 'OWNER TO fuzz_other', 'SET SCHEMA public');
}

sub gen_statement {
	my ($r) = @_;
	my $k = $r->int(12);
	my $t = $r->pick(@TABLES);
	local @CURRENT = @{ $TABLE_COLUMNS{$t} };
	if ($k < 6) {
		my @subs = map { gen_subcommand($r) } 1 .. $r->pick(1, 1, 1, 2, 3, 5);
		# (ATTACH and DETACH PARTITION stand alone in the grammar)
		my @partition = grep { /^(ATTACH|DETACH)/ } @subs;
		@subs = ($partition[0]) if @partition;
		return "ALTER TABLE " . ($r->chance(10) ? 'IF EXISTS ' : '') . "$t " . join(', ', @subs);
	}
	if ($k < 9) {
		my $cols = $r->chance(50) ? join(', ', map { column($r) } 1 .. $r->range(1, 3)) : '(' . gen_expr($r, 1) . ')';
		return 'CREATE ' . $r->pick('', 'UNIQUE ') . 'INDEX ' . $r->pick('', 'CONCURRENTLY ', 'IF NOT EXISTS i1 ', 'i2 ')
			. "ON $t " . $r->pick('', 'USING btree ', 'USING hash ', 'USING gin ') . "($cols)"
			. $r->pick('', ' INCLUDE (b)', ' WHERE ' . gen_expr($r, 2), ' NULLS NOT DISTINCT');
	}
	return "LOCK TABLE $t IN " . $r->pick('SHARE', 'ACCESS EXCLUSIVE', 'ROW EXCLUSIVE') . " MODE; ALTER TABLE $t VALIDATE CONSTRAINT "
		. $r->pick('filled_a_check', 'child_fk_code_fkey') if $k == 9;
	return "DO \$\$ BEGIN EXECUTE 'ALTER TABLE $t " . do { (my $s = gen_subcommand($r)) =~ s/'/''/g; $s } . "'; END \$\$" if $k == 10;
	return "CREATE TABLE new_t (id int, a int); INSERT INTO new_t VALUES (1, 1); ALTER TABLE new_t " . gen_subcommand($r)
		. "; CREATE INDEX ON new_t (a)";
}

# A generated statement, sometimes damaged the way the corpus is.
sub gen_ddl {
	my ($r) = @_;
	my $sql = join('; ', map { gen_statement($r) } 1 .. $r->pick(1, 1, 1, 2, 4));
	my $note = 'generated';
	if ($r->chance(30)) {
		my $op = $r->pick(qw(cut flip tokens odd));
		(my $m, $note) = $MUTATE{$op}->($r, $sql);
		$sql = $m;
		$note = "generated, $op: $note";
	}
	return ($sql, $note);
}

# A left-deep expression: the grammar builds it without recursing (each
# operator applies to everything before it), so only the code that walks
# the tree can run out of stack.  Random operators, in a random place of a
# statement pgsafe inspects.
sub gen_deep {
	my ($r, $table, $col) = @_;
	# (a recursion with small frames needs a depth of 200 000 and more to
	# pass the 8 MB of a backend's stack: half of them are that deep)
	my $depth = $r->chance(50) ? $r->range($N{deep} * 2 / 3, $N{deep}) : $r->range(1_000, $N{deep} * 2 / 3);
	my @suffixes = (' + 1', ' * 2', ' - a', ' / 3', ' % 5', ' || \'x\'', '::int', '::text', ' COLLATE "C"',
		" AT TIME ZONE 'UTC'", '::bigint');
	my @use = map { $r->pick(@suffixes) } 1 .. $r->range(1, 4);    # a few of them, mixed
	my $e = $r->pick($col, '1', "'t'", 'now()', "lower($col)");
	$e .= $use[$r->int(scalar @use)] for 1 .. $depth;
	my @contexts = (
		"ALTER TABLE $table ADD COLUMN c int DEFAULT %s UNIQUE",
		"ALTER TABLE $table ADD COLUMN c int DEFAULT %s REFERENCES parent",
		"ALTER TABLE $table ADD COLUMN c int DEFAULT %s PRIMARY KEY",
		"ALTER TABLE $table ADD COLUMN c int GENERATED ALWAYS AS (%s) STORED UNIQUE",
		"ALTER TABLE $table ALTER COLUMN $col SET DEFAULT %s, ADD UNIQUE ($col)",
		"ALTER TABLE $table ALTER COLUMN $col TYPE text USING %s, ADD UNIQUE ($col)",
		"ALTER TABLE $table ADD CHECK ((%s) IS NOT NULL), ADD UNIQUE ($col)",
		"ALTER TABLE $table ADD EXCLUDE USING btree ((%s) WITH =)",
		"CREATE INDEX ON $table ((%s))",
		"CREATE UNIQUE INDEX ON $table ($col, (%s)) INCLUDE ($col)",
		"CREATE INDEX ON $table ($col) WHERE (%s) IS NOT NULL",
	);
	my $context = $r->pick(@contexts);
	return (sprintf($context, $e), "depth $depth of " . join(' ', @use) . " in: $context");
}

#---------------------------------------------------------------------------
# Hostile inputs: sizes and shapes chosen to break recursion, quadratic
# work, cancel handling and memory.  Shared by the check and hook targets;
# the hook's run against tables the fuzzing role owns.
#---------------------------------------------------------------------------
sub terms { my ($n, $term, $op) = @_; return join($op, ($term) x $n); }
sub nested { my ($n, $open, $core, $close) = @_; return ($open x $n) . $core . ($close x $n); }

sub hostile_shapes {
	my ($table, $col) = @_;    # the target table and a text column of it
	my $n = \%N;
	return (
		"default-sum-$n->{sum}" => sub { "ALTER TABLE $table ADD COLUMN c int DEFAULT " . terms($n->{sum}, '1', '+') . ' UNIQUE' },
		"default-concat-$n->{nest}" => sub { "ALTER TABLE $table ADD COLUMN c text DEFAULT " . terms($n->{nest}, "'a'", ' || ') . ' UNIQUE' },
		"default-casts-$n->{cast}" => sub { "ALTER TABLE $table ADD COLUMN c int DEFAULT 1" . ('::int' x $n->{cast}) . ' UNIQUE' },
		"default-parens-$n->{nest}" => sub { "ALTER TABLE $table ADD COLUMN c int DEFAULT " . nested($n->{nest}, '(', '1', ')') . ' UNIQUE' },
		"default-funcs-$n->{func}" => sub { "ALTER TABLE $table ADD COLUMN c int DEFAULT " . nested($n->{func}, 'abs(', '1', ')') . ' UNIQUE' },
		"default-funcs-$n->{nest}" => sub { "ALTER TABLE $table ADD COLUMN c int DEFAULT " . nested($n->{nest}, 'abs(', '1', ')') . ' UNIQUE' },
		"default-minus-$n->{nest}" => sub { "ALTER TABLE $table ADD COLUMN c int DEFAULT " . ('- ' x $n->{nest}) . '1 UNIQUE' },
		"default-isnull-$n->{cast}" => sub { "ALTER TABLE $table ADD COLUMN c bool DEFAULT (((true" . (') IS NOT NULL)' x $n->{cast}) . ' UNIQUE' },
		"default-fk-sum-$n->{sum}" => sub { "ALTER TABLE $table ADD COLUMN c int DEFAULT " . terms($n->{sum}, '1', '+') . ' REFERENCES parent' },
		"index-casts-$n->{cast}" => sub { "CREATE INDEX ON $table (($col" . ('::text' x $n->{cast}) . '))' },
		"index-collate-$n->{cast}" => sub { "CREATE INDEX ON $table (($col" . (' COLLATE "C"' x $n->{cast}) . '))' },
		"index-sum-$n->{wide}" => sub { "CREATE INDEX ON $table ((" . terms($n->{wide}, 'length(' . $col . ')', '+') . '))' },
		"index-funcs-$n->{func}" => sub { "CREATE INDEX ON $table (" . nested($n->{func}, 'lower(', $col, ')') . ')' },
		"index-case-$n->{func}" => sub { "CREATE INDEX ON $table ((" . nested($n->{func}, 'CASE WHEN true THEN 1 ELSE ', '0', ' END') . '))' },
		"index-columns-$n->{subcommands}" => sub { "CREATE INDEX ON $table (" . terms($n->{subcommands}, $col, ', ') . ')' },
		"index-where-$n->{wide}" => sub { "CREATE INDEX ON $table ($col) WHERE " . terms($n->{wide}, "$col = 'a'", ' OR ') },
		"alter-unique-$n->{subcommands}" => sub { "ALTER TABLE $table " . terms($n->{subcommands}, "ADD UNIQUE ($col)", ', ') },
		"alter-named-unique-$n->{subcommands}" => sub { "ALTER TABLE $table "
			. join(', ', map { "ADD CONSTRAINT u$_ UNIQUE ($col)" } 1 .. $n->{subcommands}) },
		"alter-columns-$n->{subcommands}" => sub { "ALTER TABLE $table "
			. join(', ', map { "ADD COLUMN c$_ int DEFAULT $_ UNIQUE" } 1 .. $n->{subcommands}) },
		"alter-fk-$n->{subcommands}" => sub { "ALTER TABLE $table " . terms($n->{subcommands}, 'ADD FOREIGN KEY (id) REFERENCES parent', ', ') },
		"alter-pk-$n->{subcommands}" => sub { "ALTER TABLE $table " . terms($n->{subcommands}, 'ADD PRIMARY KEY (id)', ', ') },
		"alter-validate-$n->{subcommands}" => sub { "ALTER TABLE $table " . terms($n->{subcommands}, 'VALIDATE CONSTRAINT filled_a_check', ', ') },
		"ident-long-$n->{ident}" => sub { "ALTER TABLE \"" . ('t' x $n->{ident}) . "\" ADD UNIQUE (\"" . ('c' x $n->{ident}) . '")' },
		"ident-quotes-$n->{ident}" => sub { "ALTER TABLE $table ADD CONSTRAINT \"" . ('""' x ($n->{ident} / 2)) . "\" UNIQUE ($col)" },
		"ident-multibyte" => sub { "ALTER TABLE $table ADD CONSTRAINT " . ("\xC3\xA9" x 40) . " UNIQUE ($col), ADD CONSTRAINT \""
			. ('a' x 62) . "\xE4\xB8\xAD\" UNIQUE ($col)" },
		"ident-unicode-escape" => sub { "ALTER TABLE $table ADD CONSTRAINT U&\"" . ('\\00e9' x 1000) . "\" UNIQUE ($col)" },
		"ident-dotted-$n->{func}" => sub { "ALTER TABLE " . terms($n->{func}, 'a', '.') . " ADD UNIQUE ($col)" },
		"string-long" => sub { "ALTER TABLE $table ADD COLUMN c text DEFAULT '" . ('s' x 5_000_000) . "' UNIQUE" },
	);
}

# Whole scripts for pgsafe.check() only.
sub hostile_scripts {
	my $n = \%N;
	my $l = $n->{long_line};
	my @hostile = (
		"long-line-$l" => sub { 'alter table x add unique(a);' x $l },
		"long-line-unknown-$l" => sub { 'alter table nope add unique(a);' x $l },
		"many-lines-$l" => sub { "alter table x add unique(a);\n" x $l },
		"create-index-$n->{stmts}" => sub { "CREATE INDEX ON filled (a);\n" x $n->{stmts} },
		"transactions-$n->{stmts}" => sub { "BEGIN; ALTER TABLE filled ADD UNIQUE (a); COMMIT;\n" x $n->{stmts} },
		"lock-validate-$n->{stmts}" => sub { "LOCK TABLE filled; ALTER TABLE filled VALIDATE CONSTRAINT filled_a_check;\n" x $n->{stmts} },
		"savepoints-$n->{stmts}" => sub { join('', map { "SAVEPOINT s$_; CREATE INDEX ON parts (v);\n" } 1 .. $n->{stmts}) },
		"new-tables-$n->{many}" => sub { join('', map { "CREATE TABLE n$_ (a int); ALTER TABLE n$_ ADD UNIQUE (a);\n" } 1 .. $n->{many}) },
		"concurrently-$n->{stmts}" => sub { "CREATE INDEX CONCURRENTLY ON filled (a);\n" x $n->{stmts} },
		"partitioned-$n->{stmts}" => sub { "ALTER TABLE parts ADD UNIQUE (id, at);\n" x ($n->{stmts} / 4) },
		"ignore-lines-$n->{many}" => sub { "-- pgsafe:ignore create-index a reason\n" x $n->{many} . "CREATE INDEX ON filled (a);\n" },
		"ignore-invalid-$n->{many}" => sub { "-- pgsafe:ignore\n" x $n->{many} . "CREATE INDEX ON filled (a);\n" },
		"ignore-unused-$n->{many}" => sub { "-- pgsafe:ignore unique-constraint not this one\nSELECT 1;\n" x $n->{many} },
		"ignore-each-$n->{stmts}" => sub { "CREATE INDEX ON filled (a); -- pgsafe:ignore create-index known\n" x $n->{stmts} },
		"ignore-rules-$n->{many}" => sub { '-- pgsafe:ignore ' . terms($n->{many}, 'create-index', ',') . " r\nCREATE INDEX ON filled (a);\n" },
		"ignore-long-reason" => sub { '-- pgsafe:ignore create-index ' . ('r' x 1_000_000) . "\nCREATE INDEX ON filled (a);\n" },
		'empty' => sub { '' },
		'blank' => sub { " \n\t\r\f\n" x 1000 },
		"semicolons-$n->{stmts}" => sub { ';' x ($n->{stmts} * 10) },
		'comment-unterminated' => sub { 'CREATE INDEX ON filled (a); /*' . ('c' x 1_000_000) },
		"comments-nested-$n->{comments}" => sub { nested($n->{comments}, '/*', ' x ', '*/') . ' CREATE INDEX ON filled (a);' },
		'quote-unterminated' => sub { "CREATE INDEX ON filled (a); SELECT '" . ('q' x 1_000_000) },
		'dollar-unterminated' => sub { 'CREATE INDEX ON filled (a); DO $body$ ' . ('d' x 1_000_000) },
		'identifier-unterminated' => sub { 'CREATE INDEX ON filled (a); ALTER TABLE "' . ('i' x 1_000_000) },
		"cr-only-$n->{long_line}" => sub { "CREATE INDEX ON filled (a);\r" x $n->{long_line} },
		"multibyte-lines-$n->{stmts}" => sub { "SELECT '\xE4\xB8\xAD\xF0\x9F\x98\x80'; CREATE INDEX ON filled (a);\n" x $n->{stmts} },
		'bom' => sub { "\xEF\xBB\xBFCREATE INDEX ON filled (a);" },
	);
	return (@hostile, hostile_shapes('pg_catalog.pg_class', 'relname'));
}

sub hostile_ascii {
	return (
		'all-bytes' => sub { join('', map { chr } 1 .. 255) x 100 . "\nCREATE INDEX ON filled (a);" },
		'invalid-utf8-lines' => sub { "SELECT '\xC3'; CREATE INDEX ON filled (a);\n\xFF\xFE\n" x 1000 },
		'truncated-multibyte-ident' => sub { "ALTER TABLE filled ADD CONSTRAINT \"" . ('a' x 62) . "\xE4\xB8\" UNIQUE (a)" },
		'high-bytes-ident' => sub { "ALTER TABLE filled ADD CONSTRAINT " . ("\xFF" x 200) . " UNIQUE (a)" },
	);
}

#---------------------------------------------------------------------------
# The list of inputs.  Each is [id, generator]; a generator returns
# { script => ..., note => ... } (or scripts/in_tx for migrations).
#---------------------------------------------------------------------------
my @inputs;
sub add { my ($id, $gen) = @_; push @inputs, [$id, $gen]; }

for my $f (@files) {
	(my $name = $f) =~ s/\.sql$//;
	add("check/regress/$name", sub { { script => corpus($f), in_tx => 1, note => "PostgreSQL's $f" } });
	add("check/regress-clean/$name", sub {
		my $r = Rng->new($SEED, "check/regress-clean/$name");
		{ script => clean_corpus($f), in_tx => $r->chance(50) ? 1 : 0, note => "PostgreSQL's $f, its statements the grammar accepts" } });
}
for (my $i = 0; $i < @files; $i += 25) {
	my @group = @files[$i .. ($i + 24 < $#files ? $i + 24 : $#files)];
	my $id = "migrations/regress/" . ($i / 25);
	add($id, sub {
		my $r = Rng->new($SEED, $id);
		return { scripts => [map { corpus($_) } @group], in_tx => [map { $r->chance(70) ? 1 : 0 } @group],
			note => "PostgreSQL's $group[0] to $group[-1]" };
	});
}
for my $op (@CHECK_MUTATIONS) {
	for my $i (0 .. $COUNT{$op} - 1) {
		my $id = "check/$op/$i";
		add($id, sub {
			my $r = Rng->new($SEED, $id);
			my ($f, $text) = some_file($r);
			my ($script, $note) = $MUTATE{$op}->($r, $text);
			return { script => $script, in_tx => $r->chance(70) ? 1 : 0, note => "$f: $note" };
		});
	}
}
for my $i (0 .. $COUNT{'check-ascii'} - 1) {
	my $id = "check-ascii/bytes/$i";
	add($id, sub {
		my $r = Rng->new($SEED, $id);
		my ($f, $text) = some_file($r);
		my ($script, $note) = $MUTATE{bytes}->($r, $text);
		return { script => $script, in_tx => 1, note => "$f: $note" };
	});
}
for my $i (0 .. $COUNT{'check-generated'} - 1) {
	my $id = "check/generated/$i";
	add($id, sub {
		my $r = Rng->new($SEED, $id);
		my ($script, $note) = gen_ddl($r);
		return { script => $script, in_tx => $r->chance(70) ? 1 : 0, note => $note };
	});
}
for my $i (0 .. $COUNT{deep} - 1) {
	my $id = "check/deep/$i";
	add($id, sub {
		my $r = Rng->new($SEED, $id);
		my ($table, $col) = @{ $r->pick(['pg_catalog.pg_class', 'relname'], ['filled', 'b'], ['parts', 'k']) };
		my ($script, $note) = gen_deep($r, $table, $col);
		return { script => $script, in_tx => 1, note => $note };
	});
}
{
	my @h = hostile_scripts();
	while (my ($name, $script) = splice @h, 0, 2) {
		add("check/hostile/$name", sub { { script => $script->(), in_tx => 1, note => 'hostile' } });
	}
	@h = hostile_ascii();
	while (my ($name, $script) = splice @h, 0, 2) {
		add("check-ascii/hostile/$name", sub { { script => $script->(), in_tx => 1, note => 'hostile' } });
	}
}
for my $i (0 .. $COUNT{'migrations-mutated'} - 1) {
	my $id = "migrations/mutated/$i";
	add($id, sub {
		my $r = Rng->new($SEED, $id);
		my (@scripts, @notes);
		for (1 .. $r->range(2, 12)) {
			my $op = $r->pick(qw(cut flip splice tokens odd));
			my ($f, $text) = some_file($r);
			my ($script, $note) = $r->chance(20) ? gen_ddl($r) : $MUTATE{$op}->($r, $text);
			push @scripts, $script;
			push @notes, $note;
		}
		return { scripts => \@scripts, in_tx => [map { $r->chance(70) ? 1 : 0 } @scripts], note => join('; ', @notes) };
	});
}
add("migrations/hostile/scripts-$N{scripts}", sub {
	{ scripts => [map { "ALTER TABLE filled ADD UNIQUE (a); -- $_\n" } 1 .. $N{scripts}],
	  in_tx => [map { $_ % 2 } 1 .. $N{scripts}], note => 'many scripts' } });
add("migrations/hostile/one-big-many-small", sub {
	{ scripts => ["CREATE INDEX ON filled (a);\n" x $N{stmts}, ('' ) x 500, "BEGIN;\n", "COMMIT;\n", "ROLLBACK;\n"],
	  in_tx => [1, (0) x 500, 0, 0, 0], note => 'one big script, empty ones, transaction control across scripts' } });
add("migrations/hostile/empty-arrays", sub { { scripts => [], in_tx => [], note => 'no scripts' } });
add("migrations/hostile/mismatched", sub { { scripts => ['SELECT 1', 'SELECT 2'], in_tx => [1], note => 'lengths differ' } });
add("migrations/hostile/null-script", sub { { scripts => ['SELECT 1', undef], in_tx => [1, 1], note => 'a null script' } });
add("migrations/hostile/null-mode", sub { { scripts => ['SELECT 1'], in_tx => [undef], note => 'a null in_transaction' } });

for my $mode (qw(warn error)) {
	for my $i (0 .. $COUNT{'hook-generated'} - 1) {
		my $id = "hook-$mode/generated/$i";
		add($id, sub {
			my $r = Rng->new($SEED, $id);
			my ($script, $note) = gen_ddl($r);
			return { script => $script, note => $note };
		});
	}
	for my $i (0 .. $COUNT{deep} - 1) {
		my $id = "hook-$mode/deep/$i";
		add($id, sub {
			my $r = Rng->new($SEED, $id);
			my ($table, $col) = @{ $r->pick(['filled', 'b'], ['parts', 'k'], ['inh_parent', 'note']) };
			my ($script, $note) = gen_deep($r, $table, $col);
			return { script => $script, note => $note };
		});
	}
	my @h = hostile_shapes('filled', 'b');
	while (my ($name, $script) = splice @h, 0, 2) {
		add("hook-$mode/hostile/$name", sub { { script => $script->(), note => 'hostile, on a table the role owns' } });
	}
	add("hook-$mode/hostile/partitioned-unique-$N{subcommands}", sub {
		{ script => 'ALTER TABLE parts ' . terms($N{subcommands}, 'ADD UNIQUE (id, at)', ', '), note => 'hostile' } });
	add("hook-$mode/hostile/inheritance-fk-$N{subcommands}", sub {
		{ script => 'ALTER TABLE inh_parent ' . terms($N{subcommands}, 'ADD FOREIGN KEY (id) REFERENCES parent', ', '), note => 'hostile' } });
	add("hook-$mode/hostile/do-block", sub {
		{ script => "DO \$\$ BEGIN FOR i IN 1 .. 2000 LOOP BEGIN EXECUTE 'ALTER TABLE filled ADD UNIQUE (a)'; "
			. "EXCEPTION WHEN OTHERS THEN NULL; END; END LOOP; END \$\$", note => 'hostile: 2000 flagged statements in a DO block' } });
}

{
	my %order = (check => 0, 'check-ascii' => 1, migrations => 2, 'hook-warn' => 3, 'hook-error' => 4);
	my $i = 0;
	my %pos = map { $_->[0] => $i++ } @inputs;
	@inputs = sort { $order{ (split m{/}, $a->[0])[0] } <=> $order{ (split m{/}, $b->[0])[0] } || $pos{ $a->[0] } <=> $pos{ $b->[0] } } @inputs;
}
if (@ONLY) {
	@inputs = grep { my $id = $_->[0]; grep { $id =~ $_ } @ONLY } @inputs;
	die "FUZZ_ONLY matches no input\n" unless @inputs;
}

#---------------------------------------------------------------------------
# Connections.
#---------------------------------------------------------------------------
my %killed_pids;    # backends this driver killed after they ignored cancel
my @failures;
my %outcomes;       # "$target/$kind" => { outcome => count }
my %fed;            # "$target/$kind" => count
my @calls;          # { id, secs, mem_kb, outcome }
my $warnings_seen = 0;
my $notices_seen = 0;

$SIG{__WARN__} = sub {
	my ($msg) = @_;
	if ($msg =~ /^WARNING:/) { $warnings_seen++; return; }
	if ($msg =~ /^(NOTICE|INFO|DEBUG|LOG):/) { $notices_seen++; return; }
	print STDERR $msg;
};

sub connect_db {
	my ($db, $user) = @_;
	my $deadline = time + 90;    # after a crash the server takes a while to come back
	while (1) {
		my $dbh = DBI->connect("dbi:Pg:dbname=$db;host=$opt{host};port=$opt{port}", $user, '',
			{ RaiseError => 0, PrintError => 0, PrintWarn => 1, AutoCommit => 1, pg_enable_utf8 => 0 });
		return $dbh if $dbh;
		die "cannot connect to $db as $user: $DBI::errstr\n" if time > $deadline;
		sleep 0.5;
	}
}

my $admin;
sub admin {
	$admin = connect_db($opt{db}, 'postgres') unless $admin && $admin->ping;
	return $admin;
}
sub admin_do {
	my ($sql) = @_;
	admin()->do($sql) or die "superuser: $sql: " . $admin->errstr . "\n";
}

my %conn;    # db => dbh of the fuzzing role
my $current_mode = '';
sub fuzz_conn {
	my ($db) = @_;
	my $dbh = $conn{$db};
	return $dbh if $dbh && $dbh->ping;
	# (a connection made just after a crash, before the server noticed it,
	# is ended by the server's reinitialisation: try again)
	my ($mode, $timeout, $super);
	for my $try (1 .. 60) {
		$dbh = $conn{$db} = connect_db($db, 'fuzzer');
		($mode, $timeout, $super) = $dbh->selectrow_array("SELECT current_setting('pgsafe.mode'),
			current_setting('statement_timeout'), usesuper FROM pg_user WHERE usename = current_user");
		last if defined $timeout;
		die "the fuzzing role's session does not start: " . ($dbh->errstr // '') . "\n" if $try == 60;
		sleep 1;
	}
	die "the fuzzing role is a superuser\n" if $super;
	die "the fuzzing role's statement_timeout is $timeout, not ${TIMEOUT}s\n" unless $timeout eq "${TIMEOUT}s";
	die "the fuzzing role runs in mode $mode, not $current_mode\n" if $current_mode && $mode ne $current_mode;
	return $dbh;
}
sub set_mode {
	my ($mode) = @_;
	return if $mode eq $current_mode;
	admin_do("ALTER ROLE fuzzer SET pgsafe.mode = '$mode'");
	$current_mode = $mode;
	for my $db (keys %conn) { $conn{$db}->disconnect if $conn{$db}; delete $conn{$db}; }
}

# Whether the statement fails with the same error when pgsafe.mode is off
# (which a superuser sets for the role, for one new session).
sub same_error_with_pgsafe_off {
	my ($sql, $error) = @_;
	my $mode = $current_mode;
	set_mode('off');
	my $dbh = fuzz_conn($opt{db});
	$dbh->do('BEGIN');
	my $r = timed_call($dbh, $sql);
	$dbh->do('ROLLBACK') unless $r->{dead};
	set_mode($mode);
	return defined $r->{error} && $r->{error} eq $error;
}

# Through the hook, PostgreSQL runs the statement too, and may itself need
# more memory than the bound (ALTER TABLE adding 10 000 columns takes
# gigabytes with pgsafe.mode = off): the peak of the same statement with
# pgsafe off, in a new backend, to tell whose the memory is.
sub peak_with_pgsafe_off {
	my ($sql) = @_;
	my $mode = $current_mode;
	set_mode('off');
	my $dbh = fuzz_conn($opt{db});
	$dbh->do('BEGIN');
	my $r = timed_call($dbh, $sql);
	$dbh->do('ROLLBACK') unless $r->{dead};
	$dbh->disconnect;
	set_mode($mode);
	return $r->{mem_kb};
}

# The signal that ended a backend, from the server log's "server process
# (PID n) was terminated by signal s" (written as the postmaster reaps it).
sub crash_signal {
	my ($pid) = @_;
	for (1 .. 20) {
		if (open my $log, '<:raw', $opt{log}) {
			while (my $line = <$log>) {
				return "signal $1 ($2)" if $line =~ /server process \(PID $pid\) was terminated by signal (\d+): ([^\n]*)/;
				return "exit code $1" if $line =~ /server process \(PID $pid\) exited with exit code (\d+)/;
			}
		}
		sleep 0.1;
	}
	return undef;
}

sub proc_kb {
	my ($pid, $field) = @_;
	open my $fh, '<', "/proc/$pid/status" or return undef;
	while (my $line = <$fh>) { return $1 if $line =~ /^$field:\s+(\d+) kB/; }
	return undef;
}
sub reset_peak {
	my ($pid) = @_;
	open my $fh, '>', "/proc/$pid/clear_refs" or return 0;
	print $fh "5";
	close $fh or return 0;
	return 1;
}

#---------------------------------------------------------------------------
# One call: run $sql (with @bind) on $dbh asynchronously, watch the clock
# and the backend, and return what happened.
#---------------------------------------------------------------------------
sub timed_call {
	my ($dbh, $sql, @bind) = @_;
	my $pid = $dbh->{pg_pid};
	my $peak_reset = reset_peak($pid);
	my %r = (pid => $pid);
	my $t0 = time;
	my $sth;
	if (@bind) {
		$sth = $dbh->prepare($sql, { pg_async => PG_ASYNC, pg_server_prepare => 1 });
		$sth->execute(@bind);
	} else {
		$dbh->do($sql, { pg_async => PG_ASYNC });
	}
	my $fd = $dbh->{pg_socket};
	my ($terminated, $killed);
	while (1) {
		my $ready = $dbh->pg_ready;
		last if !defined $ready || $ready != 0;
		my $rin = '';
		vec($rin, $fd, 1) = 1;
		select(my $rout = $rin, undef, undef, 0.1);
		my $elapsed = time - $t0;
		if ($elapsed > $TIMEOUT + $SLACK && !$r{overran}) {
			$r{overran} = 1;
		}
		if ($elapsed > $HARD_CAP && !$terminated) {
			$r{mem_kb} = proc_kb($pid, 'VmHWM');
			admin()->do("SELECT pg_terminate_backend($pid)");
			$terminated = time;
			$r{terminated} = 1;
		}
		if ($terminated && time - $terminated > 3 && !$killed) {
			kill 'KILL', $pid;
			$killed_pids{$pid} = 1;
			$killed = 1;
			$r{killed} = 1;
		}
	}
	my $mem = proc_kb($pid, 'VmHWM');
	my $rv = $dbh->pg_result;
	$r{secs} = time - $t0;
	$r{mem_kb} = $mem if defined $mem && (!defined $r{mem_kb} || $mem > $r{mem_kb});
	$r{peak_reset} = $peak_reset;
	if (!defined $rv) {
		$r{state} = $dbh->state // '';
		($r{error} = $dbh->errstr // '') =~ s/\n.*//s;
		$r{dead} = 1 unless $dbh->ping;
		$r{dead} = 1 if !kill(0, $pid) && $r{error} =~ /server closed the connection|terminat|no connection|connection/i;
	}
	if ($r{dead}) {
		# Once the postmaster has reaped the backend it refuses connections
		# until it has reinitialised; a connection made before that would
		# be ended by the reinitialisation, and the next input blamed.
		my $until = time + 15;
		sleep 0.05 while kill(0, $pid) && time < $until;
		$r{signal} = crash_signal($pid);
		delete $conn{$_} for grep { $conn{$_} && $conn{$_} == $dbh } keys %conn;
	} elsif ($sth) {
		$r{row} = $sth->fetchrow_arrayref;
		$r{row} = [@{ $r{row} }] if $r{row};
		$sth->finish;
	}
	return \%r;
}

#---------------------------------------------------------------------------
# Running the inputs.
#---------------------------------------------------------------------------
my $peak_resets = 1;    # whether clear_refs resets VmHWM here
my $faildir = "$opt{work}/failures";
mkdir $faildir;
my %fail_saved;
sub save_input {
	my ($id, $in, $target) = @_;
	(my $file = $id) =~ s{[^A-Za-z0-9_.-]+}{_}g;
	return "$faildir/$file.sql" if $fail_saved{$id}++;
	my @scripts = exists $in->{scripts} ? @{ $in->{scripts} } : ($in->{script});
	for my $i (0 .. $#scripts) {
		my $path = @scripts > 1 ? "$faildir/$file.$i.sql" : "$faildir/$file.sql";
		open my $fh, '>:raw', $path or die "$path: $!";
		print $fh $scripts[$i] // '';
		close $fh;
	}
	return @scripts > 1 ? "$faildir/$file.*.sql" : "$faildir/$file.sql";
}

sub fail {
	my ($check, $id, $in, $detail) = @_;
	my $path = save_input($id, $in);
	push @failures, sprintf("%-9s %s (seed %s; %s)\n            %s\n            input: %s", $check, $id, $SEED, $in->{note}, $detail, $path);
	printf "FAIL %s: %s: %s\n", $check, $id, $detail;
}

my %EXPECTED_STATES = (
	'42601' => 'syntax error', '54001' => 'stack depth limit exceeded', '57014' => 'canceled (statement_timeout)',
	'22021' => 'invalid byte sequence', '54000' => 'program limit exceeded', 'PS001' => 'rejected by pgsafe',
	'53200' => 'out of memory', '2202E' => 'array lengths differ', '22004' => 'null value not allowed',
	'42501' => 'permission denied', '42P01' => 'undefined table', '42703' => 'undefined column',
	'42710' => 'duplicate object', '42P07' => 'duplicate table', '42P16' => 'invalid table definition',
	'23505' => 'unique violation', '23503' => 'foreign key violation', '23502' => 'not null violation',
	'42809' => 'wrong object type', '0A000' => 'feature not supported', '25001' => 'active transaction',
	'42804' => 'datatype mismatch', '42883' => 'undefined function', '42P02' => 'undefined parameter',
	'42P17' => 'invalid object definition', '42611' => 'invalid column definition', '42830' => 'invalid foreign key',
	'22P02' => 'invalid text representation', '42P10' => 'invalid column reference', '42704' => 'undefined object',
	'3F000' => 'invalid schema name', '42622' => 'name too long', '42602' => 'invalid name', '42P18' => 'indeterminate datatype',
	'42725' => 'ambiguous function', '22003' => 'numeric value out of range', '42701' => 'duplicate column',
	'42P13' => 'invalid function definition', '55006' => 'object in use', '22012' => 'division by zero',
	'0LP01' => 'invalid grant operation', '2BP01' => 'dependent objects still exist', '23514' => 'check violation',
	'22023' => 'invalid parameter value', '42P19' => 'invalid recursion', '42803' => 'grouping error',
	'25P02' => 'in failed transaction', '42846' => 'cannot coerce', '22007' => 'invalid datetime format',
	'22008' => 'datetime field overflow', '42P09' => 'ambiguous alias', '42702' => 'ambiguous column',
	'42P20' => 'windowing error', '42939' => 'reserved name', '22026' => 'string data length mismatch',
	'3B001' => 'invalid savepoint', '54011' => 'too many columns', '54023' => 'too many arguments',
	'42P06' => 'duplicate schema', '22001' => 'string data right truncation', '22P05' => 'untranslatable character',
	'40P01' => 'deadlock', '55P03' => 'lock not available', '2F005' => 'function executed no return statement',
	'39P01' => 'trigger protocol violated', '55000' => 'object not in prerequisite state',
	'XX000' => 'internal error', '23P01' => 'exclusion violation', '42P03' => 'duplicate cursor',
	'42P11' => 'invalid cursor definition', '42P12' => 'invalid database definition', '2201X' => 'invalid row count', '0B000' => 'invalid transaction initiation', '2D000' => 'invalid transaction termination',
);

sub check_query {
	my ($migrations) = @_;
	my $syntax = $migrations ? q{, (SELECT string_agg(DISTINCT script::text, ',') FROM f WHERE rule = 'syntax-error')} : '';
	my $inv = q{NOT (statement >= 0 AND line >= 1 AND col >= 1 AND rule IS NOT NULL AND message IS NOT NULL
		AND severity IN ('error', 'warning'))};
	my $size = q{coalesce(octet_length(statement_text), 0) + coalesce(octet_length(message), 0)
		+ coalesce(octet_length(detail), 0) + coalesce(octet_length(hint), 0) + coalesce(octet_length(safe_sql), 0)};
	# (it starts with SELECT: DBD::Pg sends only those as prepared
	# statements, with the script as a bound parameter)
	return qq{SELECT * FROM (WITH f AS MATERIALIZED (SELECT * FROM %s)
		SELECT (SELECT count(*) FROM f), (SELECT coalesce(sum($size), 0) FROM f),
		       (SELECT count(*) FROM f WHERE $inv), (SELECT max(line) FROM f),
		       (SELECT string_agg(rule || ' ' || n, ', ' ORDER BY n DESC, rule) FROM (SELECT rule, count(*) n FROM f GROUP BY rule) r)$syntax) q};
}

my %rules_found;
my ($current_target, $phase_started) = ('', time);
my $inputs_done = 0;
my $fuzz_started = time;

sub run_input {
	my ($id, $gen) = @_;
	my ($target, $kind) = split m{/}, $id;
	my $in = $gen->();
	my ($dbh, $r);
	my $bytes;
	if ($target =~ /^hook-(\w+)$/) {
		set_mode($1);
		$dbh = fuzz_conn($opt{db});
		$dbh->do('BEGIN') or die "BEGIN: " . $dbh->errstr;
		$bytes = length $in->{script};
		$r = timed_call($dbh, $in->{script});
		$dbh->do('ROLLBACK') unless $r->{dead};
	} elsif ($target eq 'migrations') {
		set_mode('warn');
		$dbh = fuzz_conn($opt{db});
		my @s = @{ $in->{scripts} };
		my $sql = sprintf(check_query(1), 'pgsafe.check_migrations(' . (@s ? 'ARRAY[' . join(', ', map { "\$$_" } 1 .. @s) . ']::text[]' : "'{}'::text[]")
			. ', ' . (@{ $in->{in_tx} } ? 'ARRAY[' . join(', ', map { defined $_ ? ($_ ? 'true' : 'false') : 'NULL' } @{ $in->{in_tx} }) . ']::boolean[]' : "'{}'::boolean[]") . ')');
		$bytes = 0;
		$bytes += length($_ // '') for @s;
		$r = @s ? timed_call($dbh, $sql, @s) : timed_call($dbh, $sql);
	} else {
		set_mode('warn');
		$dbh = fuzz_conn($target eq 'check-ascii' ? $opt{ascii_db} : $opt{db});
		$bytes = length $in->{script};
		$r = timed_call($dbh, sprintf(check_query(), 'pgsafe.check($1, ' . ($in->{in_tx} ? 'true' : 'false') . ')'), $in->{script});
	}

	if (my $f = $in->{prep}) {
		my %bad = map { $_ => 1 } split /,/, (($r->{row} && $r->{row}[5]) // '');
		my @s = @{ $in->{scripts} };
		$clean{$f} = join("\n", map { $s[$_] } grep { !$bad{$_ + 1} } 0 .. $#s) . "\n";
	}

	# the outcome, and every check
	my $outcome;
	if ($r->{dead}) {
		$outcome = $r->{killed} ? 'killed by the suite' : $r->{terminated} ? 'terminated by the suite' : 'backend died';
		fail('crash', $id, $in, "the backend (pid $r->{pid}) died after " . sprintf('%.1f s', $r->{secs})
			. ($r->{signal} ? ", ended by $r->{signal}" : '') . ": $r->{error}") unless $r->{killed} || $r->{terminated};
	} elsif (defined $r->{state} && $r->{state} ne '') {
		my $st = $r->{state};
		$outcome = $EXPECTED_STATES{$st} ? "$st $EXPECTED_STATES{$st}" : "$st other error";
		if ($st =~ /^XX/ || $r->{error} =~ /cache lookup failed/) {
			# Through the hook, PostgreSQL runs the statement too: an internal
			# error it raises with pgsafe.mode = off as well is its own.
			if ($target =~ /^hook-/ && same_error_with_pgsafe_off($in->{script}, $r->{error})) {
				$outcome = "$st PostgreSQL's own internal error";
				print "NOTE: $id: PostgreSQL raises the same error with pgsafe.mode = off: $r->{error}\n";
			} else {
				fail('internal', $id, $in, "SQLSTATE $st: " . substr($r->{error}, 0, 300));
			}
		}
	} else {
		$outcome = 'ok';
		if ($r->{row}) {
			my ($n, $out_bytes, $bad, $maxline, $rules) = @{ $r->{row} };
			$r->{findings} = $n;
			$r->{out_bytes} = $out_bytes;
			if ($rules) { for (split /, /, $rules) { my ($rule, $c) = split / /; $rules_found{$rule} += $c; } }
			fail('invariant', $id, $in, "$bad findings without statement, line, column, rule, severity or message") if $bad;
			if (defined $maxline && exists $in->{script}) {
				my $lines = ($in->{script} =~ tr/\n//) + ($in->{script} =~ tr/\r//) + 1;
				fail('invariant', $id, $in, "a finding on line $maxline of a script of $lines lines") if $maxline > $lines;
			}
		}
	}
	if ($r->{overran}) {
		fail('cancel', $id, $in, sprintf('the call ran %.1f s with statement_timeout = %ds%s', $r->{secs}, $TIMEOUT,
			$r->{killed} ? '; terminated, then killed by the suite (kill -9) after it ignored both'
			: $r->{terminated} ? '; it ended only after pg_terminate_backend()' : ''));
	}
	if (!$r->{peak_reset} && $peak_resets) {
		print "NOTE: /proc/<pid>/clear_refs does not reset the peak memory here: every input gets a new backend\n";
		$peak_resets = 0;
	}
	if (defined $r->{mem_kb} && $r->{mem_kb} > $MAX_MEM_MB * 1024) {
		my $off = $target =~ /^hook-/ ? peak_with_pgsafe_off($in->{script}) : undef;
		# PostgreSQL's own: the statement takes as much without pgsafe (within 64 MB)
		if (defined $off && $off + 64 * 1024 >= $r->{mem_kb}) {
			printf "NOTE: %s: PostgreSQL itself peaks at %d MB with pgsafe.mode = off (%d MB with pgsafe)\n", $id,
				$off / 1024, $r->{mem_kb} / 1024;
		} else {
			fail('memory', $id, $in, sprintf('the backend peaked at %d MB (VmHWM), over the bound of %d MB%s', $r->{mem_kb} / 1024,
				$MAX_MEM_MB, defined $off ? sprintf(' (%d MB with pgsafe.mode = off)', $off / 1024) : ''));
		}
		# a backend keeps what malloc() does not give back: the next input
		# gets a new one, so that its peak is its own
		$dbh->disconnect;
	}
	$dbh->disconnect unless $peak_resets;
	$fed{"$target/$kind"}++;
	$outcomes{"$target/$kind"}{$outcome}++;
	push @calls, { id => $id, secs => $r->{secs}, mem_kb => $r->{mem_kb}, outcome => $outcome, bytes => $bytes,
		findings => $r->{findings}, out_bytes => $r->{out_bytes} };
	printf "   %s: %s, %.2f s, %s MB%s\n", $id, $outcome, $r->{secs}, defined $r->{mem_kb} ? int($r->{mem_kb} / 1024) : '?',
		$r->{row} ? ", $r->{row}[0] findings" . ($r->{row}[4] ? " ($r->{row}[4])" : '') : '' if $ENV{FUZZ_VERBOSE};
	$inputs_done++;
}

printf "seed %s, %s mode: %d inputs; statement_timeout %ds (+%ds slack), memory bound %d MB\n", $SEED, $LONG ? 'long' : 'quick',
	scalar @inputs, $TIMEOUT, $SLACK, $MAX_MEM_MB;
my $last_target = '';
# (an error here, such as a server that does not come back after a crash,
# ends the fuzzing; what was found so far is still reported)
eval {
	unless (@ONLY) {
		print "-- migrations/statements: the regression files' statements, one script each\n";
		my $t = time;
		for my $f (@files) { clean_corpus($f); }
		printf "   (%.0fs)\n", time - $t;
	}
	for my $input (@inputs) {
		my ($target) = split m{/}, $input->[0];
		if ($target ne $last_target) {
			printf "   (%.0fs)\n", time - $phase_started if $last_target;
			print "-- $target\n";
			($last_target, $phase_started) = ($target, time);
		}
		run_input(@$input);
	}
	1;
} or do {
	my $err = $@;
	chomp $err;
	push @failures, sprintf("%-9s fuzzing stopped after %d inputs: %s", 'stopped', $inputs_done, $err);
	print "STOPPED: $err\n";
};
printf "   (%.0fs)\n", time - $phase_started;

#---------------------------------------------------------------------------
# The server log, and the postmaster.
#---------------------------------------------------------------------------
# (after a crash, the server has logged all of it once it accepts
# connections again)
eval { admin(); 1 } or push @failures, sprintf("%-9s the server does not accept connections at the end: %s", 'crash', $@);
my @crash_lines;
my $reinit = 0;
my $ours = 0;
if (open my $log, '<:raw', $opt{log}) {
	while (<$log>) {
		if (/server process \(PID (\d+)\) was terminated by signal (\d+)/ || /server process \(PID (\d+)\) exited with exit code ([2-9]\d*)/) {
			if ($killed_pids{$1}) { $ours++; next; }
			chomp;
			push @crash_lines, "$_\n";
		} elsif (/terminated by signal|server process .* was terminated|PANIC:/) {
			chomp;
			push @crash_lines, "$_\n";
		} elsif (/all server processes terminated; reinitializing/) {
			$reinit++;
		}
	}
} else {
	push @crash_lines, "cannot read the server log $opt{log}: $!\n";
}
if (@crash_lines) {
	my $n = scalar @crash_lines;
	my $shown = join('', map { "            $_" } @crash_lines[0 .. ($n > 10 ? 9 : $n - 1)]);
	chomp $shown;
	push @failures, sprintf("%-9s the server log shows %d backend crash%s:\n%s", 'crash', $n, $n == 1 ? '' : 'es', $shown);
}
if ($reinit > $ours + @crash_lines) {
	push @failures, sprintf("%-9s the server reinitialised %d times: %d after the crashes above, %d after a backend this suite killed",
		'crash', $reinit, scalar @crash_lines, $ours);
}
my $pm_now = do { open my $fh, '<', "$opt{work}/cluster/data/postmaster.pid"; my $l = $fh ? <$fh> : ''; chomp $l if $l; $l };
if (!$pm_now || $pm_now ne $opt{postmaster_pid}) {
	push @failures, sprintf("%-9s the postmaster's pid was %s at the start and is %s now", 'crash', $opt{postmaster_pid}, $pm_now || 'gone');
}

#---------------------------------------------------------------------------
# The summary.
#---------------------------------------------------------------------------
print "\ninputs fed, by kind, and their outcomes:\n";
for my $k (sort keys %fed) {
	printf "  %6d  %-28s %s\n", $fed{$k}, $k,
		join(', ', map { "$outcomes{$k}{$_} $_" } sort { $outcomes{$k}{$b} <=> $outcomes{$k}{$a} || $a cmp $b } keys %{ $outcomes{$k} });
}
my %total;
for my $k (keys %outcomes) { $total{$_} += $outcomes{$k}{$_} for keys %{ $outcomes{$k} }; }
print "all outcomes:\n";
printf "  %6d  %s\n", $total{$_}, $_ for sort { $total{$b} <=> $total{$a} || $a cmp $b } keys %total;
printf "findings returned by pgsafe.check(), by rule: %s\n",
	join(', ', map { "$rules_found{$_} $_" } sort { $rules_found{$b} <=> $rules_found{$a} } keys %rules_found) || 'none';
printf "warnings sent to the fuzzing role: %d; notices: %d\n", $warnings_seen, $notices_seen;
print "slowest calls:\n";
for my $c ((sort { $b->{secs} <=> $a->{secs} } @calls)[0 .. 9]) {
	last unless $c;
	printf "  %6.2f s  %-50s %s (%s in%s)\n", $c->{secs}, $c->{id}, $c->{outcome}, human($c->{bytes}),
		defined $c->{out_bytes} ? sprintf(', %d findings, %s out', $c->{findings}, human($c->{out_bytes})) : '';
}
print "highest peak memory of the backend (VmHWM):\n";
for my $c ((sort { ($b->{mem_kb} // 0) <=> ($a->{mem_kb} // 0) } @calls)[0 .. 4]) {
	last unless $c;
	last unless defined $c->{mem_kb};
	printf "  %6d MB  %-50s %s\n", $c->{mem_kb} / 1024, $c->{id}, $c->{outcome};
}
printf "%d inputs in %.0f s; the server reinitialised %d times (%d after a backend this suite killed)\n",
	$inputs_done, time - $fuzz_started, $reinit, $ours;

sub human {
	my ($b) = @_;
	return '?' unless defined $b;
	return sprintf('%.1f MB', $b / 1048576) if $b >= 1048576;
	return sprintf('%.1f kB', $b / 1024) if $b >= 1024;
	return "$b B";
}

if (@failures) {
	printf "\nFAILED: %d check%s failed (seed %s):\n", scalar @failures, @failures == 1 ? '' : 's', $SEED;
	print "  $_\n" for @failures;
	print "\nto run one input again: FUZZ_SEED=$SEED FUZZ_ONLY='<input id>' test/fuzz/run (FUZZ_KEEP=1 keeps the inputs)\n";
	exit 1;
}
print "\nno crash, no call past its timeout, memory within bound, no internal error\n";
exit 0;
