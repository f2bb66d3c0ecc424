/*-------------------------------------------------------------------------
 *
 * read_constraint_enforce.hpp
 *		What ALTER TABLE ... ALTER CONSTRAINT name ENFORCED (PostgreSQL 18)
 *		does, read from the catalog as ATExecAlterConstrEnforceability()
 *		decides it.
 *
 * IDENTIFICATION
 *	  src/adapter/read_constraint_enforce.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include "adapter/prelude.hpp"
#include "core/model.hpp"

namespace pgsafe {

/* The constraint ALTER CONSTRAINT ... ENFORCED names, or nullptr for any other subcommand. */
const char *enforcedConstraintName(const AlterTableCmd *cmd) noexcept;

/* Fill sub.enforce for ALTER CONSTRAINT sub.constraint.name ENFORCED on relid. */
void readEnforceConstraint(Oid relid, const AlterTableCmd *cmd, SubcommandFacts &sub);

} /* namespace pgsafe */
