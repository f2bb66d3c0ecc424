# pg-versions.mk -- the PostgreSQL majors pgsafe supports, written once.
#
# Read by the Makefile (which passes the range to the compiler for
# src/adapter/compat.hpp's check), by CMakeLists.txt and by the scripts in
# tools/ and test/ (pg_versions_value in tools/common.sh).  Keep the
# "NAME = value" form: each reader parses exactly that.

# the oldest and newest major pgsafe builds against
PGSAFE_PG_MIN = 15
PGSAFE_PG_MAX = 18
