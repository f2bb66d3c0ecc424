# tools/common.sh -- shared by tools/demo, tools/test, tools/pg-build and
# the test scripts.
#
# They must work on a fresh Debian 12 machine, run as root with no
# terminal: they install the Debian packages they need, build pgsafe with
# PGXS and install it where only throwaway clusters load it (never into
# /usr or into a shared PostgreSQL).
#
# Which PostgreSQL: PG_MAJOR (default 15), within pg-versions.mk's range.
#
#   15 (PGSAFE_PG_FROM=packages)  Debian 12's packages, as always: pgsafe is
#        staged in a private directory that clusters load through Debian's
#        extension_destdir; clusters are pg_virtualenv's.
#   any other major (PGSAFE_PG_FROM=build)  upstream PostgreSQL built from
#        Debian's source package by tools/pg-build and cached outside the
#        clone; each run copies the cached prefix into its work directory
#        and installs pgsafe into the copy (the cache, which other clones
#        share, is never written to); clusters are initdb + pg_ctl, run as
#        postgres.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

say() { printf '\n== %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# A value of pg-versions.mk ("NAME = value" lines), the supported majors.
pg_versions_value() {
	local value
	value=$(sed -n "s/^$1 *= *//p" "$ROOT/pg-versions.mk")
	[ -n "$value" ] || die "pg-versions.mk does not set $1"
	echo "$value"
}
PGSAFE_PG_MIN=$(pg_versions_value PGSAFE_PG_MIN)
PGSAFE_PG_MAX=$(pg_versions_value PGSAFE_PG_MAX)

PG_MAJOR=${PG_MAJOR:-15}
[[ $PG_MAJOR =~ ^[0-9]+$ ]] || die "PG_MAJOR=$PG_MAJOR is not a major version"
PG_FROM=${PGSAFE_PG_FROM:-$([ "$PG_MAJOR" = 15 ] && echo packages || echo build)}
case $PG_FROM in
packages)
	PG_BINDIR=/usr/lib/postgresql/$PG_MAJOR/bin
	export PATH="$PG_BINDIR:$PATH"
	export PG_CONFIG="$PG_BINDIR/pg_config"
	BUILD_PACKAGES=(make g++ postgresql-$PG_MAJOR postgresql-client-$PG_MAJOR postgresql-server-dev-$PG_MAJOR postgresql-common)
	;;
build)
	# set by build_and_stage, once tools/pg-build has the prefix
	PG_BINDIR=
	# postgresql-common for the postgres account the clusters run as
	BUILD_PACKAGES=(make g++ postgresql-common)
	;;
*) die "PGSAFE_PG_FROM=$PG_FROM: packages or build" ;;
esac
export PG_MAJOR
export DEBIAN_FRONTEND=noninteractive

# Install the Debian packages that are missing; apt-get update only if needed.
need_packages() {
	local missing=() pkg
	for pkg in "$@"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" -eq 0 ] || die "missing Debian packages (${missing[*]}); run as root or install them first"
	say "installing ${missing[*]}"
	# another apt or dpkg may be running on a shared machine: wait for its lock
	apt-get -o DPkg::Lock::Timeout=600 update -q
	apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}"
}

# A scratch directory removed on exit, readable by the postgres user
# (the server loads pgsafe from it).
make_workdir() {
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/pgsafe.XXXXXX")
	chmod 755 "$WORK"
	trap 'rm -rf "$WORK"' EXIT
}

# Build with PGXS and install where the clusters load pgsafe from:
# packages: into $WORK/stage (PGSAFE_DESTDIR, for extension_destdir);
# build: into $WORK/prefix, this run's copy of the cached prefix
# (PGSAFE_PG_PREFIX; STAGE and PGSAFE_DESTDIR are empty).
build_and_stage() {
	if [ "$PG_FROM" = build ]; then
		use_built_pg
	fi
	say "building pgsafe against $("$PG_CONFIG" --version)"
	make -C "$ROOT" -s clean >/dev/null
	make -C "$ROOT" -s -j"$(nproc)"
	if [ "$PG_FROM" = build ]; then
		make -C "$ROOT" -s install >/dev/null
		STAGE=
		export PGSAFE_DESTDIR=
		return
	fi
	STAGE=$WORK/stage
	mkdir -p "$STAGE"
	chmod 755 "$STAGE"
	make -C "$ROOT" -s install DESTDIR="$STAGE" >/dev/null
	export PGSAFE_DESTDIR=$STAGE
}

# PostgreSQL $PG_MAJOR from tools/pg-build (built once, cached), copied
# into $WORK/prefix for this run: pgsafe is installed into the copy, and the
# copy's binaries find their libraries, share and lib directories
# relative to themselves.
use_built_pg() {
	local cached t0=$SECONDS
	say "PostgreSQL $PG_MAJOR (tools/pg-build)"
	cached=$("$ROOT/tools/pg-build" "$PG_MAJOR" | tail -1)
	[ -x "$cached/bin/pg_config" ] || die "tools/pg-build $PG_MAJOR gave no prefix"
	PG_CACHED_PREFIX=$cached
	export PGSAFE_PG_PREFIX=$WORK/prefix
	cp -a "$cached" "$PGSAFE_PG_PREFIX"
	PG_BINDIR=$PGSAFE_PG_PREFIX/bin
	export PATH="$PG_BINDIR:$PATH"
	export PG_CONFIG="$PG_BINDIR/pg_config"
	export LD_LIBRARY_PATH="$("$PG_CONFIG" --libdir)${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
	echo "$("$PG_CONFIG" --version) from $cached, copied into $PGSAFE_PG_PREFIX ($((SECONDS - t0)) s)"
}

# Run a command as postgres (initdb and the server refuse root).
as_postgres() { (cd / && runuser -u postgres -- "$@"); }

# Run a command against a throwaway cluster with pgsafe preloaded, with
# PGHOST, PGPORT, PGUSER and PGDATABASE set; "-o name=value" options
# before it set server parameters.  packages: pg_virtualenv -t (a
# temporary cluster, dropped afterwards); build: initdb + pg_ctl as
# postgres, on a socket in the cluster's own directory and no TCP port.
with_cluster() {
	if [ "$PG_FROM" = packages ]; then
		pg_virtualenv -t -v "$PG_MAJOR" \
			-o "extension_destdir=$STAGE" \
			-o 'shared_preload_libraries=$libdir/pgsafe' \
			"$@" </dev/null
		return
	fi
	local settings=("shared_preload_libraries = '\$libdir/pgsafe'") dir port rc=0
	while [ "${1:-}" = -o ]; do
		settings+=("${2%%=*} = '$(printf '%s' "${2#*=}" | sed "s/'/''/g")'")
		shift 2
	done
	dir=$(mktemp -d "$WORK/cluster.XXXXXX")
	chmod 755 "$dir"
	chown postgres: "$dir"
	port=$((55000 + RANDOM % 5000))
	as_postgres "$PG_BINDIR/initdb" -D "$dir/data" -U postgres -A trust --no-sync --no-instructions >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log"; return 1; }
	{
		echo "port = $port"
		echo "listen_addresses = ''"
		echo "unix_socket_directories = '$dir'"
		echo "fsync = off"
		printf '%s\n' "${settings[@]}"
	} >>"$dir/data/postgresql.conf"
	if ! as_postgres "$PG_BINDIR/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 120 start >/dev/null; then
		tail -40 "$dir/server.log"
		return 1
	fi
	(
		export PGHOST=$dir PGPORT=$port PGUSER=postgres PGDATABASE=postgres
		"$@"
	) </dev/null || rc=$?
	as_postgres "$PG_BINDIR/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	# as pg_virtualenv does: the server's log when the command failed
	[ $rc -eq 0 ] || { echo "---- server log (last 100 lines)"; tail -100 "$dir/server.log"; }
	rm -rf "$dir"
	return $rc
}

# The postgresql.conf lines that load pgsafe into a cluster the scripts
# start themselves: through extension_destdir (packages) or from the
# run's prefix (build).
pgsafe_preload_conf() {
	[ "$PG_FROM" = packages ] && echo "extension_destdir = '$STAGE'"
	echo "shared_preload_libraries = '\$libdir/pgsafe'"
}

# PostgreSQL's source, from Debian's source package: sets PG_SRC to the
# unpacked tree.  It is unpacked once into a cache outside the clone,
# $PG_SOURCE_CACHE (default /var/cache/pgsafe/source), and reused; a lock
# lets scripts running at the same time share it.  The installed version
# is tried first, then older ones: a security update's source is not
# always downloadable.  Adds a deb-src entry for Debian's archive and its
# security archive if none is configured (apt-get source needs one).
# For a major built by tools/pg-build (PG_FROM=build), the source it was
# built from (call build_and_stage first).
fetch_pg_source() {
	local cache=${PG_SOURCE_CACHE:-/var/cache/pgsafe/source} lock tmp version versions tree
	if [ "$PG_FROM" = build ]; then
		[ -n "${PG_CACHED_PREFIX:-}" ] || die "fetch_pg_source: call build_and_stage first"
		PG_SRC=$(dirname "$PG_CACHED_PREFIX")/source
		echo "source: $PG_SRC (the tree tools/pg-build built $("$PG_CONFIG" --version) from)"
		return
	fi
	need_packages dpkg-dev
	mkdir -p "$cache"
	chmod a+rx "$cache"
	exec {lock}>"$cache/.lock"
	flock -w 1800 "$lock" || die "another run has held $cache/.lock for 30 minutes"
	PG_SRC=$(find "$cache" -maxdepth 1 -type d -name "postgresql-$PG_MAJOR-$PG_MAJOR.*" | sort -V | tail -1)
	if [ -z "$PG_SRC" ]; then
		if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
			cat >/etc/apt/sources.list.d/pgsafe-deb-src.sources <<'SOURCES'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
			apt-get -o DPkg::Lock::Timeout=600 update -q
		fi
		# unpacked beside the cache, then moved in whole: an interrupted
		# download leaves no half tree for the next run to take
		tmp=$(mktemp -d "$cache/fetch.XXXXXX")
		versions=$( (dpkg-query -W -f='${Version}\n' "postgresql-$PG_MAJOR"
			apt-cache showsrc "postgresql-$PG_MAJOR" | sed -n 's/^Version: //p' | sort -rV) | awk 'NF && !seen[$0]++')
		for version in $versions; do
			if (cd "$tmp" && apt-get source -q "postgresql-$PG_MAJOR=$version") >"$tmp/apt-source.log" 2>&1; then
				break
			fi
			echo "source of $version is not downloadable; trying an older one"
			find "$tmp" -mindepth 1 -maxdepth 1 ! -name apt-source.log -exec rm -rf {} +
		done
		tree=$(find "$tmp" -maxdepth 1 -type d -name "postgresql-$PG_MAJOR-$PG_MAJOR.*" | sort -V | tail -1)
		if [ -z "$tree" ]; then
			cat "$tmp/apt-source.log"
			rm -rf "$tmp"
			die "could not get PostgreSQL's source"
		fi
		chmod -R a+rX "$tree"
		mv "$tree" "$cache/"
		rm -rf "$tmp"
		PG_SRC=$cache/$(basename "$tree")
	fi
	exec {lock}>&-
	echo "source: $(basename "$PG_SRC") (in $(dirname "$PG_SRC")); server: $(dpkg-query -W -f='${Version}' "postgresql-$PG_MAJOR")"
}
