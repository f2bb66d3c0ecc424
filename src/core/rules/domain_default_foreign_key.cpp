/*-------------------------------------------------------------------------
 *
 * domain_default_foreign_key.cpp
 *		domain-default-foreign-key: ADD COLUMN c <domain> REFERENCES ...,
 *		where the domain has a DEFAULT, marks the key valid over values
 *		nobody checked.
 *
 * There is no DEFAULT clause, so PostgreSQL skips the validation, yet
 * every existing row gets the domain's default (from the minor releases
 * of May 2025 on: 13.21, 14.18, 15.13, 16.9, 17.5; before, the rows stayed
 * null).  Safe: add the column without REFERENCES, then the key NOT VALID
 * and VALIDATE CONSTRAINT, which checks those values.
 *
 * IDENTIFICATION
 *	  src/core/rules/domain_default_foreign_key.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/advice/writer.hpp"
#include "core/rules/behaviour.hpp"
#include "core/rules/phrases.hpp"
#include "core/rules/relations.hpp"

#include "core/pure.hpp"

namespace pgsafe {

namespace {

void
detect(const StatementFacts &facts, int index, std::vector<Finding> &findings)
{
	const ColumnFacts &column = facts.alterTable.subcommands[index].column;

	if (column.skipped || column.fill != ColumnFill::DomainDefault)
		return;
	for (int j = 0; j < static_cast<int>(column.constraints.size()); j++)
	{
		const ConstraintFacts &c = column.constraints[j];
		if (c.kind != ConstraintKind::ForeignKey || !c.foreignKey.referencedFound || !c.foreignKey.enforced ||
			refusedOnPartitions(facts, c.kind, {column.name}, false))
			continue;
		findings.push_back(makeFinding(Rule::DomainDefaultForeignKey,
									   Work::SkipValidation,
									   index,
									   j,
									   referencingRelations(facts.table, c.foreignKey)));
	}
}

std::string
operation(const StatementFacts &, const Finding &)
{
	return "ADD COLUMN ... REFERENCES";
}

std::string
message(const StatementFacts &facts, const Finding &f)
{
	const RelationFacts &target = facts.table.target();
	return operation(facts, f) + " on " + objectKind(target.kind) + " \"" + display(target.name) +
		   "\" marks the foreign key valid without checking the values existing rows get";
}

std::string
why(const StatementFacts &facts, const Finding &f)
{
	const ColumnFacts &column = facts.alterTable.subcommands[f.subcommand].column;
	return "Every existing row gets the DEFAULT of domain \"" + display(column.domain) +
		   "\", but PostgreSQL skips the validation for a new column without a DEFAULT clause of its own, so values "
		   "missing from \"" +
		   display(findingConstraint(facts, f)->foreignKey.referenced) + "\" are not found.";
}

void
adviseColumn(AdviceWriter &writer, const ColumnFacts &column, const ConstraintFacts &constraint)
{
	writer.foreignKey(constraint, {column.name});
	writer.say("VALIDATE CONSTRAINT then checks the DEFAULT of domain " +
			   quoteQualified(column.domain, writer.oracle()) + " that the rows got, and fails if \"" +
			   quoteQualified(constraint.foreignKey.referenced, writer.oracle()) + "\" does not have it.");
}

} /* namespace */

const RuleBehaviour kDomainDefaultForeignKeyRule = {
	Rule::DomainDefaultForeignKey,
	StatementKind::AlterTable,
	bitOf(SubcommandKind::AddColumn),
	bitOf(ConstraintKind::ForeignKey),
	detect,
	operation,
	message,
	why,
	nullptr,
	adviseColumn,
	nullptr,
};

} /* namespace pgsafe */
