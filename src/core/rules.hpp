/*-------------------------------------------------------------------------
 *
 * rules.hpp
 *		Which parts of a statement would block other sessions.
 *
 * A finding is one subcommand (or one CREATE INDEX) that holds a lock
 * blocking reads or writes while it builds an index or reads every row of a
 * relation other sessions can see and that is not empty.  Operations on
 * empty, temporary or same-transaction relations are never findings: nobody
 * can be blocked long by them.  The rules themselves are in src/core/rules/,
 * one file each, listed in its catalogue.
 *
 * IDENTIFICATION
 *	  src/core/rules.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include <vector>

#include "core/model.hpp"
#include "core/rules/rule.hpp"

namespace pgsafe {

/* The findings of one statement, in the order of its subcommands. */
std::vector<Finding> findDangers(const StatementFacts &facts);

/* The constraint a finding is about (table constraint or column constraint). */
const ConstraintFacts *findingConstraint(const StatementFacts &facts, const Finding &finding);

} /* namespace pgsafe */
