/*-------------------------------------------------------------------------
 *
 * plpgsql.hpp
 *		Find the plain SQL statements in the body of a PL/pgSQL block.
 *
 * pgsafe.check() checks the statements of a DO block.  PostgreSQL's own
 * PL/pgSQL compiler is not used for that: compiling a block resolves the
 * types of its variables, which opens the tables of %ROWTYPE and composite
 * variables under a lock that waits behind a queued ACCESS EXCLUSIVE, and
 * fails on a type an earlier statement of the script creates.  Instead the
 * body is lexed by the server's core scanner (the adapter's part) and cut
 * into statements here: a statement of PL/pgSQL begins where the grammar
 * expects one -- at the start of the body, after a ';', after BEGIN,
 * EXCEPTION, THEN, ELSE and LOOP, after a <<label>> -- and a plain one ends
 * at the next ';' outside parentheses.  Between DECLARE and BEGIN are
 * declarations, which are no statements.  The heads of IF, ELSIF,
 * CASE, WHEN, WHILE, FOR and FOREACH run to their THEN or LOOP (a CASE
 * expression in them counted), and END to its ';'.  The caller keeps the
 * statements whose first word is one pgsafe looks at, and parses each with
 * the server's parser; one the cut got wrong does not parse, and is left
 * alone.
 *
 * IDENTIFICATION
 *	  src/core/plpgsql.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace pgsafe {

struct BodyToken
{
	enum class Kind
	{
		Word,     /* a keyword or an unquoted identifier, as the scanner returns it (lower case) */
		String,   /* a string constant; text is its value */
		Punct,    /* one character: ; ( ) [ ] , and the like */
		Operator, /* text is the operator: <<, >>, #, := ... */
		Other     /* numbers, parameters, quoted identifiers ("end" is no END) */
	};
	Kind kind = Kind::Other;
	std::string text;
	std::size_t begin = 0; /* byte offset in the body */
};

/* A plain statement of the body: tokens [first, last), text from begin up to end (its ';', or the body's end). */
struct BodyStatement
{
	std::size_t first = 0;
	std::size_t last = 0;
	std::size_t begin = 0;
	std::size_t end = 0;
};

/* The plain statements of a PL/pgSQL block's body, in order; the body's length bounds the last one. */
std::vector<BodyStatement> plpgsqlStatements(const std::vector<BodyToken> &tokens, std::size_t bodyLength);

/*
 * The statement is EXECUTE of one string constant (and maybe USING/INTO
 * after it): the index of that constant's token, or -1.
 */
int executedConstant(const std::vector<BodyToken> &tokens, const BodyStatement &statement);

} /* namespace pgsafe */
