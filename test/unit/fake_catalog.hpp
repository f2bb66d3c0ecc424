/*-------------------------------------------------------------------------
 *
 * fake_catalog.hpp
 *		A CatalogOracle for unit tests: a fixed keyword list, the names a
 *		test declares taken, and UTF-8 clipping.
 *
 * IDENTIFICATION
 *	  test/unit/fake_catalog.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include <set>
#include <string>
#include <utility>

#include "core/catalog_oracle.hpp"

namespace pgsafe::testing {

class FakeCatalog : public CatalogOracle
{
public:
	/* a few of PostgreSQL's reserved and column-name keywords; "name" and "key" are unreserved */
	std::set<std::string> keywords{"select",
								   "table",
								   "user",
								   "order",
								   "group",
								   "check",
								   "primary",
								   "unique",
								   "references",
								   "default",
								   "all",
								   "between",
								   "int"};
	std::set<std::pair<std::string, std::string>> relations;
	std::set<std::pair<std::string, std::string>> constraints;

	bool isQuotedKeyword(const std::string &word) const override { return keywords.count(word) > 0; }
	bool relationExists(const std::string &schema, const std::string &name) const override
	{
		return relations.count({schema, name}) > 0;
	}
	bool constraintExists(const std::string &schema, const std::string &name) const override
	{
		return constraints.count({schema, name}) > 0;
	}
	std::size_t clipLength(const std::string &text, std::size_t limit) const override { return clipUtf8(text, limit); }
};

} /* namespace pgsafe::testing */
