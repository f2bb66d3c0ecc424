/*-------------------------------------------------------------------------
 *
 * identity_foreign_key.cpp
 *		identity-foreign-key: ADD COLUMN ... GENERATED AS IDENTITY
 *		REFERENCES rewrites the table and marks the foreign key valid
 *		without checking the generated values.
 *
 * There is no DEFAULT clause, so PostgreSQL skips the validation, yet the
 * rewrite gives every existing row a value.  Safe: fill the column from a
 * sequence (the column recipe), add the key NOT VALID and validate it,
 * then make the column an identity that continues after the highest value.
 *
 * IDENTIFICATION
 *	  src/core/rules/identity_foreign_key.cpp
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

	if (column.skipped || column.fill != ColumnFill::Identity)
		return;
	for (int j = 0; j < static_cast<int>(column.constraints.size()); j++)
	{
		const ConstraintFacts &c = column.constraints[j];
		if (c.kind != ConstraintKind::ForeignKey || !c.foreignKey.referencedFound || !c.foreignKey.enforced ||
			refusedOnPartitions(facts, c.kind, {column.name}, false))
			continue;
		findings.push_back(makeFinding(
			Rule::IdentityForeignKey, Work::RewriteTable, index, j, referencingRelations(facts.table, c.foreignKey)));
	}
}

std::string
operation(const StatementFacts &, const Finding &)
{
	return "ADD COLUMN ... GENERATED AS IDENTITY REFERENCES";
}

std::string
why(const StatementFacts &facts, const Finding &f)
{
	return "PostgreSQL also marks the foreign key valid without checking the generated values against \"" +
		   display(findingConstraint(facts, f)->foreignKey.referenced) + "\".";
}

void
adviseColumn(AdviceWriter &writer, const ColumnFacts &column, const ConstraintFacts &constraint)
{
	writer.foreignKey(constraint, {column.name});
}

} /* namespace */

const RuleBehaviour kIdentityForeignKeyRule = {
	Rule::IdentityForeignKey,
	StatementKind::AlterTable,
	bitOf(SubcommandKind::AddColumn),
	bitOf(ConstraintKind::ForeignKey),
	detect,
	operation,
	nullptr,
	why,
	nullptr,
	adviseColumn,
	nullptr,
};

} /* namespace pgsafe */
