/*-------------------------------------------------------------------------
 *
 * read_set_expression.hpp
 *		What ALTER COLUMN ... SET EXPRESSION (PostgreSQL 17) does to a
 *		table, read from the catalog as ATExecSetExpression() decides it.
 *
 * IDENTIFICATION
 *	  src/adapter/read_set_expression.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include "adapter/prelude.hpp"
#include "adapter/sqltext.hpp"
#include "core/model.hpp"

namespace pgsafe {

/* Fill sub.generated (and the dependents the recipe needs) for SET EXPRESSION of column sub.column.name. */
void readSetExpression(Oid relid, SubcommandFacts &sub);

/* The new expression's text, "(...)" after AS, within the subcommand's span. */
void readSetExpressionText(const SqlText &sql, SubcommandFacts &sub);

} /* namespace pgsafe */
