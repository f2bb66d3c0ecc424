/*-------------------------------------------------------------------------
 *
 * advice.cpp
 *		Write the safe alternative to a flagged statement.
 *
 * A statement without subcommands gets its rule's recipe.  An ALTER TABLE
 * is taken subcommand by subcommand, in the order PostgreSQL runs them:
 * each flagged one gets its rule's recipe, and the others are kept as they
 * were -- except where they are themselves the blocking part, which the
 * advice writes the safe way too.
 *
 * IDENTIFICATION
 *	  src/core/advice.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/advice.hpp"

#include <algorithm>

#include "core/advice/writer.hpp"
#include "core/interrupts.hpp"
#include "core/rules/behaviour.hpp"

#include "core/pure.hpp"

namespace pgsafe {

Advice
AdviceWriter::write(const std::vector<Finding> &findings)
{
	reserveStatementNames();

	/* a statement without subcommands: its rule's recipe for all its findings */
	if (facts_.kind != StatementKind::AlterTable)
	{
		if (!findings.empty())
			if (const auto advise = behaviourOf(findings.front().rule).adviseStatement)
				advise(*this, findings);
		return advice_;
	}

	const auto &subcommands = facts_.alterTable.subcommands;
	std::vector<int> order(subcommands.size());
	for (std::size_t i = 0; i < order.size(); i++)
		order[i] = static_cast<int>(i);
	std::stable_sort(
		order.begin(), order.end(), [&](int a, int b) { return subcommands[a].phase < subcommands[b].phase; });

	std::vector<int> others;
	/* each subcommand's findings, found in one pass */
	std::vector<std::vector<const Finding *>> bySubcommand(subcommands.size());
	for (const auto &f : findings)
		if (f.subcommand >= 0 && f.subcommand < static_cast<int>(subcommands.size()))
		{
			bySubcommand[f.subcommand].push_back(&f);
			if (f.rule == Rule::PrimaryKey && f.columnConstraint < 0)
				primaryKeyColumns_.insert(subcommands[f.subcommand].constraint.keys.begin(),
										  subcommands[f.subcommand].constraint.keys.end());
		}

	for (int i : order)
	{
		checkInterrupts();
		const std::vector<const Finding *> &mine = bySubcommand[i];
		const SubcommandFacts &sub = subcommands[i];
		if (mine.empty())
		{
			/*
			 * Every step must be safe itself, not only the flagged one: an
			 * ADD COLUMN that rewrites the table (or whose column a primary
			 * key of the statement needs NOT NULL) is added the safe way; a
			 * SET NOT NULL that would read the rows is proven first, or left
			 * to the primary key's recipe, which proves it anyway.
			 */
			if (sub.kind == SubcommandKind::AddColumn && !sub.column.skipped &&
				(rewritesOnAdd(sub.column) || primaryKeyColumns_.count(sub.column.name)))
			{
				otherSubcommands(others);
				others.clear();
				addColumn(i, mine);
			}
			else if (sub.kind == SubcommandKind::SetNotNull && primaryKeyColumns_.count(sub.column.name))
				continue;
			else if (sub.kind == SubcommandKind::SetNotNull && nullableColumn(sub.column.name))
			{
				otherSubcommands(others);
				others.clear();
				notNullSteps({sub.column.name});
			}
			else
				others.push_back(i);
			continue;
		}

		otherSubcommands(others);
		others.clear();

		if (sub.kind == SubcommandKind::AddColumn)
		{
			addColumn(i, mine);
			continue;
		}

		const Finding &f = *mine.front();
		if (const auto advise = behaviourOf(f.rule).adviseSubcommand)
			advise(*this, sub, f);
	}
	otherSubcommands(others);
	return advice_;
}

Advice
adviseFor(const StatementFacts &facts, const std::vector<Finding> &findings, const CatalogOracle &oracle,
		  ScriptLength length)
{
	AdviceWriter writer(facts, oracle, length);
	return writer.write(findings);
}

} /* namespace pgsafe */
