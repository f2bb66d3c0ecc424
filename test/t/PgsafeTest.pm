# test/t/PgsafeTest.pm -- shared setup for pgsafe's TAP tests.
#
# Each test gets its own throwaway cluster that loads pgsafe from where
# tools/test installed it, so nothing is installed system-wide: with
# Debian's packages, the staging directory PGSAFE_DESTDIR, through Debian's
# extension_destdir; with a PostgreSQL built by tools/pg-build, which has
# no extension_destdir, the run's own copy of its prefix (PGSAFE_PG_PREFIX,
# whose bin directory is first in PATH): there pgsafe is simply installed.
# Without either (make installcheck after make install), the PostgreSQL
# first in PATH loads the pgsafe installed into it.

package PgsafeTest;

use strict;
use warnings;

use PostgreSQL::Test::Cluster;
use Test::More;

use Exporter 'import';
our @EXPORT = qw(pgsafe_node);

# A started node; preload is the shared_preload_libraries value (default:
# pgsafe alone), extra is more postgresql.conf text.  The tests' tables are
# small: pgsafe.min_table_size is 0 unless default_size is given.
sub pgsafe_node
{
	my ($name, %opts) = @_;
	my $destdir = $ENV{PGSAFE_DESTDIR} // '';
	my $preload = exists $opts{preload} ? $opts{preload} : '$libdir/pgsafe';

	my $node = PostgreSQL::Test::Cluster->new($name);
	$node->init;
	$node->append_conf('postgresql.conf', "extension_destdir = '$destdir'\n") if $destdir ne '';
	$node->append_conf('postgresql.conf', "shared_preload_libraries = '$preload'\n")
	  if $preload ne '';
	$node->append_conf('postgresql.conf', "pgsafe.min_table_size = 0\n") unless $opts{default_size};
	$node->append_conf('postgresql.conf', $opts{extra}) if $opts{extra};
	$node->start;
	return $node;
}

1;
