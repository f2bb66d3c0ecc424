/*-------------------------------------------------------------------------
 *
 * body.cpp
 *		Map string constants to the script, and lex PL/pgSQL bodies.
 *
 * IDENTIFICATION
 *	  src/adapter/body.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "adapter/body.hpp"

#include <algorithm>

#include "adapter/notices.hpp"
#include "adapter/pg_call.hpp"

namespace pgsafe {

namespace {

/* A token as the core scanner returns it; text is palloc'd or the scanner's. */
struct LexedToken
{
	int code;
	const char *text;
	int start;
};

struct LexedBody
{
	LexedToken *tokens;
	int count;
};

/*
 * The grammar's codes of identifiers, string constants and operators,
 * learnt from the scanner itself (parser/gram.h is not installed by every
 * version), and the range of the keywords' codes, which the grammar
 * declares together.
 */
struct TokenCodes
{
	int ident = -1;
	int sconst = -1;
	int op = -1;
	int keywordMin = 0;
	int keywordMax = -1;
};

TokenCodes codes;

/* C-style, inside pgCall: every token of text. */
LexedBody
lex_body(const char *text)
{
	LexedBody result = {nullptr, 0};
	int capacity = 64;
	core_yy_extra_type yyextra;
	core_YYSTYPE yylval;
	YYLTYPE yylloc;
	core_yyscan_t yyscanner;

	result.tokens = (LexedToken *) palloc(capacity * sizeof(LexedToken));
	yyscanner = scanner_init(text, &yyextra, &ScanKeywords, ScanKeywordTokens);
	for (;;)
	{
		int code = core_yylex(&yylval, &yylloc, yyscanner);
		const char *token = NULL;

		if (code == 0)
			break;
		CHECK_FOR_INTERRUPTS();
		notices_at_token(yylloc);
		if (code >= codes.keywordMin && code <= codes.keywordMax)
			token = yylval.keyword;
		else if (code == codes.ident || code == codes.sconst || code == codes.op)
			token = yylval.str;
		if (result.count == capacity)
		{
			capacity *= 2;
			result.tokens = (LexedToken *) repalloc(result.tokens, capacity * sizeof(LexedToken));
		}
		result.tokens[result.count].code = code;
		result.tokens[result.count].text = token;
		result.tokens[result.count].start = yylloc;
		result.count++;
	}
	scanner_finish(yyscanner);
	return result;
}

void
learn_codes(void)
{
	LexedBody sample;

	codes.keywordMin = ScanKeywordTokens[0];
	codes.keywordMax = ScanKeywordTokens[0];
	for (int i = 1; i < ScanKeywords.num_keywords; i++)
	{
		codes.keywordMin = Min(codes.keywordMin, (int) ScanKeywordTokens[i]);
		codes.keywordMax = Max(codes.keywordMax, (int) ScanKeywordTokens[i]);
	}
	sample = lex_body("a 'b' <<");
	codes.ident = sample.tokens[0].code;
	codes.sconst = sample.tokens[1].code;
	codes.op = sample.tokens[2].code;
}

bool
isDollarTagChar(char c)
{
	unsigned char u = static_cast<unsigned char>(c);
	return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' || u >= 0x80;
}

} /* namespace */

std::size_t
TextMap::Step::apply(std::size_t offset) const
{
	if (!exact)
		return base;
	if (!offsets)
		return base + offset;
	if (offsets->empty())
		return base;
	if (offset < offsets->size())
		return (*offsets)[offset];
	return offsets->back() + 1;
}

TextMap
TextMap::ofConstant(const std::string &text, std::size_t offset, const std::string &value)
{
	TextMap map;
	Step step;
	step.base = offset;
	step.exact = false;

	if (offset < text.size() && text[offset] == '$')
	{
		/* $tag$...$tag$: the value is the text between */
		std::size_t close = offset + 1;
		while (close < text.size() && isDollarTagChar(text[close]))
			close++;
		if (close < text.size() && text[close] == '$')
		{
			step.base = close + 1;
			step.exact = text.compare(step.base, value.size(), value) == 0;
			if (!step.exact)
				step.base = offset;
		}
	}
	else if (offset < text.size())
	{
		/* '...', E'...', N'...': doubled quotes, and backslash escapes where the string has them */
		std::size_t i = offset;
		bool escapes = !standard_conforming_strings;
		if (text[i] == 'E' || text[i] == 'e')
		{
			escapes = true;
			i++;
		}
		else if (text[i] == 'N' || text[i] == 'n')
			i++;
		if (i < text.size() && text[i] == '\'')
		{
			auto offsets = std::make_shared<std::vector<std::size_t>>();
			std::string decoded;
			bool followed = true;
			offsets->reserve(value.size());
			for (i++; i < text.size();)
			{
				char c = text[i];
				checkForInterrupts();
				if (c == '\'')
				{
					if (i + 1 < text.size() && text[i + 1] == '\'')
					{
						decoded += '\'';
						offsets->push_back(i);
						i += 2;
						continue;
					}
					break;
				}
				if (escapes && c == '\\' && i + 1 < text.size())
				{
					static const std::string simple = "bfnrt\\'\"";
					static const std::string meaning = "\b\f\n\r\t\\'\"";
					char next = text[i + 1];
					std::size_t k = simple.find(next);
					if (k == std::string::npos &&
						((next >= '0' && next <= '7') || next == 'x' || next == 'u' || next == 'U'))
					{
						followed = false; /* a numeric or Unicode escape: not followed byte by byte */
						break;
					}
					decoded += k == std::string::npos ? next : meaning[k];
					offsets->push_back(i);
					i += 2;
					continue;
				}
				decoded += c;
				offsets->push_back(i);
				i++;
			}
			if (followed && decoded == value)
			{
				step.exact = true;
				step.offsets = offsets;
			}
		}
	}
	map.steps_.push_back(step);
	map.exact_ = step.exact;
	return map;
}

std::size_t
TextMap::operator()(std::size_t offset) const
{
	for (const Step &step : steps_)
		offset = step.apply(offset);
	return offset;
}

TextMap
TextMap::then(const TextMap &inner) const
{
	TextMap map;
	map.steps_ = inner.steps_;
	map.steps_.insert(map.steps_.end(), steps_.begin(), steps_.end());
	map.exact_ = exact_ && inner.exact_;
	return map;
}

std::vector<BodyToken>
lexBody(const std::string &body, std::vector<ServerNotice> &notices)
{
	const char *text = body.c_str();
	LexedBody lexed = {nullptr, 0};
	std::vector<BodyToken> tokens;
	NoticeCapture capture;

	if (codes.ident < 0)
		pgCall([]() noexcept { learn_codes(); });
	try
	{
		lexed = pgCall([text]() noexcept { return lex_body(text); });
	}
	catch (const PgError &error)
	{
		/* a cancel is the statement's; a lexer error means the block would not compile */
		if (isInterrupt(error.data()))
			throw;
		notices = capture.take(body);
		return tokens;
	}
	notices = capture.take(body);

	tokens.reserve(static_cast<std::size_t>(lexed.count));
	for (int i = 0; i < lexed.count; i++)
	{
		const LexedToken &t = lexed.tokens[i];
		BodyToken token;
		checkForInterrupts();
		token.begin = static_cast<std::size_t>(t.start);
		if (t.code < 256)
		{
			token.kind = BodyToken::Kind::Punct;
			token.text = std::string(1, static_cast<char>(t.code));
		}
		else if (t.code == codes.ident && token.begin < body.size() && body[token.begin] == '"')
		{
			/* "end": a quoted identifier, never a word of the grammar (U&"end" has a code of its own) */
			token.kind = BodyToken::Kind::Other;
			token.text = t.text ? t.text : "";
		}
		else if (t.text && ((t.code >= codes.keywordMin && t.code <= codes.keywordMax) || t.code == codes.ident))
		{
			token.kind = BodyToken::Kind::Word;
			token.text = t.text;
		}
		else if (t.text && t.code == codes.sconst)
		{
			token.kind = BodyToken::Kind::String;
			token.text = t.text;
		}
		else if (t.text && t.code == codes.op)
		{
			token.kind = BodyToken::Kind::Operator;
			token.text = t.text;
		}
		tokens.push_back(std::move(token));
	}
	return tokens;
}

} /* namespace pgsafe */
