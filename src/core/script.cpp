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

} /* namespace */

ScriptLayout
scanScript(const std::string &text)
{
	ScriptLayout layout;
	int parentheses = 0;
	std::size_t i = 0;

	while (i < text.size())
	{
		const char c = text[i];
		const char next = i + 1 < text.size() ? text[i + 1] : '\0';
		const bool afterIdentifier = i > 0 && isIdentifierChar(static_cast<unsigned char>(text[i - 1]));

		if (c == '-' && next == '-')
		{
			std::size_t end = lineCommentEnd(text, i);
			layout.comments.push_back(ScriptComment{i, end, text.substr(i + 2, end - i - 2)});
			i = end;
		}
		else if (c == '/' && next == '*')
		{
			std::size_t end = blockCommentEnd(text, i);
			std::size_t bodyEnd = end >= i + 4 && text.compare(end - 2, 2, "*/") == 0 ? end - 2 : end;
			layout.comments.push_back(ScriptComment{i, end, text.substr(i + 2, bodyEnd - i - 2)});
			i = end;
		}
		else if (c == '\'')
		{
			/* E'...' (not the end of an identifier such as "date'...") */
			bool escape = i > 0 && (text[i - 1] == 'E' || text[i - 1] == 'e') &&
						  !(i > 1 && isIdentifierChar(static_cast<unsigned char>(text[i - 2])));
			i = quotedEnd(text, i, escape);
		}
		else if (c == '"')
			i = quotedEnd(text, i, false);
		else if (c == '$' && !afterIdentifier)
		{
			std::string tag = dollarTag(text, i);
			if (tag.empty())
				i++;
			else
			{
				std::size_t close = text.find(tag, i + tag.size());
				i = close == std::string::npos ? text.size() : close + tag.size();
			}
		}
		else if (isIdentifierStart(static_cast<unsigned char>(c)) || (c >= '0' && c <= '9'))
		{
			/* an identifier, keyword or number: skip it whole, so "$" inside is not a quote */
			while (i < text.size() && isIdentifierChar(static_cast<unsigned char>(text[i])))
				i++;
		}
		else
		{
			if (c == '(')
				parentheses++;
			else if (c == ')' && parentheses > 0)
				parentheses--;
			else if (c == ';' && parentheses == 0)
				layout.semicolons.push_back(i);
			i++;
		}
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
		if (isBlank(text[i]))
			i++;
		else if (text.compare(i, 2, "--") == 0)
			i = lineCommentEnd(text, i);
		else if (text.compare(i, 2, "/*") == 0)
			i = blockCommentEnd(text, i);
		else
			return i;
	}
	return to;
}

TextPosition
positionOf(const std::string &text, std::size_t offset)
{
	TextPosition position;
	if (offset > text.size())
		offset = text.size();

	for (std::size_t i = 0; i < offset; i++)
	{
		unsigned char c = static_cast<unsigned char>(text[i]);
		if (c == '\n')
		{
			position.line++;
			position.column = 1;
		}
		else if ((c & 0xC0) != 0x80) /* not a UTF-8 continuation byte */
			position.column++;
	}
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
