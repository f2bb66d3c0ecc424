/*-------------------------------------------------------------------------
 *
 * exclusion_constraint.cpp
 *		exclusion-constraint: ADD EXCLUDE builds its index under ACCESS
 *		EXCLUSIVE, and PostgreSQL has no concurrent way to do it.
 *
 * The advice is the statement itself, in a transaction of its own with
 * pgsafe.mode lowered for it, for a maintenance window.
 *
 * IDENTIFICATION
 *	  src/core/rules/exclusion_constraint.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/advice/writer.hpp"
#include "core/rules/behaviour.hpp"
#include "core/rules/relations.hpp"
#include "core/script.hpp"

#include "core/pure.hpp"

namespace pgsafe {

namespace {

void
detect(const StatementFacts &facts, int index, std::vector<Finding> &findings)
{
	const ConstraintFacts &c = facts.alterTable.subcommands[index].constraint;
	const bool only = facts.alterTable.only;

	if (c.kind != ConstraintKind::Exclusion || refusedOnPartitions(facts, c.kind, c.keys, only))
		return;
	findings.push_back(
		makeFinding(Rule::ExclusionConstraint, Work::BuildIndex, index, -1, indexedRelations(facts.table, only)));
}

std::string
operation(const StatementFacts &, const Finding &)
{
	return "ADD EXCLUDE";
}

std::string
why(const StatementFacts &, const Finding &)
{
	return "PostgreSQL has no way to build an exclusion constraint concurrently.";
}

void
adviseSubcommand(AdviceWriter &writer, const SubcommandFacts &sub, const Finding &)
{
	writer.say("PostgreSQL cannot add an exclusion constraint without holding this lock while the index is built; "
			   "run it in a maintenance window.");
	if (!sub.span.valid())
	{
		writer.partial();
		return;
	}
	writer.add(StepKind::Blocking, writer.alterTarget() + " " + compactSql(writer.facts().slice(sub.span)) + ";");
}

} /* namespace */

const RuleBehaviour kExclusionConstraintRule = {
	Rule::ExclusionConstraint,
	StatementKind::AlterTable,
	bitOf(SubcommandKind::AddConstraint),
	bitOf(ConstraintKind::Exclusion),
	detect,
	operation,
	nullptr,
	why,
	adviseSubcommand,
	nullptr,
	nullptr,
};

} /* namespace pgsafe */
