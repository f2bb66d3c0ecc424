/*-------------------------------------------------------------------------
 *
 * script_test.cpp
 *		The script scanner: comments, top-level semicolons and positions,
 *		through the quoting rules of PostgreSQL's lexer.
 *
 * IDENTIFICATION
 *	  test/unit/script_test.cpp
 *
 *-------------------------------------------------------------------------
 */
#include <gtest/gtest.h>

#include "core/script.hpp"

namespace pgsafe {
namespace {

std::vector<std::string>
bodies(const ScriptLayout &layout)
{
	std::vector<std::string> result;
	for (const auto &comment : layout.comments)
		result.push_back(comment.body);
	return result;
}

TEST(ScanScript, FindsLineAndNestedBlockComments)
{
	std::string text = "SELECT 1; -- one\n/* two /* nested */ still */ SELECT 2;";
	ScriptLayout layout = scanScript(text);

	EXPECT_EQ(bodies(layout), (std::vector<std::string>{" one", " two /* nested */ still "}));
	EXPECT_EQ(layout.comments[0].begin, text.find("--"));
	EXPECT_EQ(layout.comments[1].end, text.find(" SELECT 2"));
	EXPECT_EQ(layout.semicolons, (std::vector<std::size_t>{8, text.size() - 1}));
}

TEST(ScanScript, IgnoresCommentMarkersAndSemicolonsInsideQuotes)
{
	std::string text = "SELECT '-- no; ''still'' no', \"a;--b\", $$ -- ; $$, $fn$ ; $$ ; $fn$;";
	ScriptLayout layout = scanScript(text);

	EXPECT_TRUE(layout.comments.empty());
	EXPECT_EQ(layout.semicolons, (std::vector<std::size_t>{text.size() - 1}));
}

TEST(ScanScript, BackslashEscapesOnlyInEscapeStrings)
{
	/* E'\'' is one quote; in a standard string a backslash is a plain character */
	ScriptLayout escape = scanScript("SELECT E'\\'; -- no'; -- yes");
	EXPECT_EQ(bodies(escape), (std::vector<std::string>{" yes"}));

	ScriptLayout standard = scanScript("SELECT '\\'; -- yes");
	EXPECT_EQ(bodies(standard), (std::vector<std::string>{" yes"}));
	EXPECT_EQ(standard.semicolons.size(), 1u);
}

TEST(ScanScript, ParametersAndIdentifiersWithDollarsAreNotQuotes)
{
	ScriptLayout layout = scanScript("PREPARE p AS SELECT $1, a$b; -- c");
	EXPECT_EQ(bodies(layout), (std::vector<std::string>{" c"}));
	EXPECT_EQ(layout.semicolons.size(), 1u);
}

TEST(ScanScript, SemicolonsInsideParenthesesDoNotEndStatements)
{
	/* a multi-action rule */
	std::string text = "CREATE RULE r AS ON INSERT TO t DO ALSO (NOTIFY a; NOTIFY b); SELECT 1;";
	ScriptLayout layout = scanScript(text);
	EXPECT_EQ(layout.semicolons, (std::vector<std::size_t>{text.find("); S") + 1, text.size() - 1}));
}

TEST(ScanScript, UnterminatedQuoteRunsToTheEnd)
{
	ScriptLayout layout = scanScript("SELECT 'open; -- x");
	EXPECT_TRUE(layout.comments.empty());
	EXPECT_TRUE(layout.semicolons.empty());
}

TEST(SkipBlanksAndComments, StopsAtTheFirstToken)
{
	std::string text = " \n-- a\n/* b */\tALTER TABLE t";
	EXPECT_EQ(skipBlanksAndComments(text, 0, text.size()), text.find("ALTER"));
	EXPECT_EQ(skipBlanksAndComments(text, 0, 3), 3u);
	EXPECT_EQ(skipBlanksAndComments("  ", 0, 2), 2u);
}

TEST(PositionOf, CountsLinesAndCharactersNotBytes)
{
	std::string text = "é\nab ü x";
	EXPECT_EQ(positionOf(text, 0).line, 1);
	EXPECT_EQ(positionOf(text, 0).column, 1);
	std::size_t x = text.find('x');
	EXPECT_EQ(positionOf(text, x).line, 2);
	EXPECT_EQ(positionOf(text, x).column, 6);
	EXPECT_EQ(positionOf(text, text.size() + 10).column, 7);
}

TEST(OffsetOfCharacter, MapsPostgresCursorPositions)
{
	std::string text = "éa\nü";
	EXPECT_EQ(offsetOfCharacter(text, 1), 0u);
	EXPECT_EQ(offsetOfCharacter(text, 2), 2u); /* 'a' after the two bytes of é */
	EXPECT_EQ(offsetOfCharacter(text, 4), 4u); /* ü */
	EXPECT_EQ(offsetOfCharacter(text, 9), text.size());
}

TEST(CompactSql, DropsCommentsAndCollapsesBlanks)
{
	EXPECT_EQ(compactSql("  ADD COLUMN a int -- for X\n  , b /* why */ int\n"), "ADD COLUMN a int, b int");
	EXPECT_EQ(compactSql("(\n  id, -- first\n  created /* second */\n) -- end\n"), "(id, created)");
	EXPECT_EQ(compactSql("a/*x*/b"), "a b");
	EXPECT_EQ(compactSql("-- only a comment"), "");
}

TEST(CompactSql, KeepsQuotedTextByteForByte)
{
	EXPECT_EQ(compactSql("WHERE note = 'on  hold'  AND x"), "WHERE note = 'on  hold' AND x");
	EXPECT_EQ(compactSql("\"two  spaces\"   SET NOT NULL"), "\"two  spaces\" SET NOT NULL");
	EXPECT_EQ(compactSql("E'a\\'  -- b'  ,  c"), "E'a\\'  -- b', c");
	EXPECT_EQ(compactSql("$f$ x  -- y $f$   z"), "$f$ x  -- y $f$ z");
	EXPECT_EQ(compactSql("'it''s  --  here'"), "'it''s  --  here'");
}

TEST(LinePositions, AgreesWithAWalkFromTheStart)
{
	const std::string text = "\xc3\xa9"
							 "a\n\nb\xc3\xbc c\n  -- d\n\xe2\x82\xac;";
	LinePositions lines(text);
	int line = 1, column = 1;
	for (std::size_t offset = 0; offset <= text.size(); offset++)
	{
		if (offset > 0)
		{
			unsigned char c = static_cast<unsigned char>(text[offset - 1]);
			if (c == '\n')
			{
				line++;
				column = 1;
			}
			else if ((c & 0xC0) != 0x80)
				column++;
		}
		EXPECT_EQ(lines.at(offset).line, line) << offset;
		EXPECT_EQ(lines.at(offset).column, column) << offset;
	}
	EXPECT_EQ(lines.at(text.size() + 5).line, line);
}

} /* namespace */
} /* namespace pgsafe */
