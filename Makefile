# pgsafe/Makefile
#
# The canonical build: PGXS, against the PostgreSQL that pg_config names.
#   make && make install             build and install
#   make installcheck                regression and isolation tests, against
#                                    a running server with pgsafe preloaded,
#                                    then the TAP tests (prove), each on a
#                                    cluster of its own that loads the pgsafe
#                                    installed into that PostgreSQL
# tools/test runs everything (with throwaway clusters); see README.md.

MODULE_big = pgsafe
# every .cpp under src, at any depth (a rule is a file under src/core/rules/)
OBJS = $(patsubst %.cpp,%.o,$(sort $(shell find src -name '*.cpp')))
EXTENSION = pgsafe
DATA = pgsafe--1.0.sql
PGFILEDESC = "pgsafe - guard against DDL that blocks reads or writes"

REGRESS = setup unique primary_key foreign_key create_index names modes privileges routes hints refused faults check lint_run rules hostile alter_column_type lock_timeout missing_lock_timeout set_not_null add_check add_column_rewrite reindex refresh_materialized_view set_logged set_tablespace set_access_method alter_domain vacuum_full attach_partition_scan default_partition_scan ground_truth
REGRESS_OPTS = --load-extension=pgsafe
ISOLATION = $(basename $(notdir $(sort $(wildcard test/isolation/specs/*.spec))))
ISOLATION_OPTS = --inputdir=test/isolation --load-extension=pgsafe
TAP_TESTS = 1
PROVE_TESTS = $(sort $(wildcard test/t/*.pl))

include $(dir $(lastword $(MAKEFILE_LIST)))pg-versions.mk

PG_CPPFLAGS = -Isrc -DPGSAFE_PG_MIN=$(PGSAFE_PG_MIN) -DPGSAFE_PG_MAX=$(PGSAFE_PG_MAX)
PG_CXXFLAGS = -std=c++17 -Wno-register
# PGXS links with the C compiler, which does not add the C++ runtime
SHLIB_LINK += -lstdc++
# Debian's server is built --with-llvm; bitcode would be compiled by clang
# without PG_CXXFLAGS (so not as C++17), and only serves JIT inlining of
# SQL-callable functions, which pgsafe does not need.
override with_llvm = no
# header dependencies (.deps/): a struct changed in src/core must rebuild
# every object that uses it, or the module mixes two layouts of it
override autodepend = yes

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# what only some majors have: set_expression (ALTER COLUMN ... SET
# EXPRESSION) from 17 on; enforce_constraint (ALTER CONSTRAINT ...
# ENFORCED) and pg18 (NOT NULL constraints NOT VALID,
# virtual generated columns) from 18 on
ifeq ($(shell test '$(MAJORVERSION)' -ge 17 2>/dev/null && echo y),y)
REGRESS += set_expression
endif
ifeq ($(shell test '$(MAJORVERSION)' -ge 18 2>/dev/null && echo y),y)
REGRESS += pg18 enforce_constraint
endif

# the supported majors, from pg-versions.mk (also read by CMakeLists.txt,
# src/adapter/compat.hpp through the two macros, and tools/)
ifneq ($(shell test '$(MAJORVERSION)' -ge $(PGSAFE_PG_MIN) -a '$(MAJORVERSION)' -le $(PGSAFE_PG_MAX) 2>/dev/null && echo ok),ok)
$(error pgsafe supports PostgreSQL $(PGSAFE_PG_MIN) to $(PGSAFE_PG_MAX) (pg-versions.mk), not $(MAJORVERSION))
endif

# pgsafe-lint, the command-line client of pgsafe.check_migrations(): plain
# C++ and libpq, no server headers; installed beside psql
LINT_OBJS = $(patsubst %.cpp,%.o,$(sort $(wildcard cli/*.cpp)))
# the server's pure C++ core (no server headers): the script scanner, for
# where statements end in the migrations a tool sends as one query, and the
# rule catalogue, for SARIF's rule metadata
LINT_CORE_OBJS = $(patsubst %.cpp,%.o,$(sort $(shell find src/core -name '*.cpp')))
EXTRA_CLEAN += pgsafe-lint $(LINT_OBJS)

all: pgsafe-lint

$(LINT_OBJS): override CPPFLAGS := -I$(includedir) $(CPPFLAGS)
$(LINT_OBJS): override CXXFLAGS += -pthread

# -pthread: it connects while it reads the files.  The C++ runtime is linked
# in: libpq already brings some twenty shared libraries to load and relocate
# at every start, and a linter in CI starts often.
pgsafe-lint: $(LINT_OBJS) $(LINT_CORE_OBJS)
	$(CXX) $(CXXFLAGS) $(LDFLAGS) -pthread -static-libstdc++ -static-libgcc -o $@ $^ -L$(libdir) -lpq

install: install-lint
install-lint: pgsafe-lint
	$(MKDIR_P) '$(DESTDIR)$(bindir)'
	$(INSTALL_PROGRAM) pgsafe-lint '$(DESTDIR)$(bindir)/pgsafe-lint'

uninstall: uninstall-lint
uninstall-lint:
	rm -f '$(DESTDIR)$(bindir)/pgsafe-lint'

.PHONY: install-lint uninstall-lint

# PGXN's source distribution, pgsafe-<version>.zip in DIST_DIR (default:
# here): the commit at HEAD (git archive, so nothing uncommitted or built),
# under the directory pgsafe-<version>/.  The version is pgsafe.control's
# default_version as the SemVer PGXN requires (1.0 is 1.0.0), which
# META.json must carry too (test/package/run checks both, and the archive).
# The Debian packages are built from debian/ (see the README).
EXTVERSION := $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" $(EXTENSION).control)
DIST_VERSION = $(if $(word 3,$(subst ., ,$(EXTVERSION))),$(EXTVERSION),$(EXTVERSION).0)
DIST_DIR ?= .
dist:
	git archive --format=zip --prefix=pgsafe-$(DIST_VERSION)/ -o '$(DIST_DIR)/pgsafe-$(DIST_VERSION).zip' HEAD
	@echo '$(DIST_DIR)/pgsafe-$(DIST_VERSION).zip'

.PHONY: dist

# Longer checks, outside tools/test; each runs as root on Debian 12 and
# installs what it needs (see the README).
.PHONY: memcheck pg-suite fuzz
memcheck:
	test/memory/valgrind
	test/memory/rss
pg-suite:
	test/pg-suite/run
# the fuzz suite's long mode; tools/test runs its quick mode
fuzz:
	FUZZ_LONG=1 test/fuzz/run
# every group of tools/test on every major .ci/run tests (pg-versions.mk's
# PGSAFE_PG_CI), memcheck, fuzz and pg-suite included, which .ci/run leaves
# to 15 (see its header)
.PHONY: check-versions
check-versions:
	PGSAFE_VERSION_GROUPS="unit regress isolation tap memcheck fuzz pg-suite" .ci/run
