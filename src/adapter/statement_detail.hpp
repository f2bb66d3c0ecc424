/*-------------------------------------------------------------------------
 *
 * statement_detail.hpp
 *		Helpers shared by the files that define StatementReader's members
 *		(statement.cpp, read_alter_table.cpp, read_partition.cpp,
 *		read_validation.cpp, statement_text.cpp); not for other callers.
 *
 * Each is defined once, in the file named beside it.
 *
 * IDENTIFICATION
 *	  src/adapter/statement_detail.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include "adapter/prelude.hpp"
#include "core/model.hpp"

namespace pgsafe {

/* Could a build on any relation of the tree block anyone: one that is neither new nor empty? (statement.cpp) */
bool anyFilled(const RelationTree &tree);

/* Every subcommand is VALIDATE CONSTRAINT. (statement.cpp) */
bool validatesOnly(const AlterTableStmt *stmt);

/* The constraint kinds the rule catalogue keys on, from the raw node. (statement.cpp) */
ConstraintKind constraintKindOf(const Constraint *c) noexcept;

/* The subcommand kinds the rule catalogue keys on; Other for the rest. (statement.cpp) */
SubcommandKind subcommandKindOf(const AlterTableCmd *cmd) noexcept;

/* Could CREATE TABLE ... PARTITION OF be flagged at all? (statement.cpp) */
bool createPartitionIsCandidate(const Node *node) noexcept;

/* A constraint that builds an index or is a foreign key. (read_alter_table.cpp) */
bool isIndexOrForeignKey(ConstrType type);

/* DEFERRABLE, NOT DEFERRABLE, INITIALLY DEFERRED or IMMEDIATE after a column constraint. (read_alter_table.cpp) */
bool isAttribute(ConstrType type);

} /* namespace pgsafe */
