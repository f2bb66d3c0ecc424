/*-------------------------------------------------------------------------
 *
 * script.hpp
 *		What pgsafe needs to know about the text of a whole SQL script: where
 *		its comments are, where statements end, and line/column positions.
 *
 * PostgreSQL's scanner drops comments, and a script with a syntax error
 * cannot be parsed at all; this small scanner knows just enough SQL lexing
 * (quoted identifiers, standard and escape strings, dollar quotes, nested
 * block comments) to find comments and top-level semicolons reliably, so
 * that suppression comments can be read and the statements before a syntax
 * error can still be checked.
 *
 * Offsets are bytes into the script; columns count characters, as editors
 * and code-scanning tools do.
 *
 * IDENTIFICATION
 *	  src/core/script.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace pgsafe {

struct ScriptComment
{
	std::size_t begin; /* offset of "--" or "slash-star" */
	std::size_t end;   /* offset just past the comment */
	std::string body;  /* the text inside, without the comment markers */
};

struct ScriptLayout
{
	std::vector<ScriptComment> comments;
	std::vector<std::size_t> semicolons; /* offsets of top-level ';' */
};

ScriptLayout scanScript(const std::string &text);

/* The first offset in [from, to) that is neither blank nor inside a comment; to if none. */
std::size_t skipBlanksAndComments(const std::string &text, std::size_t from, std::size_t to);

struct TextPosition
{
	int line = 1;   /* 1-based */
	int column = 1; /* 1-based, in characters */
};

/*
 * The text as one line of SQL that means the same: comments dropped, every
 * run of blanks outside quoted strings, quoted identifiers and dollar quotes
 * made one space, no blank at either end.  Quoted text is kept byte for byte
 * ('on  hold' is not 'on hold').  For the user's clauses that pgsafe's advice
 * repeats: a comment left in them could swallow what the advice appends.
 */
std::string compactSql(const std::string &text);

TextPosition positionOf(const std::string &text, std::size_t offset);

/*
 * Positions of many offsets in one text.  The line starts and, every
 * kCheckpoint bytes, the number of characters before that point are found
 * once; a position then costs a binary search and at most two stretches of
 * kCheckpoint bytes, however long the script or its lines (a whole
 * migration on one line is not unusual in generated SQL).  The text must
 * outlive it.
 */
class LinePositions
{
public:
	explicit LinePositions(const std::string &text);
	TextPosition at(std::size_t offset) const;

private:
	static constexpr std::size_t kCheckpoint = 4096;
	std::size_t charactersBefore(std::size_t offset) const;

	const std::string &text_;
	std::vector<std::size_t> lineStarts_;
	std::vector<std::size_t> checkpoints_; /* characters before offset i * kCheckpoint */
};

/* The byte offset of the character at 1-based index (PostgreSQL's error cursor position). */
std::size_t offsetOfCharacter(const std::string &text, int index);

} /* namespace pgsafe */
