/*-------------------------------------------------------------------------
 *
 * plpgsql.cpp
 *		Cut the body of a PL/pgSQL block into its plain statements.
 *
 * IDENTIFICATION
 *	  src/core/plpgsql.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/plpgsql.hpp"

#include "core/interrupts.hpp"

#include "core/pure.hpp"

namespace pgsafe {

namespace {

bool
isWord(const BodyToken &token, const char *word)
{
	return token.kind == BodyToken::Kind::Word && token.text == word;
}

bool
isPunct(const BodyToken &token, char c)
{
	return token.kind == BodyToken::Kind::Punct && token.text.size() == 1 && token.text[0] == c;
}

bool
isOperator(const BodyToken &token, const char *op)
{
	return token.kind == BodyToken::Kind::Operator && token.text == op;
}

/* Words after which PL/pgSQL expects a statement (or a declaration). */
bool
opensStatements(const BodyToken &token)
{
	for (const char *word : {"declare", "begin", "exception", "then", "else", "loop"})
		if (isWord(token, word))
			return true;
	return false;
}

/*
 * The word a control statement's head ends at: IF cond THEN, WHILE cond
 * LOOP, CASE expr WHEN ...; nullptr if the token begins no such head.
 */
const char *
headEnd(const BodyToken &token)
{
	if (isWord(token, "if") || isWord(token, "elsif") || isWord(token, "elseif") || isWord(token, "when"))
		return "then";
	if (isWord(token, "while") || isWord(token, "for") || isWord(token, "foreach"))
		return "loop";
	if (isWord(token, "case"))
		return "when";
	return nullptr;
}

/*
 * The index of the token ending the head that begins at i (the THEN, LOOP
 * or WHEN), outside parentheses and CASE ... END expressions; a ';' or the
 * end of the tokens also ends it.
 */
std::size_t
skipHead(const std::vector<BodyToken> &tokens, std::size_t i, const char *end)
{
	int depth = 0;
	int cases = 0;

	for (std::size_t j = i + 1; j < tokens.size(); j++)
	{
		const BodyToken &token = tokens[j];
		checkInterrupts();
		if (isPunct(token, '(') || isPunct(token, '['))
			depth++;
		else if (isPunct(token, ')') || isPunct(token, ']'))
			depth--;
		else if (depth > 0)
			continue;
		else if (isPunct(token, ';'))
			return j;
		else if (isWord(token, "case"))
			cases++;
		else if (isWord(token, "end") && cases > 0)
			cases--;
		else if (cases == 0 && isWord(token, end))
			return j;
	}
	return tokens.size();
}

/* The index of the ';' that ends the plain statement beginning at i, outside parentheses; tokens.size() if none. */
std::size_t
statementEnd(const std::vector<BodyToken> &tokens, std::size_t i)
{
	int depth = 0;

	for (std::size_t j = i; j < tokens.size(); j++)
	{
		const BodyToken &token = tokens[j];
		checkInterrupts();
		if (isPunct(token, '(') || isPunct(token, '['))
			depth++;
		else if (isPunct(token, ')') || isPunct(token, ']'))
			depth--;
		else if (depth <= 0 && isPunct(token, ';'))
			return j;
	}
	return tokens.size();
}

} /* namespace */

std::vector<BodyStatement>
plpgsqlStatements(const std::vector<BodyToken> &tokens, std::size_t bodyLength)
{
	std::vector<BodyStatement> statements;
	std::size_t i = 0;
	bool declaring = false; /* in a DECLARE section, which holds declarations up to its BEGIN */

	while (i < tokens.size())
	{
		const BodyToken &token = tokens[i];
		checkInterrupts();

		if (isWord(token, "declare") || isWord(token, "begin"))
			declaring = isWord(token, "declare");
		if (isPunct(token, ';') || opensStatements(token))
		{
			i++;
			continue;
		}
		/* a declaration: "lock int;" declares a variable, it locks nothing */
		if (declaring)
		{
			i = statementEnd(tokens, i) + 1;
			continue;
		}
		/* <<label>> */
		if (isOperator(token, "<<"))
		{
			while (i < tokens.size() && !isOperator(tokens[i], ">>"))
				i++;
			i++;
			continue;
		}
		/* a compiler option on a line of its own: #variable_conflict use_column */
		if (isOperator(token, "#"))
		{
			i++;
			for (int words = 0; words < 2 && i < tokens.size() && tokens[i].kind == BodyToken::Kind::Word; words++)
				i++;
			continue;
		}
		if (const char *end = headEnd(token))
		{
			std::size_t j = skipHead(tokens, i, end);
			/* CASE x WHEN: the WHEN begins a head of its own */
			i = isWord(token, "case") ? j : j + 1;
			continue;
		}
		std::size_t j = statementEnd(tokens, i);
		/* END [IF | LOOP | CASE | label]; ends a block, it is no statement */
		if (!isWord(token, "end"))
			statements.push_back(BodyStatement{i, j, token.begin, j < tokens.size() ? tokens[j].begin : bodyLength});
		i = j + 1;
	}
	return statements;
}

int
executedConstant(const std::vector<BodyToken> &tokens, const BodyStatement &statement)
{
	if (statement.last - statement.first < 2 || !isWord(tokens[statement.first], "execute"))
		return -1;
	std::size_t literal = statement.first + 1;
	if (tokens[literal].kind != BodyToken::Kind::String)
		return -1;
	if (literal + 1 < statement.last && !isWord(tokens[literal + 1], "using") && !isWord(tokens[literal + 1], "into"))
		return -1;
	return static_cast<int>(literal);
}

} /* namespace pgsafe */
