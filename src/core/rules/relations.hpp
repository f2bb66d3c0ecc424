/*-------------------------------------------------------------------------
 *
 * relations.hpp
 *		What the rules share: which relations a statement reads or builds
 *		in, and the preconditions PostgreSQL checks before it does.
 *
 * IDENTIFICATION
 *	  src/core/rules/relations.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include <string>
#include <vector>

#include "core/model.hpp"
#include "core/rules/rule.hpp"

namespace pgsafe {

/* A table or a materialized view: a relation with rows to read. */
bool hasStorage(const RelationFacts &rel);

/* Relations in which an index on the tree's target is built (ONLY: none below a partitioned table). */
std::vector<int> indexedRelations(const RelationTree &tree, bool only);

/*
 * Where CREATE INDEX builds: indexedRelations() less the tables under a
 * partition whose existing index it adopts instead.
 */
std::vector<int> createIndexBuildsIn(const RelationTree &tree, bool only);

/*
 * Relations whose rows a validated foreign key on the tree's target reads:
 * the table, or every leaf partition that neither holds an equivalent
 * validated key itself nor lies under a partitioned table that does
 * (PostgreSQL adopts that key, and does not descend below it).
 */
std::vector<int> referencingRelations(const RelationTree &tree, const ForeignKeyFacts &fk);

/* The ADD COLUMN of the statement that adds column name, or nullptr. */
const ColumnFacts *addedColumn(const StatementFacts &facts, const std::string &name);

/*
 * Add to scanned the relations SET NOT NULL reads for the key columns (as
 * ADD PRIMARY KEY runs it), and to nullable the key columns that make it
 * read anything or that a new column leaves null.
 */
void notNullChecks(const StatementFacts &facts, const std::vector<std::string> &keys, bool only,
				   std::vector<int> &scanned, std::vector<std::string> &nullable);

/*
 * Does PostgreSQL refuse a constraint of this kind, on these key columns,
 * on the partitioned target before it builds anything?  Then pgsafe says
 * nothing, and PostgreSQL's own error comes.
 */
bool refusedOnPartitions(const StatementFacts &facts, ConstraintKind kind, const std::vector<std::string> &keys,
						 bool only);

/*
 * Does an ADD COLUMN rewrite the table?  Then the rewrite checks the
 * column's NOT NULL and CHECK constraints as it writes each row, and reads
 * nothing else for them.
 */
bool addColumnRewrites(const ColumnFacts &column);

Finding makeFinding(Rule rule, Work work, int subcommand, int columnConstraint, std::vector<int> scanned);

/*
 * rule's finding for ALTER TABLE subcommand index when it changes the
 * storage of a target that has storage (SET TABLESPACE, SET ACCESS METHOD):
 * the relation is written again.
 */
void storageChangeFinding(Rule rule, const StatementFacts &facts, int index, std::vector<Finding> &findings);

} /* namespace pgsafe */
