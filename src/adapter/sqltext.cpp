/*-------------------------------------------------------------------------
 *
 * sqltext.cpp
 *		Tokens and spans of a statement's text.
 *
 * IDENTIFICATION
 *	  src/adapter/sqltext.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "adapter/sqltext.hpp"

#include <algorithm>
#include <cstring>

#include "adapter/pg_call.hpp"

namespace pgsafe {

namespace {

struct TokenArray
{
	int *codes;
	int *starts;
	int count;
};

/*
 * Lex text with the core scanner; palloc'd arrays in the current memory
 * context.  Its warnings (nonstandard use of \\ in a string literal) were
 * given once already, when the statement was parsed.
 */
TokenArray
scanTokens(const char *text, bool flipStandardStrings)
{
	TokenArray result = {nullptr, nullptr, 0};
	int capacity = 64;
	core_yy_extra_type yyextra;
	core_YYSTYPE yylval;
	YYLTYPE yylloc;
	core_yyscan_t yyscanner;

	result.codes = (int *) palloc(capacity * sizeof(int));
	result.starts = (int *) palloc(capacity * sizeof(int));
	yyscanner = scanner_init(text, &yyextra, &ScanKeywords, ScanKeywordTokens);
	yyextra.escape_string_warning = false;
	if (flipStandardStrings)
		yyextra.standard_conforming_strings = !yyextra.standard_conforming_strings;
	for (;;)
	{
		int code = core_yylex(&yylval, &yylloc, yyscanner);

		if (code == 0)
			break;
		if (result.count == capacity)
		{
			capacity *= 2;
			result.codes = (int *) repalloc(result.codes, capacity * sizeof(int));
			result.starts = (int *) repalloc(result.starts, capacity * sizeof(int));
		}
		result.codes[result.count] = code;
		result.starts[result.count] = yylloc;
		result.count++;
	}
	scanner_finish(yyscanner);
	return result;
}

/* The grammar token of a keyword, or -1. */
int
keywordCode(const char *keyword)
{
	int kwnum = ScanKeywordLookup(keyword, &ScanKeywords);

	return kwnum < 0 ? -1 : ScanKeywordTokens[kwnum];
}

bool
isBlank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

} /* namespace */

SqlText::SqlText(std::string text) : text_(std::move(text)), end_(0)
{
	const char *ctext = text_.c_str();
	TokenArray array = {nullptr, nullptr, 0};

	/*
	 * The statement was parsed with the standard_conforming_strings of its
	 * time: in a query string of several statements, a SET before this one
	 * may have changed it since.  A lexer error here (an unterminated string)
	 * means that, so lex with the other setting; if that fails too, the text
	 * has no tokens and the advice falls back to what the parse tree says.
	 * Nothing is held when the lexer fails, so its error can be dropped.
	 */
	for (bool flip : {false, true})
	{
		try
		{
			array = pgCall([ctext, flip]() noexcept { return scanTokens(ctext, flip); });
			break;
		}
		catch (const PgError &)
		{
			if (flip)
				array = TokenArray{nullptr, nullptr, 0};
		}
	}

	for (int i = 0; i < array.count; i++)
		tokens_.push_back(SqlToken{array.codes[i], static_cast<std::size_t>(array.starts[i])});
	if (array.codes)
		pgCall([&array]() noexcept {
			pfree(array.codes);
			pfree(array.starts);
		});

	/* the statement ends at its first top-level semicolon, if any */
	end_ = text_.size();
	int depth = 0;
	for (const auto &token : tokens_)
	{
		if (token.code == '(' || token.code == '[')
			depth++;
		else if (token.code == ')' || token.code == ']')
			depth--;
		else if (token.code == ';' && depth == 0)
		{
			end_ = token.start;
			break;
		}
	}
	while (end_ > 0 && isBlank(text_[end_ - 1]))
		end_--;
}

int
SqlText::tokenAt(std::size_t offset) const
{
	/* the tokens are in text order: a binary search, for statements of thousands of subcommands */
	auto at = std::lower_bound(tokens_.begin(), tokens_.end(), offset, [](const SqlToken &token, std::size_t where) {
		return token.start < where;
	});
	if (at == tokens_.end() || at->start != offset)
		return -1;
	return static_cast<int>(at - tokens_.begin());
}

TextSpan
SqlText::span(std::size_t begin, std::size_t end) const
{
	if (end > text_.size() || begin > end)
		return TextSpan{};
	while (end > begin && isBlank(text_[end - 1]))
		end--;
	return TextSpan::of(begin, end);
}

bool
SqlText::isKeyword(int i, const char *keyword) const
{
	return i >= 0 && i < count() && tokens_[i].code == keywordCode(keyword);
}

bool
SqlText::isChar(int i, char c) const
{
	return i >= 0 && i < count() && tokens_[i].code == c;
}

int
SqlText::skipQualifiedName(int i) const
{
	i++;
	while (isChar(i, '.') && i + 1 < count())
		i += 2;
	return i;
}

std::vector<TextSpan>
SqlText::subcommandSpans(std::size_t relationOffset, std::size_t expected) const
{
	std::vector<TextSpan> spans;
	int i = tokenAt(relationOffset);

	if (i < 0)
		return spans;
	i = skipQualifiedName(i);
	if (isChar(i, '*') || isChar(i, ')')) /* name * or ONLY ( name ) */
		i++;

	std::size_t begin = start(i);
	int depth = 0;
	for (; i < count() && start(i) < end_; i++)
	{
		if (isChar(i, '(') || isChar(i, '['))
			depth++;
		else if (isChar(i, ')') || isChar(i, ']'))
			depth--;
		else if (isChar(i, ',') && depth == 0)
		{
			spans.push_back(span(begin, start(i)));
			begin = start(i + 1);
		}
	}
	spans.push_back(span(begin, end_));

	if (spans.size() != expected)
		spans.clear();
	return spans;
}

} /* namespace pgsafe */
