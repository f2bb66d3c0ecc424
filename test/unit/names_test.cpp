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

TEST(QuoteLiteral, DoublesQuotesAndUsesEscapeSyntaxForBackslashes)
{
	EXPECT_EQ(quoteLiteral("abc"), "'abc'");
	EXPECT_EQ(quoteLiteral("it's"), "'it''s'");
	EXPECT_EQ(quoteLiteral("a\\b"), "E'a\\\\b'");
}

TEST(QuoteIdentifier, UnicodeLettersAreQuoted)
{
	FakeCatalog catalog;
	/* quote_ident() quotes anything outside [a-z0-9_] */
	EXPECT_EQ(quoteIdentifier("\u00e9t\u00e9", catalog), "\"\u00e9t\u00e9\"");
	EXPECT_EQ(quoteIdentifier("has space", catalog), "\"has space\"");
	EXPECT_EQ(quoteQualified(QualifiedName{"Sales", "order"}, catalog), "\"Sales\".\"order\"");
	EXPECT_EQ(quoteIdentifierList({"a", "B", "select"}, catalog), "a, \"B\", \"select\"");
}

TEST(MakeObjectName, PlainNames)
{
	FakeCatalog catalog;
	EXPECT_EQ(makeObjectName("orders", std::string("code"), std::string("key"), catalog), "orders_code_key");
	EXPECT_EQ(makeObjectName("orders", std::nullopt, std::string("pkey"), catalog), "orders_pkey");
	EXPECT_EQ(makeObjectName("orders", std::string("a_b"), std::string("key"), catalog), "orders_a_b_key");
}

TEST(MakeObjectName, TruncatesTheLongerPartFirstAndNeverTheLabel)
{
	FakeCatalog catalog;
	const std::string a61(61, 'a');
	const std::string b56(56, 'b');

	/* the names PostgreSQL 15 chose in sql/names.sql */
	std::string unique = makeObjectName(a61, b56 + "_c", std::string("key"), catalog);
	EXPECT_EQ(unique, std::string(29, 'a') + "_" + std::string(29, 'b') + "_key");
	EXPECT_EQ(unique.size(), 63u);
	EXPECT_EQ(makeObjectName(a61, std::string("d"), std::string("fkey"), catalog), std::string(56, 'a') + "_d_fkey");
	EXPECT_EQ(makeObjectName(a61, std::nullopt, std::string("pkey"), catalog), std::string(58, 'a') + "_pkey");
}

TEST(MakeObjectName, CutsMultibyteNamesAtACharacterBoundary)
{
	FakeCatalog catalog;
	std::string e, u;
	for (int i = 0; i < 31; i++)
	{
		e += "\u00e9";
		u += "\u00fc";
	}
	std::string name = makeObjectName(e, u, std::string("key"), catalog);
	std::string e14, u14;
	for (int i = 0; i < 14; i++)
	{
		e14 += "\u00e9";
		u14 += "\u00fc";
	}
	EXPECT_EQ(name, e14 + "_" + u14 + "_key");
	EXPECT_LE(name.size(), 63u);
	EXPECT_EQ(clipUtf8("\u00e9\u00e9", 3), 2u);
}

TEST(ChooseIndexColumnNames, NumbersRepeatedNames)
{
	FakeCatalog catalog;
	EXPECT_EQ(chooseIndexColumnNames({"c", "expr", "c", "lower"}, catalog),
			  (std::vector<std::string>{"c", "expr", "c1", "lower"}));
	EXPECT_EQ(nameAddition({"c", "expr", "c1", "lower"}), "c_expr_c1_lower");
}

TEST(NameChooser, SkipsTakenNamesLikeChooseRelationName)
{
	FakeCatalog catalog;
	catalog.relations.insert({"public", "orders_code_key"});
	catalog.constraints.insert({"public", "orders_code_key1"});
	NameChooser chooser(catalog);

	/* taken by a relation, then by a constraint elsewhere in the schema */
	EXPECT_EQ(chooser.relationName("public", "orders", std::string("code"), "key", true), "orders_code_key2");
	/* a name handed out once is not handed out again */
	EXPECT_EQ(chooser.relationName("public", "orders", std::string("code"), "key", true), "orders_code_key3");
	/* another schema is another namespace */
	EXPECT_EQ(chooser.relationName("other", "orders", std::string("code"), "key", true), "orders_code_key");

	chooser.reserve("public", "orders_pkey");
	EXPECT_EQ(chooser.constraintName("public", "orders", std::nullopt, "pkey"), "orders_pkey1");
}

TEST(NameChooser, TheCollisionNumberStillFitsIn63Bytes)
{
	FakeCatalog catalog;
	const std::string a61(61, 'a');
	const std::string b56(56, 'b');
	catalog.relations.insert({"public", std::string(29, 'a') + "_" + std::string(29, 'b') + "_key"});
	NameChooser chooser(catalog);
	EXPECT_EQ(chooser.relationName("public", a61, b56 + "_c", "key", true),
			  std::string(29, 'a') + "_" + std::string(28, 'b') + "_key1");
}

} /* namespace */
} /* namespace pgsafe */
