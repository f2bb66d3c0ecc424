/*-------------------------------------------------------------------------
 *
 * plpgsql_test.cpp
 *		The plain statements pgsafe.check() finds in a PL/pgSQL block.
 *
 * The server lexes the body with its own scanner; here a small tokenizer
 * stands in for it, enough for the bodies below.
 *
 * IDENTIFICATION
 *	  test/unit/plpgsql_test.cpp
 *
 *-------------------------------------------------------------------------
 */
#include <gtest/gtest.h>

#include <cctype>

#include "core/plpgsql.hpp"

namespace pgsafe {
namespace {

std::vector<BodyToken>
tokenize(const std::string &body)
{
	std::vector<BodyToken> tokens;
	std::size_t i = 0;
	while (i < body.size())
	{
		unsigned char c = static_cast<unsigned char>(body[i]);
		BodyToken token;
		token.begin = i;
		if (std::isspace(c))
		{
			i++;
			continue;
		}
		if (std::isalpha(c) || c == '_')
		{
			std::size_t j = i;
			while (j < body.size() && (std::isalnum(static_cast<unsigned char>(body[j])) || body[j] == '_'))
				j++;
			token.kind = BodyToken::Kind::Word;
			for (std::size_t k = i; k < j; k++)
				token.text += static_cast<char>(std::tolower(static_cast<unsigned char>(body[k])));
			i = j;
		}
		else if (c == '\'')
		{
			std::size_t j = i + 1;
			while (j < body.size() && body[j] != '\'')
				token.text += body[j++];
			token.kind = BodyToken::Kind::String;
			i = j + 1;
		}
		else if (std::isdigit(c))
		{
			while (i < body.size() && std::isdigit(static_cast<unsigned char>(body[i])))
				i++;
			token.kind = BodyToken::Kind::Other;
		}
		else if (body.compare(i, 2, "<<") == 0 || body.compare(i, 2, ">>") == 0 || body.compare(i, 2, ":=") == 0)
		{
			token.kind = BodyToken::Kind::Operator;
			token.text = body.substr(i, 2);
			i += 2;
		}
		else if (c == '#' || c == '=' || c == '>' || c == '<')
		{
			token.kind = BodyToken::Kind::Operator;
			token.text = std::string(1, static_cast<char>(c));
			i++;
		}
		else
		{
			token.kind = BodyToken::Kind::Punct;
			token.text = std::string(1, static_cast<char>(c));
			i++;
		}
		tokens.push_back(token);
	}
	return tokens;
}

/* The text of each plain statement. */
std::vector<std::string>
statementsOf(const std::string &body)
{
	std::vector<BodyToken> tokens = tokenize(body);
	std::vector<std::string> texts;
	for (const BodyStatement &s : plpgsqlStatements(tokens, body.size()))
		texts.push_back(body.substr(s.begin, s.end - s.begin));
	return texts;
}

TEST(PlpgsqlStatements, DrizzleForeignKey)
{
	EXPECT_EQ(statementsOf(" BEGIN\n ALTER TABLE a ADD CONSTRAINT f FOREIGN KEY (b) REFERENCES c (id);\n"
						   "EXCEPTION\n WHEN duplicate_object THEN null;\nEND "),
			  (std::vector<std::string>{"ALTER TABLE a ADD CONSTRAINT f FOREIGN KEY (b) REFERENCES c (id)", "null"}));
}

TEST(PlpgsqlStatements, ControlHeadsAreNoStatements)
{
	EXPECT_EQ(statementsOf("<<outer>> DECLARE n int := 0; BEGIN "
						   "IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'x') THEN CREATE INDEX i ON t (a); "
						   "ELSIF n > (CASE WHEN n > 1 THEN 1 ELSE 0 END) THEN DROP INDEX i; "
						   "ELSE ALTER TABLE t ADD UNIQUE (a); END IF; "
						   "FOR r IN SELECT * FROM t LOOP CREATE INDEX ON t (b); END LOOP; "
						   "WHILE n < 3 LOOP n := n + 1; END LOOP; "
						   "CASE n WHEN 1 THEN CREATE INDEX ON t (c); ELSE NULL; END CASE; "
						   "END"),
			  (std::vector<std::string>{"CREATE INDEX i ON t (a)",
										"DROP INDEX i",
										"ALTER TABLE t ADD UNIQUE (a)",
										"CREATE INDEX ON t (b)",
										"n := n + 1",
										"CREATE INDEX ON t (c)",
										"NULL"}));
}

TEST(PlpgsqlStatements, NestedBlocksOptionsAndLastStatementWithoutSemicolon)
{
	EXPECT_EQ(statementsOf("#variable_conflict use_column\nBEGIN BEGIN CREATE INDEX ON t (a); END; "
						   "CREATE INDEX ON t (b) END"),
			  (std::vector<std::string>{"CREATE INDEX ON t (a)", "CREATE INDEX ON t (b) END"}));
	EXPECT_TRUE(statementsOf("").empty());
	EXPECT_TRUE(statementsOf("BEGIN END").empty());
}

TEST(PlpgsqlStatements, DeclarationsAreNoStatements)
{
	/* variables named lock and reset, a cursor; a nested block declares again */
	EXPECT_EQ(statementsOf("DECLARE lock int; reset text := 'search_path'; c CURSOR FOR SELECT 1; "
						   "BEGIN LOCK TABLE t; DECLARE drop int; BEGIN DROP INDEX i; END; END"),
			  (std::vector<std::string>{"LOCK TABLE t", "DROP INDEX i"}));
	EXPECT_EQ(statementsOf("<<b>> DECLARE BEGIN CREATE INDEX ON t (a); END"),
			  (std::vector<std::string>{"CREATE INDEX ON t (a)"}));
}

TEST(PlpgsqlStatements, ExecuteOfAConstant)
{
	std::string body = "BEGIN EXECUTE 'CREATE INDEX ON t (a)'; EXECUTE 'x' || y; EXECUTE 'z' USING 1; "
					   "EXECUTE format('%s', 1); END";
	std::vector<BodyToken> tokens = tokenize(body);
	std::vector<BodyStatement> statements = plpgsqlStatements(tokens, body.size());
	ASSERT_EQ(statements.size(), 4u);
	ASSERT_GE(executedConstant(tokens, statements[0]), 0);
	EXPECT_EQ(tokens[executedConstant(tokens, statements[0])].text, "CREATE INDEX ON t (a)");
	EXPECT_LT(executedConstant(tokens, statements[1]), 0);
	EXPECT_GE(executedConstant(tokens, statements[2]), 0);
	EXPECT_LT(executedConstant(tokens, statements[3]), 0);
}

} /* namespace */
} /* namespace pgsafe */
