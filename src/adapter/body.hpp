/*-------------------------------------------------------------------------
 *
 * body.hpp
 *		The text inside a string constant of a script: a DO block's body, the
 *		SQL of EXECUTE 'constant' in it.
 *
 * pgsafe.check() reads the statements of a DO block from its body, which
 * the script holds as a string constant.  A finding must point into the
 * script, at the statement inside the body: TextMap takes an offset in the
 * constant's value to the offset of the same byte in the script.  For a
 * dollar-quoted constant that is a shift; for a quoted one, each doubled
 * quote (and backslash escape, in an E'' string) moves the bytes after it.
 * Where the value cannot be followed byte by byte (a Unicode escape, a
 * constant continued on the next line), every offset maps to the
 * constant's start.
 *
 * IDENTIFICATION
 *	  src/adapter/body.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "adapter/notices.hpp"
#include "core/plpgsql.hpp"

namespace pgsafe {

class TextMap
{
public:
	/* the identity: offsets into the text itself */
	TextMap() = default;

	/* the string constant that begins at offset in text, whose value is value */
	static TextMap ofConstant(const std::string &text, std::size_t offset, const std::string &value);

	/* offset in the value to offset in the text */
	std::size_t operator()(std::size_t offset) const;

	/* this map after inner: offsets in inner's value, through this one */
	TextMap then(const TextMap &inner) const;

	/* does every byte of the value map to its own byte of the text? */
	bool exact() const { return exact_; }

private:
	struct Step
	{
		std::size_t base = 0;
		bool exact = true;
		std::shared_ptr<const std::vector<std::size_t>> offsets; /* per byte of the value, when not a shift */
		std::size_t apply(std::size_t offset) const;
	};
	std::vector<Step> steps_; /* innermost first */
	bool exact_ = true;
};

/*
 * The tokens of a PL/pgSQL body, lexed with the server's core scanner as the
 * PL/pgSQL compiler lexes it; an empty vector if the scanner refuses it (the
 * block would fail to compile).  What the scanner says on the way (an
 * identifier it truncates) is in notices, at offsets in the body.
 */
std::vector<BodyToken> lexBody(const std::string &body, std::vector<ServerNotice> &notices);

} /* namespace pgsafe */
