/*-------------------------------------------------------------------------
 *
 * phrases.hpp
 *		The words messages are made of, shared by analyze() and the rules.
 *
 * IDENTIFICATION
 *	  src/core/rules/phrases.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include <string>
#include <vector>

#include "core/model.hpp"
#include "core/rules/rule.hpp"

namespace pgsafe {

/* schema.name, or name alone without a schema */
std::string display(const QualifiedName &name);

/* "ACCESS EXCLUSIVE", "SHARE", ... */
const char *lockName(LockMode lock);

/* "an ACCESS EXCLUSIVE lock", "a SHARE lock" */
std::string aLock(LockMode lock);

/* What other sessions cannot do on a relation while the lock is held: "reads and writes", "writes", ... */
std::string blocked(LockMode lock, RelationKind kind);

/* "the index is built", "existing rows are validated", ... */
const char *activity(Work work);

/* "table", "partitioned table", "materialized view" */
const char *objectKind(RelationKind kind);

/* The lock that blocks others while the finding's work is done. */
LockMode tableLock(const StatementFacts &facts, const Finding &finding);

/* "a", "b" as a message lists columns: "\"a\", \"b\"" */
std::string columnList(const std::vector<std::string> &columns);

} /* namespace pgsafe */
