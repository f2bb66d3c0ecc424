/*-------------------------------------------------------------------------
 *
 * catalog_oracle.hpp
 *		The questions the advice asks the live server while it is written.
 *
 * Choosing the name PostgreSQL would give a new index or constraint needs to
 * know which names are taken, quoting an identifier needs the server's
 * keyword list, and truncating a name to NAMEDATALEN must not split a
 * multibyte character of the server encoding.  The adapter answers these
 * from the catalog; unit tests answer them from a fixed table.
 *
 * IDENTIFICATION
 *	  src/core/catalog_oracle.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include <cstddef>
#include <string>

namespace pgsafe {

class CatalogOracle
{
public:
	virtual ~CatalogOracle() = default;

	/* Is word a keyword that PostgreSQL's quote_ident() would quote? */
	virtual bool isQuotedKeyword(const std::string &word) const = 0;

	/* Does a relation (table, index, sequence, ...) of this name exist in schema? */
	virtual bool relationExists(const std::string &schema, const std::string &name) const = 0;

	/* Does a constraint of this name exist anywhere in schema? */
	virtual bool constraintExists(const std::string &schema, const std::string &name) const = 0;

	/*
	 * The longest prefix of text, at most limit bytes, that ends on a
	 * character boundary of the server encoding (pg_mbcliplen).
	 */
	virtual std::size_t clipLength(const std::string &text, std::size_t limit) const = 0;
};

/* Clip at a UTF-8 character boundary: what pg_mbcliplen does for UTF8. */
std::size_t clipUtf8(const std::string &text, std::size_t limit);

} /* namespace pgsafe */
