/*-------------------------------------------------------------------------
 *
 * rules.cpp
 *		Run the rules that look at a statement, and keep what matters.
 *
 * The dispatch follows the catalogue: for a statement without subcommands,
 * the rules of its kind; for ALTER TABLE, for each subcommand in order, the
 * rules that look at its kind.  Each finding is then weighed: only
 * relations other sessions can see count, and only when they hold data.
 *
 * IDENTIFICATION
 *	  src/core/rules.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/rules.hpp"

#include <algorithm>
#include <map>

#include "core/interrupts.hpp"
#include "core/rules/behaviour.hpp"

#include "core/pure.hpp"

namespace pgsafe {

namespace {

/*
 * Keep only relations other sessions can see, and sum their sizes.  True
 * when the finding is worth reporting: some relation's size is unknown, or
 * the visible ones hold data and at least pgsafe.min_table_size of it.
 */
bool
assess(const StatementFacts &facts, Finding &finding)
{
	std::vector<int> visible;

	finding.bytes = 0;
	finding.toastBytes = 0;
	finding.sizeUnknown = false;
	for (int i : finding.scanned)
	{
		const RelationFacts &rel = facts.table.relations[i];
		if (rel.local)
			continue;
		visible.push_back(i);
		if (!rel.sizeKnown)
			finding.sizeUnknown = true;
		else if (rel.bytes > 0)
		{
			finding.bytes += rel.bytes + rel.toastBytes;
			finding.toastBytes += rel.toastBytes;
		}
	}
	finding.scanned = visible;

	if (finding.sizeUnknown)
		return true;
	return finding.bytes > 0 && finding.bytes >= facts.session.minTableBytes;
}

/*
 * PostgreSQL 18 refuses an index, a key or a foreign key on a virtual
 * generated column (indexcmds.c DefineIndex, tablecmds.c
 * ATAddForeignKeyConstraint) before it builds or reads anything: pgsafe
 * says nothing, and PostgreSQL's own error comes.
 */
bool
refusedVirtualColumn(const StatementFacts &facts)
{
	for (const auto &sub : facts.alterTable.subcommands)
		if (sub.kind == SubcommandKind::AddColumn && !sub.column.skipped && sub.column.fill == ColumnFill::Virtual)
			for (const auto &c : sub.column.constraints)
				if (c.kind == ConstraintKind::Unique || c.kind == ConstraintKind::PrimaryKey ||
					c.kind == ConstraintKind::Exclusion || c.kind == ConstraintKind::ForeignKey)
					return true;
	return false;
}

/* The statement rules that look at statements of this kind, in catalogue order. */
std::vector<const RuleBehaviour *>
rulesFor(StatementKind kind)
{
	std::vector<const RuleBehaviour *> rules;
	for (const RuleSpec &spec : ruleCatalogue())
		if (spec.behaviour && spec.behaviour->statement == kind)
			rules.push_back(spec.behaviour);
	return rules;
}

} /* namespace */

std::vector<Finding>
findDangers(const StatementFacts &facts)
{
	static const std::vector<const RuleBehaviour *> alterRules = rulesFor(StatementKind::AlterTable);
	static const std::map<StatementKind, std::vector<const RuleBehaviour *>> statementRules = [] {
		std::map<StatementKind, std::vector<const RuleBehaviour *>> byKind;
		for (const RuleSpec &spec : ruleCatalogue())
			if (spec.behaviour && spec.behaviour->statement != StatementKind::AlterTable)
				byKind[spec.behaviour->statement].push_back(spec.behaviour);
		return byKind;
	}();
	std::vector<Finding> candidates;
	std::vector<Finding> findings;

	if (facts.table.relations.empty() || refusedVirtualColumn(facts))
		return findings;

	if (facts.kind != StatementKind::AlterTable)
	{
		/* a statement without subcommands: the rules of its kind */
		auto rules = statementRules.find(facts.kind);
		if (rules != statementRules.end())
			for (const RuleBehaviour *rule : rules->second)
				rule->detect(facts, -1, candidates);
	}
	else
	{
		const auto &subcommands = facts.alterTable.subcommands;
		for (int i = 0; i < static_cast<int>(subcommands.size()); i++)
		{
			const unsigned kind = bitOf(subcommands[i].kind);
			const std::size_t first = candidates.size();

			checkInterrupts();
			for (const RuleBehaviour *rule : alterRules)
				if (rule->subcommands & kind)
					rule->detect(facts, i, candidates);
			/* an ADD COLUMN's findings in the order of its constraints, whichever rule found them */
			std::stable_sort(
				candidates.begin() + static_cast<std::ptrdiff_t>(first),
				candidates.end(),
				[](const Finding &a, const Finding &b) { return a.columnConstraint < b.columnConstraint; });
		}
	}

	for (auto &finding : candidates)
	{
		checkInterrupts();
		if (assess(facts, finding) && !listsRule(facts.session.disabledRules, ruleName(finding.rule)))
			findings.push_back(std::move(finding));
	}
	return findings;
}

const ConstraintFacts *
findingConstraint(const StatementFacts &facts, const Finding &finding)
{
	if (finding.subcommand < 0)
		return nullptr;
	const SubcommandFacts &sub = facts.alterTable.subcommands[finding.subcommand];
	if (finding.columnConstraint >= 0)
		return &sub.column.constraints[finding.columnConstraint];
	return &sub.constraint;
}

} /* namespace pgsafe */
