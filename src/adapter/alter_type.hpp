/*-------------------------------------------------------------------------
 *
 * alter_type.hpp
 *		What ALTER TABLE ... ALTER COLUMN ... TYPE does to the rows: decided
 *		as PostgreSQL decides it, without running any user code.
 *
 * IDENTIFICATION
 *	  src/adapter/alter_type.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include <string>
#include <vector>

#include "adapter/prelude.hpp"
#include "core/model.hpp"

namespace pgsafe {

/*
 * Fill sub.alterType for the subcommand cmd of an ALTER TABLE on relid
 * (relids: the tree the statement acts on, parallel to tree.relations).
 * change stays Unknown when PostgreSQL refuses the subcommand or pgsafe
 * cannot tell exactly what it does.
 */
void readAlterType(Oid relid, const AlterTableStmt *stmt, const AlterTableCmd *cmd, const std::vector<Oid> &relids,
				   const RelationTree &tree, SubcommandFacts &sub);

/*
 * What depends on a column, for a recipe that replaces it by a new one:
 * the indexes and constraints DROP COLUMN drops, by name ("index \"i\"");
 * keyed: a primary key, foreign key or identity, which a new column cannot
 * take over; refused: a view, trigger, policy or the like depends on it.
 */
struct ColumnDependents
{
	std::vector<std::string> names;
	bool keyed = false;
	bool refused = false;
};
ColumnDependents readColumnDependents(Oid relid, const std::string &column);

} /* namespace pgsafe */
