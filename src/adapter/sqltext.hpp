/*-------------------------------------------------------------------------
 *
 * sqltext.hpp
 *		Find pieces of a statement's source text with PostgreSQL's scanner.
 *
 * The advice keeps what the user wrote where it cannot be rebuilt from the
 * parse tree: index expressions and WHERE clauses, column defaults, the
 * subcommands of an ALTER TABLE that pgsafe does not rewrite.  Parse nodes
 * carry only start locations, so the boundaries come from the tokens of
 * the server's own lexer (the same one pg_stat_statements uses), which
 * knows every quoting and comment rule.
 *
 * IDENTIFICATION
 *	  src/adapter/sqltext.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include <string>
#include <vector>

#include "core/model.hpp"

namespace pgsafe {

struct SqlToken
{
	int code;          /* a character for punctuation, else a grammar token */
	std::size_t start; /* byte offset in the text */
};

class SqlText
{
public:
	explicit SqlText(std::string text);

	const std::string &text() const { return text_; }

	/* The index of the token starting at offset, or -1. */
	int tokenAt(std::size_t offset) const;

	/* Offset where the statement ends: before a trailing ';' and blanks. */
	std::size_t end() const { return end_; }

	/* The text up to end(). */
	std::string statement() const { return text_.substr(0, end_); }

	/* [begin, end) with trailing blanks dropped */
	TextSpan span(std::size_t begin, std::size_t end) const;

	/* Is token i the given keyword? */
	bool isKeyword(int i, const char *keyword) const;
	bool isChar(int i, char c) const;
	int count() const { return static_cast<int>(tokens_.size()); }
	std::size_t start(int i) const { return i < count() ? tokens_[i].start : end_; }

	/* The token after a possibly qualified name starting at token i. */
	int skipQualifiedName(int i) const;

	/*
	 * The subcommands of ALTER TABLE, split at top-level commas after the
	 * relation name that starts at relationOffset.  Empty when the split does
	 * not yield expected subcommands.
	 */
	std::vector<TextSpan> subcommandSpans(std::size_t relationOffset, std::size_t expected) const;

private:
	std::string text_;
	std::vector<SqlToken> tokens_;
	std::size_t end_;
};

} /* namespace pgsafe */
