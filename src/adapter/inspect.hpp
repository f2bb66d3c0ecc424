/*-------------------------------------------------------------------------
 *
 * inspect.hpp
 *		The one inspection path of the hook and pgsafe.check().
 *
 * A statement's catalog state is read into facts, the rules decide its
 * findings, and only when there are some is its text read and the report
 * written.  The hook turns the report into a WARNING, LOG or ERROR; the
 * script check turns it into findings with positions.  Both call this in
 * their own subtransaction (contained()), so it may raise.
 *
 * IDENTIFICATION
 *	  src/adapter/inspect.hpp
 *
 *-------------------------------------------------------------------------
 */
#ifndef PGSAFE_ADAPTER_INSPECT_HPP
#define PGSAFE_ADAPTER_INSPECT_HPP

#include <optional>

#include "adapter/statement.hpp"
#include "core/analysis.hpp"

namespace pgsafe {

struct Inspection
{
	CatalogRead read = CatalogRead::Nothing;
	StatementFacts facts;         /* what was read, when read is Facts */
	std::optional<Report> report; /* when read is Facts and a rule found something */
};

Inspection inspect(const PlannedStmt *pstmt, const char *queryString, ProcessUtilityContext context,
				   const ReadPolicy &policy, ScriptLength length);

} /* namespace pgsafe */

#endif /* PGSAFE_ADAPTER_INSPECT_HPP */
