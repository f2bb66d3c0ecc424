/*-------------------------------------------------------------------------
 *
 * writer.hpp
 *		The toolkit the rules write their safe alternatives with.
 *
 * An AdviceWriter collects the steps and sentences of one statement's
 * advice.  It knows the statement, the relations it acts on and the names
 * already taken, and offers the recipes several rules share: an index
 * constraint built concurrently and attached, NOT NULL proven by a
 * validated constraint, a foreign key added NOT VALID and validated, a new
 * column added without a rewrite.  Each rule's own recipe is in its file
 * under src/core/rules/.
 *
 * IDENTIFICATION
 *	  src/core/advice/writer.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include <set>
#include <string>
#include <vector>

#include "core/advice.hpp"
#include "core/catalog_oracle.hpp"
#include "core/model.hpp"
#include "core/names.hpp"
#include "core/rules/rule.hpp"

namespace pgsafe {

class AdviceWriter
{
public:
	AdviceWriter(const StatementFacts &facts, const CatalogOracle &oracle, ScriptLength length)
		: facts_(facts), tree_(facts.table), oracle_(oracle), names_(oracle), length_(length)
	{
	}

	/* The whole statement's advice (src/core/advice.cpp). */
	Advice write(const std::vector<Finding> &findings);

	/* what the advice is about */
	const StatementFacts &facts() const { return facts_; }
	const RelationTree &tree() const { return tree_; }
	const CatalogOracle &oracle() const { return oracle_; }
	const RelationFacts &rel(int i) const { return tree_.relations[i]; }
	bool partitioned() const { return rel(0).kind == RelationKind::PartitionedTable; }
	NameChooser &names() { return names_; }

	/* names as SQL */
	std::string ident(const std::string &name) const { return quoteIdentifier(name, oracle_); }
	std::string table(int i) const { return quoteQualified(rel(i).name, oracle_); }
	std::string inSchemaOf(int i, const std::string &name) const
	{
		return quoteQualified(QualifiedName{rel(i).name.schema, name}, oracle_);
	}
	/* "ALTER TABLE [ONLY] target", as the statement had it */
	std::string alterTarget() const
	{
		return std::string("ALTER TABLE ") + (facts_.alterTable.only ? "ONLY " : "") + table(0);
	}

	/* the advice being written */
	void add(StepKind kind, const std::string &text) { advice_.steps.push_back(Step{kind, text}); }
	void say(const std::string &sentence);
	void buildsConcurrently(const std::string &qualifiedIndex) { advice_.concurrentIndexes.push_back(qualifiedIndex); }
	void needsSeparateTransactions() { advice_.separateTransactions = true; }
	void partial() { advice_.partial = true; }
	void outsideTransaction(const char *operation) { advice_.outsideTransaction = operation; }

	/* ChooseIndexName() for relation relIndex of the tree */
	std::string defaultIndexName(int relIndex, const std::vector<std::string> &columns, const std::string &label,
								 bool isConstraint);
	/* The leaves a script spells out: all of them in a whole script, up to the cap in a bounded one. */
	std::vector<int> spelledLeaves(const std::vector<int> &leaves);
	std::string attributes(const ConstraintFacts &c) const;

	/* shared recipes */
	void notNullSteps(const std::vector<std::string> &columns);
	void indexConstraint(const ConstraintFacts &c, const std::vector<std::string> &keys, bool primary);
	void foreignKey(const ConstraintFacts &c, const std::vector<std::string> &columns);
	void addColumn(int index, const std::vector<const Finding *> &findings);
	void backfill(const std::string &column);
	void otherSubcommands(const std::vector<int> &indexes);

	/* new columns the advice made NOT NULL as it added them: their primary key need not prove it */
	bool madeNotNullOnAdd(const std::string &column) const { return notNullOnAdd_.count(column) > 0; }

private:
	void reserveStatementNames();
	std::string indexSuffix(const ConstraintFacts &c) const;
	std::string storageParameters(const ConstraintFacts &c) const;
	std::string constraintSuffix(const ConstraintFacts &c) const;
	std::string foreignKeyClause(const ConstraintFacts &c, const std::vector<std::string> &columns) const;
	void indexConstraintOnPartitions(const ConstraintFacts &c, const std::vector<std::string> &keys, bool primary);
	bool rewritesOnAdd(const ColumnFacts &column) const;
	bool nullableColumn(const std::string &name) const;
	std::string otherSubcommandText(int index, std::vector<std::string> &validates);

	const StatementFacts &facts_;
	const RelationTree &tree_;
	const CatalogOracle &oracle_;
	NameChooser names_;
	ScriptLength length_;
	Advice advice_;

	/* the key columns of the statement's flagged ADD PRIMARY KEY: its recipe makes them NOT NULL */
	std::set<std::string> primaryKeyColumns_;
	/* new columns the advice already made NOT NULL as it added them */
	std::set<std::string> notNullOnAdd_;
};

} /* namespace pgsafe */
