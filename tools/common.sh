# tools/common.sh -- shared by tools/demo, tools/test and the test scripts.
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
	# another apt or dpkg may be running on a shared machine: wait for its lock
	apt-get -o DPkg::Lock::Timeout=600 update -q
	apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}"
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

# PostgreSQL's source, from Debian's source package: sets PG_SRC to the
# unpacked tree.  It is unpacked once into a cache outside the clone,
# $PG_SOURCE_CACHE (default /var/cache/pgsafe/source), and reused; a lock
# lets scripts running at the same time share it.  The installed version
# is tried first, then older ones: a security update's source is not
# always downloadable.  Adds a deb-src entry for Debian's archive and its
# security archive if none is configured (apt-get source needs one).
fetch_pg_source() {
	local cache=${PG_SOURCE_CACHE:-/var/cache/pgsafe/source} lock tmp version versions tree
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
