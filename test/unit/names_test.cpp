/*-------------------------------------------------------------------------
 *
 * names_test.cpp
 *		Quoting and default names, checked against what PostgreSQL 15 does.
 *
 * IDENTIFICATION
 *	  test/unit/names_test.cpp
 *
 *-------------------------------------------------------------------------
 */
#include <gtest/gtest.h>

#include "core/names.hpp"
#include "fake_catalog.hpp"

namespace pgsafe {
namespace {

using testing::FakeCatalog;

TEST(QuoteIdentifier, LeavesPlainLowerCaseNamesAlone)
{
	FakeCatalog catalog;
	EXPECT_EQ(quoteIdentifier("orders", catalog), "orders");
	EXPECT_EQ(quoteIdentifier("_x1", catalog), "_x1");
}

TEST(QuoteIdentifier, QuotesUpperCaseDigitsFirstAndKeywords)
{
	FakeCatalog catalog;
	EXPECT_EQ(quoteIdentifier("Orders", catalog), "\"Orders\"");
	EXPECT_EQ(quoteIdentifier("1st", catalog), "\"1st\"");
	EXPECT_EQ(quoteIdentifier("user", catalog), "\"user\"");
	EXPECT_EQ(quoteIdentifier("a\"b", catalog), "\"a\"\"b\"");
	EXPECT_EQ(quoteIdentifier("", catalog), "\"\"");
}

}	/* namespace */
}	/* namespace pgsafe */
