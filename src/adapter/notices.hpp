/*-------------------------------------------------------------------------
 *
 * notices.hpp
 *		What the server says while pgsafe.check() parses a script.
 *
 * Parsing a script can raise a NOTICE or a WARNING: "identifier ... will
 * be truncated", "nonstandard use of \\ in a string literal".  Sent to the
 * client as they come, they would reach pgsafe-lint's output without the
 * file or the line they are about.  While a NoticeCapture lives, such
 * messages (INFO to WARNING) go neither to the client nor to the server
 * log, but into the capture; take() gives each with its byte offset in the
 * text that was parsed, and the linter reports them as findings.
 *
 * A message with a position (a WARNING of the scanner) has it.  The
 * scanner's NOTICE of a truncated identifier has none: take() then lexes
 * the text again, capturing, and each message gets the offset of the token
 * whose scan raised it.  That costs one more scan of the text, and only
 * when a message came.
 *
 * The capture lowers log_min_messages while it lives: the server hands a
 * message to emit_log_hook only when it would log it.  The destructor puts
 * the setting and the hook back; captures nest.
 *
 * IDENTIFICATION
 *	  src/adapter/notices.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "adapter/prelude.hpp"

namespace pgsafe {

/* A message the server raised while it parsed or lexed a text. */
struct ServerNotice
{
	std::string severity; /* NOTICE, WARNING, INFO */
	std::string message;
	std::string detail;
	std::string hint;
	int sqlerrcode = 0;
	std::size_t offset = 0; /* the byte of the text it is about */
};

/* C-style, in the lexer loops of pgsafe: the messages of the last token scanned are about offset. */
void notices_at_token(int offset);

class NoticeCapture
{
public:
	NoticeCapture();
	~NoticeCapture();
	NoticeCapture(const NoticeCapture &) = delete;
	NoticeCapture &operator=(const NoticeCapture &) = delete;

	/* the messages captured so far, located in text (whose parse raised them), in order; forgotten here */
	std::vector<ServerNotice> take(const std::string &text);
	/* forget the messages captured so far */
	void discard();

	/* the messages whose place is known only by the token that raised them: their C-style record */
	struct Captured
	{
		int elevel;
		int sqlerrcode;
		char *message;
		char *detail;
		char *hint;
		int cursorpos; /* 1-based character, 0 if none */
		int offset;    /* byte offset of the token, -1 if none */
	};
	struct Buffer
	{
		MemoryContext context;
		Captured *items;
		int count;
		int capacity;
		int located; /* items before it have had their token */
	};

private:
	Buffer buffer_{};
	Buffer *outer_ = nullptr;
	emit_log_hook_type outerHook_ = nullptr;
	int outerLogMinMessages_ = 0;
};

} /* namespace pgsafe */
