/*-------------------------------------------------------------------------
 *
 * inspect.cpp
 *		Read a statement, decide its findings, write its report.
 *
 * The rules run once: the findings decided from the catalog facts are the
 * ones the report is written from.  They need no statement text, which is
 * read (through the server's lexer) only for a statement that has some.
 *
 * IDENTIFICATION
 *	  src/adapter/inspect.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "adapter/inspect.hpp"

#include "adapter/catalog.hpp"
#include "core/rules.hpp"

namespace pgsafe {

Inspection
inspect(const PlannedStmt *pstmt, const char *queryString, ProcessUtilityContext context, const ReadPolicy &policy,
		ScriptLength length)
{
	StatementReader reader(pstmt, queryString, context, policy);
	Inspection result;
	StatementFacts &facts = result.facts;

	result.read = reader.readCatalog(facts);
	if (result.read != CatalogRead::Facts)
		return result;
	std::vector<Finding> findings = findDangers(facts);
	if (findings.empty())
		return result;
	reader.readText(facts);

	LiveCatalog catalog;
	result.report = analyze(facts, std::move(findings), catalog, length);
	return result;
}

} /* namespace pgsafe */
