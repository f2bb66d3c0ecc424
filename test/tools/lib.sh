# test/tools/lib.sh -- what the tool tests share.  Sourced by each
# test/tools/<tool>/test, which runs in a copy of its directory with
# PGHOST, PGPORT (the cluster), TOOL_DB, MIGRATOR, MIGRATOR_PASSWORD and
# PGSAFE_LINT set.
set -euo pipefail

# Debian's interpreters, where the packages installed the tools
PYTHON=/usr/bin/python3

failures=0
pass() { echo "  ok - $*"; }
fail() { echo "  NOT OK - $*"; failures=$((failures + 1)); }
finish() { [ "$failures" -eq 0 ] || { echo "  $failures check(s) failed"; exit 1; }; }

# psql as the superuser, in the tool's database
admin_sql() { psql -qXAt -v ON_ERROR_STOP=1 -d "$TOOL_DB" -c "$1"; }

# The relations, constraints and indexes of the public schema, one per
# line, with validity: to compare the database before and after a run.
db_shape() {
	admin_sql "
	SELECT 'table ' || c.relname || ' ' || (SELECT count(*) FROM pg_attribute a
	       WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)
	  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
	 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
	UNION ALL
	SELECT 'constraint ' || conrelid::regclass || ' ' || contype::text || ' ' || pg_get_constraintdef(oid)
	       || CASE WHEN convalidated THEN '' ELSE ' (not valid)' END
	  FROM pg_constraint WHERE connamespace = 'public'::regnamespace
	UNION ALL
	SELECT 'index ' || indexrelid::regclass || ' ' || pg_get_indexdef(indexrelid)
	       || CASE WHEN indisvalid THEN '' ELSE ' (invalid)' END
	  FROM pg_index WHERE indrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace)
	ORDER BY 1"
}

# A run the guard must reject: it failed, its output (file $1) carries
# pgsafe's message, SQLSTATE PS001 and the hint, and the database is as
# it was (shape before in $2).
expect_rejected() {
	local output=$1 before=$2 what=$3 status=$4
	[ "$status" -ne 0 ] && pass "$what: the tool's run fails" || fail "$what: the tool's run did not fail"
	grep -q 'PS001' "$output" && pass "$what: the output carries SQLSTATE PS001" ||
		fail "$what: no PS001 in the tool's output"
	grep -Eq 'HINT|hint' "$output" && grep -q 'CONCURRENTLY\|NOT VALID\|USING INDEX' "$output" &&
		pass "$what: the output carries pgsafe's hint" || fail "$what: no hint in the tool's output"
	[ "$(db_shape)" = "$before" ] && pass "$what: the database is unchanged" ||
		{ fail "$what: the database changed"; diff <(echo "$before") <(db_shape) || true; }
}

# A run that must pass in error mode.
expect_passed() {
	local output=$1 what=$2 status=$3
	[ "$status" -eq 0 ] && pass "$what: the tool's run passes in error mode" ||
		{ fail "$what: the tool's run failed"; tail -30 "$output"; }
}

# The end state: each expected line (grep -F) in the database's shape.
expect_shape() {
	local what=$1 shape line
	shift
	shape=$(db_shape)
	for line in "$@"; do
		grep -qF -- "$line" <<<"$shape" && pass "$what: $line" || fail "$what: missing \"$line\""
	done
	! grep -qE '\((invalid|not valid)\)$' <<<"$shape" && pass "$what: every index and constraint is valid" ||
		fail "$what: something is left invalid or not valid"
}

# pgsafe-lint on SQL the tool generated (file $1, with pgsafe-lint options
# after it), as the migration role; the rules it must report (comma list,
# empty for none).
expect_lint() {
	local file=$1 rules=$2 what=$3 found
	shift 3
	found=$(PGPASSWORD=$MIGRATOR_PASSWORD "$PGSAFE_LINT" -d "$TOOL_DB" -U "$MIGRATOR" -f json "$@" "$file" |
		"$PYTHON" -c 'import json,sys; print(",".join(sorted({f["rule"] for f in json.load(sys.stdin)["findings"] if not f.get("suppressed")})))' ||
		true)
	[ "$found" = "$rules" ] && pass "$what: pgsafe-lint reports ${rules:-nothing}" ||
		fail "$what: pgsafe-lint reports \"$found\", expected \"$rules\""
}
