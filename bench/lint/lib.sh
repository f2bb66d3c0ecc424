# bench/lint/lib.sh -- sourced by bench/lint/run, bench/lint/compare and
# bench/check-scaling.
#
# What they need, on a fresh Debian 12 machine run as root with no terminal:
# pgsafe built from a private copy of the tree (make never runs in the
# checkout, where others may be building), squawk from npm at a pinned
# version (the two under bench/lint/), and a throwaway cluster that loads the
# staged pgsafe.  Everything lives in one mktemp directory that is removed on
# exit, cluster included.
#
# Settings (environment):
#   BENCH_PORT     port of the throwaway cluster (default 5742); it listens on
#                  a Unix socket inside the work directory only, so the number
#                  cannot collide with another server on the machine
#   PGSAFE_STAGE   a directory where pgsafe is already installed with
#                  make install DESTDIR=...; skips the build (for reruns)

. "$(dirname "${BASH_SOURCE[0]}")/../../tools/common.sh"

BENCH=$ROOT/bench/lint
# squawk changes its rules from release to release: pin one, and say which
# in every report.
SQUAWK_VERSION=2.66.0
BENCH_PORT=${BENCH_PORT:-5742}

# Everything a run needs, in order; sets WORK, STAGE, LINT (empty when
# pgsafe-lint was not built), SQUAWK, and PGHOST/PGPORT/PGUSER/PGDATABASE
# for the cluster.
lint_prepare() {
	need_packages "${BUILD_PACKAGES[@]}" perl
	# Debian's npm unless the machine has its own Node.js
	command -v npm >/dev/null || need_packages nodejs npm
	bench_workdir pgsafe-lint-bench
	stage_pgsafe
	install_squawk
	start_cluster
}

# bench_workdir NAME: the work directory, $TMPDIR/NAME.XXXXXX
bench_workdir() {
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
	# the server, running as postgres, reads the stage and the scripts here
	chmod 755 "$WORK"
	CLUSTER=
	trap bench_cleanup EXIT
	# so that an interrupted run still stops its server and cleans up
	trap 'exit 130' INT TERM HUP
}

bench_cleanup() {
	if [ -n "$CLUSTER" ] && [ -f "$CLUSTER/data/postmaster.pid" ]; then
		runuser -u postgres -- "$PG_BINDIR/pg_ctl" -D "$CLUSTER/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$WORK"
}

# Build pgsafe (and pgsafe-lint, when the tree has it) in a copy of the tree
# and install it into $WORK/stage.
stage_pgsafe() {
	local bindir
	bindir=$("$PG_CONFIG" --bindir)
	if [ -n "${PGSAFE_STAGE:-}" ]; then
		STAGE=$PGSAFE_STAGE
		[ -f "$STAGE$("$PG_CONFIG" --pkglibdir)/pgsafe.so" ] || die "PGSAFE_STAGE=$STAGE holds no pgsafe.so"
		say "using pgsafe staged in $STAGE"
	else
		say "building pgsafe (in a copy of the tree)"
		mkdir "$WORK/src"
		# the copy leaves out git's data and the CMake build directory; make
		# clean then drops whatever objects the checkout held
		tar -C "$ROOT" --exclude=./.git --exclude=./build -cf - . | tar -C "$WORK/src" -xf -
		STAGE=$WORK/stage
		if ! { make -C "$WORK/src" -s clean && make -C "$WORK/src" -s -j"$(nproc)" &&
			make -C "$WORK/src" -s install DESTDIR="$STAGE"; } >"$WORK/build.log" 2>&1; then
			tail -40 "$WORK/build.log"
			die "the build failed"
		fi
		chmod -R a+rX "$STAGE"
	fi
	LINT=$STAGE$bindir/pgsafe-lint
	[ -x "$LINT" ] || LINT=
}

install_squawk() {
	say "installing squawk $SQUAWK_VERSION from npm"
	# the cache goes into the work directory too: nothing is left behind
	npm install --prefix "$WORK/npm" --cache "$WORK/npm-cache" --no-audit --no-fund \
		--no-update-notifier --loglevel=error "@squawk-cli/linux-x64@$SQUAWK_VERSION" >/dev/null </dev/null
	# the package ships the binary itself; find it rather than assume its
	# place inside the package
	SQUAWK=$(find "$WORK/npm/node_modules/@squawk-cli/linux-x64" -type f -name squawk -perm -u+x | head -n 1)
	[ -n "$SQUAWK" ] || die "no squawk binary in @squawk-cli/linux-x64@$SQUAWK_VERSION"
	[ "$("$SQUAWK" --version)" = "squawk $SQUAWK_VERSION" ] || die "$SQUAWK is not squawk $SQUAWK_VERSION"
}

# initdb as postgres (initdb refuses root), pgsafe preloaded as tools/ do,
# no TCP listener.  fsync is off: the cluster is thrown away, and the
# tables are filled faster.
start_cluster() {
	say "starting a throwaway cluster (socket $WORK/cluster, port $BENCH_PORT)"
	CLUSTER=$WORK/cluster
	mkdir "$CLUSTER"
	chown postgres: "$CLUSTER"
	runuser -u postgres -- "$PG_BINDIR/initdb" -D "$CLUSTER/data" -A trust -U postgres --no-sync \
		>"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log"; die "initdb failed"; }
	cat >>"$CLUSTER/data/postgresql.conf" <<-EOF
		port = $BENCH_PORT
		listen_addresses = ''
		unix_socket_directories = '$CLUSTER'
		extension_destdir = '$STAGE'
		shared_preload_libraries = '\$libdir/pgsafe'
		pgsafe.min_table_size = 0
		fsync = off
	EOF
	runuser -u postgres -- "$PG_BINDIR/pg_ctl" -D "$CLUSTER/data" -l "$CLUSTER/log" -w -t 120 start >/dev/null </dev/null ||
		{ cat "$CLUSTER/log"; die "the cluster did not start"; }
	export PGHOST=$CLUSTER PGPORT=$BENCH_PORT PGUSER=postgres PGDATABASE=postgres
	unset PGSERVICE PGOPTIONS PGPASSWORD
}

# psql as the scripts use it: no psqlrc, stop at the first error
bench_psql() {
	psql -X -q -v ON_ERROR_STOP=1 "$@"
}
