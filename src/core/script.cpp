/*-------------------------------------------------------------------------
 *
 * script.cpp
 *		Comments, top-level semicolons and positions in a SQL script.
 *
 * The lexing follows PostgreSQL's scan.l with standard_conforming_strings
 * on (the default since 9.1): '' doubles a quote in a string, a backslash
 * escapes only in E'' strings, "" doubles a quote in an identifier, and a
 * dollar quote ends only at the same tag.
 *
 * IDENTIFICATION
 *	  src/core/script.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/script.hpp"

#include <algorithm>

#include "core/interrupts.hpp"

#include "core/pure.hpp"

namespace pgsafe {

namespace {

bool
isIdentifierStart(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

bool
isIdentifierChar(unsigned char c)
{
	return isIdentifierStart(c) || (c >= '0' && c <= '9') || c == '$';
}

bool
isContinuationByte(char c)
{
	return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

bool
isBlank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Past the end of a block comment starting at i (nested, as PostgreSQL allows). */
std::size_t
blockCommentEnd(const std::string &text, std::size_t i)
{
	int depth = 0;
	while (i + 1 < text.size())
	{
		if (text[i] == '/' && text[i + 1] == '*')
		{
			depth++;
			i += 2;
		}
		else if (text[i] == '*' && text[i + 1] == '/')
		{
			i += 2;
			if (--depth == 0)
				return i;
		}
		else
			i++;
	}
	return text.size();
}

std::size_t
lineCommentEnd(const std::string &text, std::size_t i)
{
	std::size_t end = text.find('\n', i);
	return end == std::string::npos ? text.size() : end;
}

/* Past the closing quote of a quoted string or identifier opening at i. */
std::size_t
quotedEnd(const std::string &text, std::size_t i, bool backslashEscapes)
{
	const char quote = text[i];
	for (i++; i < text.size(); i++)
	{
		if (backslashEscapes && text[i] == '\\')
			i++;
		else if (text[i] == quote)
		{
			if (i + 1 < text.size() && text[i + 1] == quote)
				i++;
			else
				return i + 1;
		}
	}
	return text.size();
}

/* The dollar-quote tag ("$$", "$body$") opening at i, or "" if there is none. */
std::string
dollarTag(const std::string &text, std::size_t i)
{
	std::size_t j = i + 1;
	if (j < text.size() && text[j] != '$')
	{
		if (!isIdentifierStart(static_cast<unsigned char>(text[j])))
			return "";
		while (j < text.size() && isIdentifierChar(static_cast<unsigned char>(text[j])) && text[j] != '$')
			j++;
	}
	if (j >= text.size() || text[j] != '$')
		return "";
	return text.substr(i, j + 1 - i);
}

/*
 * What starts at offset i, and where it ends.  A word (identifier, keyword
 * or number) is taken whole, so that a "$" inside it is not a dollar quote
 * and the "E" of E'...' is seen; everything else that is not a comment, a
 * quoted string or identifier, or blank is one character.
 */
enum class Lexeme
{
	LineComment,
	BlockComment,
	Quoted,
	Word,
	Blank,
	Other
};

struct Token
{
	Lexeme kind;
	std::size_t end;
};

Token
nextToken(const std::string &text, std::size_t i)
{
	const char c = text[i];
	const char next = i + 1 < text.size() ? text[i + 1] : '\0';
	const bool afterIdentifier = i > 0 && isIdentifierChar(static_cast<unsigned char>(text[i - 1]));

	if (c == '-' && next == '-')
		return Token{Lexeme::LineComment, lineCommentEnd(text, i)};
	if (c == '/' && next == '*')
		return Token{Lexeme::BlockComment, blockCommentEnd(text, i)};
	if (c == '\'')
	{
		/* E'...' (not the end of an identifier such as "date'...") */
		bool escape = i > 0 && (text[i - 1] == 'E' || text[i - 1] == 'e') &&
					  !(i > 1 && isIdentifierChar(static_cast<unsigned char>(text[i - 2])));
		return Token{Lexeme::Quoted, quotedEnd(text, i, escape)};
	}
	if (c == '"')
		return Token{Lexeme::Quoted, quotedEnd(text, i, false)};
	if (c == '$' && !afterIdentifier)
	{
		std::string tag = dollarTag(text, i);
		if (!tag.empty())
		{
			std::size_t close = text.find(tag, i + tag.size());
			return Token{Lexeme::Quoted, close == std::string::npos ? text.size() : close + tag.size()};
		}
	}
	if (isIdentifierStart(static_cast<unsigned char>(c)) || (c >= '0' && c <= '9'))
	{
		std::size_t end = i;
		while (end < text.size() && isIdentifierChar(static_cast<unsigned char>(text[end])))
			end++;
		return Token{Lexeme::Word, end};
	}
	if (isBlank(c))
		return Token{Lexeme::Blank, i + 1};
	return Token{Lexeme::Other, i + 1};
}

} /* namespace */

ScriptLayout
scanScript(const std::string &text)
{
	ScriptLayout layout;
	int parentheses = 0;

	for (std::size_t i = 0; i < text.size();)
	{
		checkInterrupts();
		const Token token = nextToken(text, i);
		if (token.kind == Lexeme::LineComment)
			layout.comments.push_back(ScriptComment{i, token.end, text.substr(i + 2, token.end - i - 2)});
		else if (token.kind == Lexeme::BlockComment)
		{
			std::size_t end = token.end;
			std::size_t bodyEnd = end >= i + 4 && text.compare(end - 2, 2, "*/") == 0 ? end - 2 : end;
			layout.comments.push_back(ScriptComment{i, end, text.substr(i + 2, bodyEnd - i - 2)});
		}
		else if (token.kind == Lexeme::Other)
		{
			if (text[i] == '(')
				parentheses++;
			else if (text[i] == ')' && parentheses > 0)
				parentheses--;
			else if (text[i] == ';' && parentheses == 0)
				layout.semicolons.push_back(i);
		}
		i = token.end;
	}
	return layout;
}

std::size_t
skipBlanksAndComments(const std::string &text, std::size_t from, std::size_t to)
{
	std::size_t i = from;
	if (to > text.size())
		to = text.size();

	while (i < to)
	{
		const Token token = nextToken(text, i);
		if (token.kind != Lexeme::Blank && token.kind != Lexeme::LineComment && token.kind != Lexeme::BlockComment)
			return i;
		i = token.end;
	}
	return to;
}

std::string
compactSql(const std::string &text)
{
	std::string out;
	bool pendingBlank = false;

	for (std::size_t i = 0; i < text.size();)
	{
		checkInterrupts();
		const Token token = nextToken(text, i);
		switch (token.kind)
		{
			case Lexeme::Blank:
			case Lexeme::LineComment:
			case Lexeme::BlockComment:
				/* PostgreSQL's scanner reads a comment as a blank, too */
				pendingBlank = true;
				break;
			default:
				/* no blank inside parentheses or before a comma: "( a, b )" reads as "(a, b)" */
				if (pendingBlank && !out.empty() && out.back() != '(' &&
					!(token.kind == Lexeme::Other && (text[i] == ')' || text[i] == ',')))
					out += ' ';
				pendingBlank = false;
				out.append(text, i, token.end - i);
				break;
		}
		i = token.end;
	}
	return out;
}

TextPosition
positionOf(const std::string &text, std::size_t offset)
{
	return LinePositions(text).at(offset);
}

LinePositions::LinePositions(const std::string &text) : text_(text)
{
	std::size_t characters = 0;

	lineStarts_.push_back(0);
	for (std::size_t i = 0; i < text.size(); i++)
	{
		if (i % kCheckpoint == 0)
		{
			checkpoints_.push_back(characters);
			checkInterrupts();
		}
		if (text[i] == '\n')
			lineStarts_.push_back(i + 1);
		if (!isContinuationByte(text[i]))
			characters++;
	}
}

/* Characters (not UTF-8 continuation bytes) in [0, offset). */
std::size_t
LinePositions::charactersBefore(std::size_t offset) const
{
	std::size_t checkpoint = offset / kCheckpoint;
	if (checkpoint >= checkpoints_.size())
		checkpoint = checkpoints_.empty() ? 0 : checkpoints_.size() - 1;

	std::size_t characters = checkpoints_.empty() ? 0 : checkpoints_[checkpoint];
	for (std::size_t i = checkpoint * kCheckpoint; i < offset; i++)
		if (!isContinuationByte(text_[i]))
			characters++;
	return characters;
}

TextPosition
LinePositions::at(std::size_t offset) const
{
	if (offset > text_.size())
		offset = text_.size();

	/* the last line that starts at or before offset */
	auto next = std::upper_bound(lineStarts_.begin(), lineStarts_.end(), offset);
	std::size_t line = static_cast<std::size_t>(next - lineStarts_.begin()) - 1;

	TextPosition position;
	position.line = static_cast<int>(line) + 1;
	position.column = static_cast<int>(charactersBefore(offset) - charactersBefore(lineStarts_[line])) + 1;
	return position;
}

std::size_t
offsetOfCharacter(const std::string &text, int index)
{
	int seen = 0;
	for (std::size_t i = 0; i < text.size(); i++)
	{
		if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80)
			continue;
		if (++seen == index)
			return i;
	}
	return text.size();
}

} /* namespace pgsafe */
