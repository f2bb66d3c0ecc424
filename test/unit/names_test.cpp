/*-------------------------------------------------------------------------
 *
 * names_test.cpp
 *		Quoting and default names, checked against what PostgreSQL 15 does:
 *		quote_identifier() and quote_literal(), makeObjectName() with its
 *		63-byte truncation of the longer name first, pg_mbcliplen() for UTF8,
 *		ChooseIndexColumnNames(), the name additions, and the collision
 *		numbering of ChooseRelationName() and ChooseConstraintName().
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

std::string
repeat(const std::string &piece, int times)
{
	std::string s;
	for (int i = 0; i < times; i++)
		s += piece;
	return s;
}

const std::string kEacute = "\u00e9";       /* 2 bytes in UTF-8 */
const std::string kUuml = "\u00fc";         /* 2 bytes */
const std::string kNichi = "\u65e5";        /* 3 bytes */
const std::string kGrinning = "\U0001F600"; /* 4 bytes */

/* ---------------------------------------------------------------- quote_identifier */

TEST(QuoteIdentifier, LeavesPlainLowerCaseNamesAlone)
{
	FakeCatalog catalog;
	EXPECT_EQ(quoteIdentifier("orders", catalog), "orders");
	EXPECT_EQ(quoteIdentifier("_x1", catalog), "_x1");
	EXPECT_EQ(quoteIdentifier("x", catalog), "x");
	EXPECT_EQ(quoteIdentifier("order_items_2025", catalog), "order_items_2025");
	EXPECT_EQ(quoteIdentifier("_", catalog), "_");
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

TEST(QuoteIdentifier, AnyUpperCaseLetterAnywhereIsQuoted)
{
	FakeCatalog catalog;
	EXPECT_EQ(quoteIdentifier("ORDERS", catalog), "\"ORDERS\"");
	EXPECT_EQ(quoteIdentifier("orderS", catalog), "\"orderS\"");
	EXPECT_EQ(quoteIdentifier("H Keys_Id_not_null", catalog), "\"H Keys_Id_not_null\"");
}

TEST(QuoteIdentifier, SpacesAndPunctuationAreQuoted)
{
	FakeCatalog catalog;
	EXPECT_EQ(quoteIdentifier("has space", catalog), "\"has space\"");
	EXPECT_EQ(quoteIdentifier(" lead", catalog), "\" lead\"");
	EXPECT_EQ(quoteIdentifier("trail ", catalog), "\"trail \"");
	EXPECT_EQ(quoteIdentifier("two  spaces", catalog), "\"two  spaces\"");
	/* '$' is legal in an unquoted identifier, but quote_identifier() quotes it all the same */
	EXPECT_EQ(quoteIdentifier("a$b", catalog), "\"a$b\"");
	EXPECT_EQ(quoteIdentifier("a-b", catalog), "\"a-b\"");
	EXPECT_EQ(quoteIdentifier("a.b", catalog), "\"a.b\"");
	EXPECT_EQ(quoteIdentifier("9", catalog), "\"9\"");
}

TEST(QuoteIdentifier, EmbeddedDoubleQuotesAreDoubled)
{
	FakeCatalog catalog;
	EXPECT_EQ(quoteIdentifier("\"", catalog), "\"\"\"\"");
	EXPECT_EQ(quoteIdentifier("\"\"", catalog), "\"\"\"\"\"\"");
	EXPECT_EQ(quoteIdentifier("say \"hi\"", catalog), "\"say \"\"hi\"\"\"");
	EXPECT_EQ(quoteIdentifier("\"quoted\"", catalog), "\"\"\"quoted\"\"\"");
}

TEST(QuoteIdentifier, KeywordsAreQuotedOnlyWhenTheOracleSaysSo)
{
	FakeCatalog catalog;
	for (const std::string &reserved : catalog.keywords)
		EXPECT_EQ(quoteIdentifier(reserved, catalog), "\"" + reserved + "\"") << reserved;

	/* unreserved keywords read as identifiers: quote_ident('name') is name */
	EXPECT_EQ(quoteIdentifier("name", catalog), "name");
	EXPECT_EQ(quoteIdentifier("key", catalog), "key");

	/* the decision is the oracle's, that is the server's keyword list */
	catalog.keywords = {"orders"};
	EXPECT_EQ(quoteIdentifier("orders", catalog), "\"orders\"");
	EXPECT_EQ(quoteIdentifier("user", catalog), "user");
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

TEST(QuoteIdentifier, UnicodeInEveryPosition)
{
	FakeCatalog catalog;
	EXPECT_EQ(quoteIdentifier("na\u00efve", catalog), "\"na\u00efve\"");
	EXPECT_EQ(quoteIdentifier(kNichi + "_t", catalog), "\"" + kNichi + "_t\"");
	EXPECT_EQ(quoteIdentifier("t_" + kGrinning, catalog), "\"t_" + kGrinning + "\"");
	/* the bytes are kept as they are, never escaped */
	EXPECT_EQ(quoteIdentifier(repeat(kEacute, 31), catalog), "\"" + repeat(kEacute, 31) + "\"");
}

TEST(QuoteQualified, SchemaAndNameQuotedEachOnTheirOwn)
{
	FakeCatalog catalog;
	EXPECT_EQ(quoteQualified(QualifiedName{"public", "orders"}, catalog), "public.orders");
	EXPECT_EQ(quoteQualified(QualifiedName{"public", "user"}, catalog), "public.\"user\"");
	EXPECT_EQ(quoteQualified(QualifiedName{"Sales", "Order Lines"}, catalog), "\"Sales\".\"Order Lines\"");
	EXPECT_EQ(quoteQualified(QualifiedName{"a.b", "c"}, catalog), "\"a.b\".c");
	/* no schema: the bare name */
	EXPECT_EQ(quoteQualified(QualifiedName{"", "orders"}, catalog), "orders");
	EXPECT_EQ(quoteQualified(QualifiedName{"", "Orders"}, catalog), "\"Orders\"");
}

TEST(QuoteIdentifierList, CommaSeparated)
{
	FakeCatalog catalog;
	EXPECT_EQ(quoteIdentifierList({}, catalog), "");
	EXPECT_EQ(quoteIdentifierList({"id"}, catalog), "id");
	EXPECT_EQ(quoteIdentifierList({"Id", "user"}, catalog), "\"Id\", \"user\"");
}

/* ---------------------------------------------------------------- quote_literal */

TEST(QuoteLiteral, DoublesQuotesAndUsesEscapeSyntaxForBackslashes)
{
	EXPECT_EQ(quoteLiteral("abc"), "'abc'");
	EXPECT_EQ(quoteLiteral("it's"), "'it''s'");
	EXPECT_EQ(quoteLiteral("a\\b"), "E'a\\\\b'");
}

TEST(QuoteLiteral, EdgeCases)
{
	EXPECT_EQ(quoteLiteral(""), "''");
	EXPECT_EQ(quoteLiteral("'"), "''''");
	EXPECT_EQ(quoteLiteral("''"), "''''''");
	EXPECT_EQ(quoteLiteral("\\"), "E'\\\\'");
	EXPECT_EQ(quoteLiteral("\\\\"), "E'\\\\\\\\'");
	/* a quote and a backslash together: both doubled, and E'' for the backslash */
	EXPECT_EQ(quoteLiteral("it's a\\b"), "E'it''s a\\\\b'");
	/* double quotes are not special in a literal */
	EXPECT_EQ(quoteLiteral("public.\"My Seq\""), "'public.\"My Seq\"'");
	EXPECT_EQ(quoteLiteral("\u00e9t\u00e9"), "'\u00e9t\u00e9'");
	EXPECT_EQ(quoteLiteral("line\nbreak"), "'line\nbreak'");
}

/* ---------------------------------------------------------------- pg_mbcliplen */

TEST(ClipUtf8, AsciiIsCutWhereAsked)
{
	EXPECT_EQ(clipUtf8("abcdef", 3), 3u);
	EXPECT_EQ(clipUtf8("abcdef", 6), 6u);
	EXPECT_EQ(clipUtf8("abcdef", 100), 6u);
	EXPECT_EQ(clipUtf8("abcdef", 0), 0u);
	EXPECT_EQ(clipUtf8("", 5), 0u);
}

TEST(ClipUtf8, NeverInsideAMultibyteCharacter)
{
	const std::string aE = "a" + kEacute; /* 61 C3 A9 */
	EXPECT_EQ(clipUtf8(aE, 1), 1u);
	EXPECT_EQ(clipUtf8(aE, 2), 1u);
	EXPECT_EQ(clipUtf8(aE, 3), 3u);

	const std::string nichiNichi = kNichi + kNichi; /* two 3-byte characters */
	EXPECT_EQ(clipUtf8(nichiNichi, 2), 0u);
	EXPECT_EQ(clipUtf8(nichiNichi, 3), 3u);
	EXPECT_EQ(clipUtf8(nichiNichi, 4), 3u);
	EXPECT_EQ(clipUtf8(nichiNichi, 5), 3u);
	EXPECT_EQ(clipUtf8(nichiNichi, 6), 6u);

	const std::string emoji = "a" + kGrinning + "b"; /* 61 F0 9F 98 80 62 */
	for (std::size_t limit = 1; limit <= 4; limit++)
		EXPECT_EQ(clipUtf8(emoji, limit), 1u) << limit;
	EXPECT_EQ(clipUtf8(emoji, 5), 5u);
	EXPECT_EQ(clipUtf8(emoji, 6), 6u);
	EXPECT_EQ(clipUtf8(kEacute + kEacute, 3), 2u);
}

/* ---------------------------------------------------------------- makeObjectName */

TEST(MakeObjectName, PlainNames)
{
	FakeCatalog catalog;
	EXPECT_EQ(makeObjectName("orders", std::string("code"), std::string("key"), catalog), "orders_code_key");
	EXPECT_EQ(makeObjectName("orders", std::nullopt, std::string("pkey"), catalog), "orders_pkey");
	EXPECT_EQ(makeObjectName("orders", std::string("a_b"), std::string("key"), catalog), "orders_a_b_key");
}

TEST(MakeObjectName, EveryDefaultLabel)
{
	FakeCatalog catalog;
	EXPECT_EQ(makeObjectName("t", std::string("col"), std::string("key"), catalog), "t_col_key");
	EXPECT_EQ(makeObjectName("t", std::nullopt, std::string("pkey"), catalog), "t_pkey");
	EXPECT_EQ(makeObjectName("t", std::string("col"), std::string("fkey"), catalog), "t_col_fkey");
	EXPECT_EQ(makeObjectName("t", nameAddition({"a", "b"}), std::string("key"), catalog), "t_a_b_key");
	EXPECT_EQ(makeObjectName("t", std::string("col"), std::string("idx"), catalog), "t_col_idx");
	EXPECT_EQ(makeObjectName("t", std::string("col"), std::string("excl"), catalog), "t_col_excl");
	EXPECT_EQ(makeObjectName("t", std::string("col"), std::string("seq"), catalog), "t_col_seq");
	EXPECT_EQ(makeObjectName("t", std::string("col"), std::string("not_null"), catalog), "t_col_not_null");
	/* no label, or neither a second name nor a label */
	EXPECT_EQ(makeObjectName("t", std::string("col"), std::nullopt, catalog), "t_col");
	EXPECT_EQ(makeObjectName("t", std::nullopt, std::nullopt, catalog), "t");
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

TEST(MakeObjectName, ExactlySixtyThreeBytesIsNotTruncated)
{
	FakeCatalog catalog;
	/* 50 + "_" + 8 + "_key" = 63 */
	std::string name = makeObjectName(std::string(50, 'a'), std::string(8, 'b'), std::string("key"), catalog);
	EXPECT_EQ(name, std::string(50, 'a') + "_" + std::string(8, 'b') + "_key");
	EXPECT_EQ(name.size(), 63u);

	/* one byte more: the longer name gives it back */
	EXPECT_EQ(makeObjectName(std::string(51, 'a'), std::string(8, 'b'), std::string("key"), catalog), name);
	EXPECT_EQ(makeObjectName(std::string(8, 'b'), std::string(51, 'a'), std::string("key"), catalog),
			  std::string(8, 'b') + "_" + std::string(50, 'a') + "_key");
}

TEST(MakeObjectName, TheSecondNameLosesWhenItIsLonger)
{
	FakeCatalog catalog;
	std::string name = makeObjectName("t", std::string(70, 'c'), std::string("key"), catalog);
	EXPECT_EQ(name, "t_" + std::string(57, 'c') + "_key");
	EXPECT_EQ(name.size(), 63u);
}

TEST(MakeObjectName, OnATieTheSecondNameLosesFirst)
{
	FakeCatalog catalog;
	/*
	 * 40 + 40 into 57 bytes: the loop takes from name2 when the lengths are
	 * equal, so it ends with name1 one byte longer.
	 */
	std::string name = makeObjectName(std::string(40, 'a'), std::string(40, 'b'), std::string("fkey"), catalog);
	EXPECT_EQ(name, std::string(29, 'a') + "_" + std::string(28, 'b') + "_fkey");
	EXPECT_EQ(name.size(), 63u);
}

TEST(MakeObjectName, WithoutASecondNameOnlyTheFirstIsCut)
{
	FakeCatalog catalog;
	EXPECT_EQ(makeObjectName(std::string(70, 'a'), std::nullopt, std::string("pkey"), catalog),
			  std::string(58, 'a') + "_pkey");
	EXPECT_EQ(makeObjectName(std::string(70, 'a'), std::nullopt, std::nullopt, catalog), std::string(63, 'a'));
	/* a numbered label takes its room from the names */
	EXPECT_EQ(makeObjectName(std::string(70, 'a'), std::nullopt, std::string("pkey12"), catalog),
			  std::string(56, 'a') + "_pkey12");
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

TEST(MakeObjectName, AMultibyteCutCanLeaveTheNameShorterThan63Bytes)
{
	FakeCatalog catalog;
	/* 62 bytes of name1 must lose 5; 57 falls inside a character, so 56 are kept */
	std::string name = makeObjectName(repeat(kEacute, 31), std::string("x"), std::string("key"), catalog);
	EXPECT_EQ(name, repeat(kEacute, 28) + "_x_key");
	EXPECT_EQ(name.size(), 62u);

	/* 3-byte characters in the second name: 29 bytes allotted, 27 kept */
	name = makeObjectName(std::string(40, 'a'), repeat(kNichi, 14), std::string("key"), catalog);
	EXPECT_EQ(name, std::string(29, 'a') + "_" + repeat(kNichi, 9) + "_key");
	EXPECT_EQ(name.size(), 61u);

	/* a 4-byte character is never split either */
	name = makeObjectName(repeat(kGrinning, 16), std::nullopt, std::string("pkey"), catalog);
	EXPECT_EQ(name, repeat(kGrinning, 14) + "_pkey");
}

/* ---------------------------------------------------------------- name additions */

TEST(NameAddition, JoinsWithUnderscoresUntilNamedatalen)
{
	EXPECT_EQ(nameAddition({}), "");
	EXPECT_EQ(nameAddition({"a"}), "a");
	EXPECT_EQ(nameAddition({"a", "b"}), "a_b");
	EXPECT_EQ(nameAddition({"customer_id", "at"}), "customer_id_at");
	/* each name counts for at most 63 bytes */
	EXPECT_EQ(nameAddition({std::string(70, 'a')}), std::string(63, 'a'));
	/* once 64 bytes are reached the rest is left out (makeObjectName cuts anyway) */
	EXPECT_EQ(nameAddition({std::string(40, 'a'), std::string(40, 'b'), "c"}),
			  std::string(40, 'a') + "_" + std::string(40, 'b'));
	EXPECT_EQ(nameAddition({std::string(63, 'a'), "b", "c"}), std::string(63, 'a') + "_b");
}

TEST(ChooseIndexColumnNames, NumbersRepeatedNames)
{
	FakeCatalog catalog;
	EXPECT_EQ(chooseIndexColumnNames({"c", "expr", "c", "lower"}, catalog),
			  (std::vector<std::string>{"c", "expr", "c1", "lower"}));
	EXPECT_EQ(nameAddition({"c", "expr", "c1", "lower"}), "c_expr_c1_lower");
}

TEST(ChooseIndexColumnNames, EachRepeatGetsTheNextFreeNumber)
{
	FakeCatalog catalog;
	EXPECT_EQ(chooseIndexColumnNames({}, catalog), std::vector<std::string>{});
	EXPECT_EQ(chooseIndexColumnNames({"a", "a", "a"}, catalog), (std::vector<std::string>{"a", "a1", "a2"}));
	/* a1 written by the user is taken, so the repeat of a skips to a2 */
	EXPECT_EQ(chooseIndexColumnNames({"a", "a1", "a"}, catalog), (std::vector<std::string>{"a", "a1", "a2"}));
	EXPECT_EQ(chooseIndexColumnNames({"expr", "expr"}, catalog), (std::vector<std::string>{"expr", "expr1"}));

	std::vector<std::string> twelve(12, "a");
	std::vector<std::string> chosen = chooseIndexColumnNames(twelve, catalog);
	EXPECT_EQ(chosen[10], "a10");
	EXPECT_EQ(chosen[11], "a11");
}

TEST(ChooseIndexColumnNames, NumberedNamesStayWithin63Bytes)
{
	FakeCatalog catalog;
	const std::string a63(63, 'a');
	EXPECT_EQ(chooseIndexColumnNames({a63, a63}, catalog), (std::vector<std::string>{a63, std::string(62, 'a') + "1"}));

	/* 21 three-byte characters: 62 bytes would cut one, so 60 are kept */
	const std::string nichi21 = repeat(kNichi, 21);
	EXPECT_EQ(chooseIndexColumnNames({nichi21, nichi21}, catalog),
			  (std::vector<std::string>{nichi21, repeat(kNichi, 20) + "1"}));
}

/* ---------------------------------------------------------------- collisions */

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

TEST(NameChooser, FreeNamesAreTakenAsTheyAre)
{
	FakeCatalog catalog;
	NameChooser chooser(catalog);
	EXPECT_EQ(chooser.relationName("public", "t", std::string("col"), "key", true), "t_col_key");
	EXPECT_EQ(chooser.relationName("public", "t", std::nullopt, "pkey", true), "t_pkey");
	EXPECT_EQ(chooser.relationName("public", "t", std::string("col"), "idx", false), "t_col_idx");
	EXPECT_EQ(chooser.constraintName("public", "t", std::string("col"), "fkey"), "t_col_fkey");
	EXPECT_EQ(&chooser.oracle(), &catalog);
}

TEST(NameChooser, IndexNamesIgnoreConstraintNames)
{
	FakeCatalog catalog;
	catalog.constraints.insert({"public", "t_col_idx"});
	catalog.constraints.insert({"public", "t_col_key"});
	NameChooser chooser(catalog);

	/* ChooseRelationName(..., isconstraint = false): only relations count */
	EXPECT_EQ(chooser.relationName("public", "t", std::string("col"), "idx", false), "t_col_idx");
	/* isconstraint = true: a constraint of that name anywhere in the schema counts too */
	EXPECT_EQ(chooser.relationName("public", "t", std::string("col"), "key", true), "t_col_key1");
}

TEST(NameChooser, ConstraintNamesIgnoreRelationNames)
{
	FakeCatalog catalog;
	/* ChooseConstraintName looks at pg_constraint only */
	catalog.relations.insert({"public", "t_col_fkey"});
	NameChooser chooser(catalog);
	EXPECT_EQ(chooser.constraintName("public", "t", std::string("col"), "fkey"), "t_col_fkey");

	catalog.constraints.insert({"public", "t_col2_fkey"});
	EXPECT_EQ(chooser.constraintName("public", "t", std::string("col2"), "fkey"), "t_col2_fkey1");
}

TEST(NameChooser, CountsPastNine)
{
	FakeCatalog catalog;
	catalog.relations.insert({"public", "t_col_key"});
	for (int i = 1; i <= 9; i++)
		catalog.relations.insert({"public", "t_col_key" + std::to_string(i)});
	NameChooser chooser(catalog);
	EXPECT_EQ(chooser.relationName("public", "t", std::string("col"), "key", true), "t_col_key10");
	EXPECT_EQ(chooser.relationName("public", "t", std::string("col"), "key", true), "t_col_key11");
}

TEST(NameChooser, ReservedNamesAreTaken)
{
	FakeCatalog catalog;
	NameChooser chooser(catalog);
	chooser.reserve("public", "t_col_idx");
	chooser.reserve("public", "t_col_fkey");
	EXPECT_EQ(chooser.relationName("public", "t", std::string("col"), "idx", false), "t_col_idx1");
	EXPECT_EQ(chooser.constraintName("public", "t", std::string("col"), "fkey"), "t_col_fkey1");
	/* reserved in one schema only */
	EXPECT_EQ(chooser.relationName("other", "t", std::string("col"), "idx", false), "t_col_idx");
}

TEST(NameChooser, MultibyteNamesWithACollisionNumber)
{
	FakeCatalog catalog;
	const std::string e31 = repeat(kEacute, 31);
	catalog.relations.insert({"public", repeat(kEacute, 28) + "_x_key"});
	NameChooser chooser(catalog);
	/* "key1" leaves 57 bytes for the names: still 28 characters of name1 */
	std::string name = chooser.relationName("public", e31, std::string("x"), "key", true);
	EXPECT_EQ(name, repeat(kEacute, 28) + "_x_key1");
	EXPECT_EQ(name.size(), 63u);
}

} /* namespace */
} /* namespace pgsafe */
