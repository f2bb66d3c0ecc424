# tools/common.sh -- shared by tools/demo and tools/test.
#
# Both scripts must work on a fresh Debian 12 machine, run as root with no
# terminal: they install the Debian packages they need, build pgsafe with
# PGXS and install it into a private staging directory (never into /usr),
# which throwaway clusters load through Debian's extension_destdir.

set -euo pipefail

PG_MAJOR=15
PG_BINDIR=/usr/lib/postgresql/$PG_MAJOR/bin
export PATH="$PG_BINDIR:$PATH"
export PG_CONFIG="$PG_BINDIR/pg_config"
export DEBIAN_FRONTEND=noninteractive

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

say() { printf '\n== %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Install the Debian packages that are missing; apt-get update only if needed.
need_packages() {
	local missing=() pkg
	for pkg in "$@"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" -eq 0 ] || die "missing Debian packages (${missing[*]}); run as root or install them first"
	say "installing ${missing[*]}"
	apt-get update -q
	apt-get install -y -q --no-install-recommends "${missing[@]}"
}

BUILD_PACKAGES=(make g++ postgresql-$PG_MAJOR postgresql-client-$PG_MAJOR postgresql-server-dev-$PG_MAJOR postgresql-common)

# A scratch directory removed on exit, readable by the postgres user
# (the server loads pgsafe from it).
make_workdir() {
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/pgsafe.XXXXXX")
	chmod 755 "$WORK"
	trap 'rm -rf "$WORK"' EXIT
}

# Build with PGXS and install into $WORK/stage.
build_and_stage() {
	say "building pgsafe"
	make -C "$ROOT" -s clean >/dev/null
	make -C "$ROOT" -s -j"$(nproc)"
	STAGE=$WORK/stage
	mkdir -p "$STAGE"
	chmod 755 "$STAGE"
	make -C "$ROOT" -s install DESTDIR="$STAGE" >/dev/null
	export PGSAFE_DESTDIR=$STAGE
}

# Run a command against a throwaway cluster with pgsafe preloaded
# (pg_virtualenv -t: a temporary cluster, dropped afterwards).
with_cluster() {
	pg_virtualenv -t -v "$PG_MAJOR" \
		-o "extension_destdir=$STAGE" \
		-o 'shared_preload_libraries=$libdir/pgsafe' \
		"$@" </dev/null
}
