/*-------------------------------------------------------------------------
 *
 * add_column_rewrite.cpp
 *		add-column-rewrite: ADD COLUMN that rewrites the table under ACCESS
 *		EXCLUSIVE, because existing rows get a value computed or checked per
 *		row.
 *
 * PostgreSQL stores a new column's default once, without touching a row,
 * when it is not volatile (now() is fine; the fast-default path of
 * ATExecAddColumn).  It rewrites every table the column is added to when
 * the default is volatile (clock_timestamp(), random(), gen_random_uuid(),
 * nextval()), for serial and identity columns, for a stored generated
 * column, and for a domain type with constraints, whose check must run for
 * every row.  The adapter decides this from the functions' volatility in
 * the catalog, without analysing or running the expression (ColumnRewrite);
 * a default it cannot tell about is not flagged.
 *
 * Safe: add the column without the default, set the default for new rows,
 * fill existing rows in batches, each committed on its own, then add its
 * NOT NULL and constraints the ways that do not read under a long lock
 * (AdviceWriter::addColumn).  A stored generated column and a domain with
 * constraints have no online path.
 *
 * An identity column with REFERENCES is identity-foreign-key's finding
 * alone; a column with UNIQUE, PRIMARY KEY, REFERENCES or CHECK gets this
 * finding first, then each of theirs, and one recipe for all.
 *
 * IDENTIFICATION
 *	  src/core/rules/add_column_rewrite.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/advice/writer.hpp"
#include "core/interrupts.hpp"
#include "core/rules/behaviour.hpp"
#include "core/rules/phrases.hpp"
#include "core/rules/relations.hpp"
#include "core/script.hpp"

#include "core/pure.hpp"

namespace pgsafe {

namespace {

/* Does PostgreSQL refuse a key of the statement on the partitioned table before the rewrite, which comes last? */
bool
statementRefused(const StatementFacts &facts)
{
	for (const auto &sub : facts.alterTable.subcommands)
	{
		const ConstraintFacts &c = sub.constraint;
		if (sub.kind == SubcommandKind::AddConstraint && !c.usingIndex &&
			(c.kind == ConstraintKind::Unique || c.kind == ConstraintKind::PrimaryKey ||
			 c.kind == ConstraintKind::Exclusion || c.kind == ConstraintKind::ForeignKey) &&
			refusedOnPartitions(facts, c.kind, c.keys, facts.alterTable.only))
			return true;
	}
	return false;
}

void
detect(const StatementFacts &facts, int index, std::vector<Finding> &findings)
{
	const ColumnFacts &column = facts.alterTable.subcommands[index].column;
	const RelationTree &tree = facts.table;
	const bool only = facts.alterTable.only;

	if (column.skipped || !addColumnRewrites(column) || statementRefused(facts))
		return;
	/* PostgreSQL refuses an identity column on a table with children, and ONLY over children */
	if (tree.relations.size() > 1 && (column.rewrite == ColumnRewrite::Identity || only))
		return;
	for (const auto &c : column.constraints)
	{
		if (column.rewrite == ColumnRewrite::Identity && c.kind == ConstraintKind::ForeignKey &&
			c.foreignKey.referencedFound && c.foreignKey.enforced)
			return; /* identity-foreign-key */
		/* PostgreSQL refuses the column's key before the rewrite, which comes last */
		if ((c.kind == ConstraintKind::Unique || c.kind == ConstraintKind::PrimaryKey ||
			 c.kind == ConstraintKind::ForeignKey) &&
			refusedOnPartitions(facts, c.kind, {column.name}, false))
			return;
	}

	std::vector<int> rewritten;
	for (int i = 0; i < static_cast<int>(tree.relations.size()); i++)
	{
		checkInterrupts();
		if (tree.relations[i].kind == RelationKind::Table)
			rewritten.push_back(i);
	}
	findings.push_back(makeFinding(Rule::AddColumnRewrite, Work::RewriteTable, index, -1, rewritten));
}

std::string
operation(const StatementFacts &facts, const Finding &f)
{
	switch (facts.alterTable.subcommands[f.subcommand].column.rewrite)
	{
		case ColumnRewrite::Serial:
			return "ADD COLUMN ... serial";
		case ColumnRewrite::Identity:
			return "ADD COLUMN ... GENERATED AS IDENTITY";
		case ColumnRewrite::Generated:
			return "ADD COLUMN ... GENERATED ALWAYS AS ... STORED";
		case ColumnRewrite::DomainConstraints:
			return "ADD COLUMN of a domain with constraints";
		default:
			return "ADD COLUMN with a volatile DEFAULT";
	}
}

std::string
why(const StatementFacts &facts, const Finding &f)
{
	const ColumnFacts &column = facts.alterTable.subcommands[f.subcommand].column;
	switch (column.rewrite)
	{
		case ColumnRewrite::Serial:
		case ColumnRewrite::Identity:
			return "Every existing row gets its own value from the sequence, so PostgreSQL writes a new copy of the "
				   "table.";
		case ColumnRewrite::Generated:
			return "Every existing row gets the generated value computed and stored, so PostgreSQL writes a new copy "
				   "of the table.";
		case ColumnRewrite::DomainConstraints:
			return "PostgreSQL checks the domain's constraints for every existing row, so it writes a new copy of "
				   "the table.";
		case ColumnRewrite::VolatileDomainDefault:
			return "The column's domain has a volatile DEFAULT, computed for every existing row, so PostgreSQL writes "
				   "a new copy of the table.";
		default:
			return "The DEFAULT calls a volatile function, computed for every existing row, so PostgreSQL writes a "
				   "new copy of the table; a default that is not volatile (now(), a constant) is stored once instead.";
	}
}

void
adviseColumn(AdviceWriter &, const ColumnFacts &, const ConstraintFacts &)
{
	/* never called: the column's finding has no constraint; AdviceWriter::addColumn is its recipe */
}

} /* namespace */

const RuleBehaviour kAddColumnRewriteRule = {
	Rule::AddColumnRewrite,
	StatementKind::AlterTable,
	bitOf(SubcommandKind::AddColumn),
	0,
	detect,
	operation,
	nullptr,
	why,
	nullptr,
	adviseColumn,
	nullptr,
};

} /* namespace pgsafe */
