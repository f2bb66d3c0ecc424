# pg-versions.mk -- the PostgreSQL majors pgsafe supports, written once.
#
# Read by the Makefile (which passes the range to the compiler for
# src/adapter/compat.hpp's check), by CMakeLists.txt and by the scripts in
# tools/ and test/ (pg_versions_value in tools/common.sh).  debian/pgversions
# lists the same majors for pg_buildext, and META.json the same range for
# PGXN: test/package/run checks that they agree.  Keep the
# "NAME = value" form: each reader parses exactly that.

# the oldest and newest major pgsafe builds against
PGSAFE_PG_MIN = 15
PGSAFE_PG_MAX = 18

# the majors CI can get here and tests (.ci/run, by default): 15
# from Debian 12's packages, 17 and 18 built from Debian's source packages
# by tools/pg-build.  16 is in no Debian suite tools/pg-sources.list names.
PGSAFE_PG_CI = 15 17 18
