/*-------------------------------------------------------------------------
 *
 * notices.cpp
 *		Capture the server's messages while pgsafe parses a script.
 *
 * IDENTIFICATION
 *	  src/adapter/notices.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "adapter/notices.hpp"

#include <algorithm>

#include "adapter/pg_call.hpp"

namespace pgsafe {

namespace {

/* the capture messages go to, and the hook that was there before the first one */
NoticeCapture::Buffer *capturing = nullptr;
emit_log_hook_type hookBefore = nullptr;

char *
copyOrNull(const char *text)
{
	return text ? pstrdup(text) : nullptr;
}

/*
 * emit_log_hook: a message below ERROR is kept, and goes no further.
 * C-style: it runs inside errfinish(), in ErrorContext.
 */
void
capture_message(ErrorData *edata) noexcept
{
	NoticeCapture::Buffer *buffer = capturing;

	if (buffer == nullptr || edata->elevel < INFO || edata->elevel >= ERROR)
	{
		if (hookBefore)
			hookBefore(edata);
		return;
	}

	MemoryContext old = MemoryContextSwitchTo(buffer->context);
	if (buffer->count == buffer->capacity)
	{
		int capacity = buffer->capacity == 0 ? 4 : buffer->capacity * 2;
		buffer->items = buffer->items ? (NoticeCapture::Captured *) repalloc(buffer->items,
																			 capacity * sizeof(NoticeCapture::Captured))
									  : (NoticeCapture::Captured *) palloc(capacity * sizeof(NoticeCapture::Captured));
		buffer->capacity = capacity;
	}
	NoticeCapture::Captured *item = &buffer->items[buffer->count];
	item->elevel = edata->elevel;
	item->sqlerrcode = edata->sqlerrcode;
	item->message = copyOrNull(edata->message);
	item->detail = copyOrNull(edata->detail);
	item->hint = copyOrNull(edata->hint);
	item->cursorpos = edata->cursorpos;
	item->offset = -1;
	buffer->count++;
	MemoryContextSwitchTo(old);

	edata->output_to_client = false;
	edata->output_to_server = false;
}

const char *
severityOf(int elevel)
{
	if (elevel >= WARNING)
		return "WARNING";
	if (elevel >= NOTICE)
		return "NOTICE";
	return "INFO";
}

/* C-style: lex text, giving each captured message the offset of its token; a lexer error ends it. */
void
lex_for_notices(const char *text)
{
	core_yy_extra_type yyextra;
	core_YYSTYPE yylval;
	YYLTYPE yylloc;
	core_yyscan_t yyscanner = scanner_init(text, &yyextra, &ScanKeywords, ScanKeywordTokens);

	/* its warnings have a position: the parse placed them */
	yyextra.escape_string_warning = false;
	for (;;)
	{
		int code = core_yylex(&yylval, &yylloc, yyscanner);
		if (code == 0)
			break;
		CHECK_FOR_INTERRUPTS();
		notices_at_token(yylloc);
	}
	scanner_finish(yyscanner);
}

} /* namespace */

void
notices_at_token(int offset)
{
	NoticeCapture::Buffer *buffer = capturing;

	if (buffer == nullptr)
		return;
	for (; buffer->located < buffer->count; buffer->located++)
		buffer->items[buffer->located].offset = offset;
}

NoticeCapture::NoticeCapture()
{
	buffer_.context = CurrentMemoryContext;
	outer_ = capturing;
	outerHook_ = emit_log_hook;
	outerLogMinMessages_ = log_min_messages;
	if (outer_ == nullptr)
	{
		hookBefore = emit_log_hook;
		emit_log_hook = capture_message;
	}
	/* the server calls the hook only for what it would log (LOG is ranked above ERROR there) */
	if (log_min_messages > INFO || log_min_messages == LOG)
		log_min_messages = INFO;
	capturing = &buffer_;
}

NoticeCapture::~NoticeCapture()
{
	capturing = outer_;
	if (outer_ == nullptr)
	{
		emit_log_hook = outerHook_;
		hookBefore = nullptr;
	}
	log_min_messages = outerLogMinMessages_;
}

void
NoticeCapture::discard()
{
	buffer_.count = 0;
	buffer_.located = 0;
}

std::vector<ServerNotice>
NoticeCapture::take(const std::string &text)
{
	std::vector<ServerNotice> notices;
	std::vector<bool> placed;
	std::size_t unplaced = 0;
	/* character positions to bytes in one walk when they come in order, as the parse raises them */
	int charactersSeen = 0;
	std::size_t byte = 0;
	auto offsetOf = [&](int cursorpos) {
		if (cursorpos <= charactersSeen)
		{
			charactersSeen = 0;
			byte = 0;
		}
		for (; byte < text.size(); byte++)
		{
			if ((static_cast<unsigned char>(text[byte]) & 0xC0) == 0x80)
				continue;
			if (++charactersSeen == cursorpos)
				return byte++;
		}
		return text.size();
	};

	for (int i = 0; i < buffer_.count; i++)
	{
		const Captured &item = buffer_.items[i];
		ServerNotice notice;
		checkForInterrupts();
		notice.severity = severityOf(item.elevel);
		notice.message = item.message ? item.message : "";
		notice.detail = item.detail ? item.detail : "";
		notice.hint = item.hint ? item.hint : "";
		notice.sqlerrcode = item.sqlerrcode;
		if (item.offset >= 0)
			notice.offset = std::min(static_cast<std::size_t>(item.offset), text.size());
		else if (item.cursorpos > 0)
			notice.offset = offsetOf(item.cursorpos);
		else
			unplaced++;
		placed.push_back(item.offset >= 0 || item.cursorpos > 0);
		notices.push_back(std::move(notice));
	}
	discard();

	/* where the parse does not say, the scan does: the same messages, in the same order, each at its token */
	if (unplaced > 0)
	{
		NoticeCapture scan;
		const char *sql = text.c_str();
		try
		{
			pgCall([sql]() noexcept { lex_for_notices(sql); });
		}
		catch (const PgError &error)
		{
			if (isInterrupt(error.data()))
				throw;
		}
		/* the scan raises them in the parse's order: each goes to the next message without a place */
		std::size_t k = 0;
		for (int i = 0; i < scan.buffer_.count; i++)
		{
			const Captured &item = scan.buffer_.items[i];
			checkForInterrupts();
			while (k < notices.size() && placed[k])
				k++;
			if (k == notices.size())
				break;
			if (item.message && notices[k].message == item.message)
			{
				notices[k].offset = static_cast<std::size_t>(std::max(item.offset, 0));
				placed[k] = true;
			}
		}
	}
	return notices;
}

} /* namespace pgsafe */
