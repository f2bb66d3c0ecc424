/*-------------------------------------------------------------------------
 *
 * foreign_key.cpp
 *		foreign-key: a FOREIGN KEY that PostgreSQL validates by reading
 *		every row, under SHARE ROW EXCLUSIVE on both tables.
 *
 * ADD [CONSTRAINT n] FOREIGN KEY without NOT VALID is always validated,
 * even on a column the same statement adds.  ADD COLUMN ... REFERENCES is
 * validated when the new column has any DEFAULT clause -- DEFAULT NULL
 * too -- or is serial or GENERATED ... STORED: without one, PostgreSQL
 * knows every row is null and skips the validation.  (An identity column
 * and a domain with a DEFAULT of its own skip it too, yet fill every row:
 * identity_foreign_key.cpp and domain_default_foreign_key.cpp.)
 *
 * Safe: ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT in a
 * transaction of its own.  On a partitioned table the same from
 * PostgreSQL 18; before, where NOT VALID is refused there
 * (ServerCapabilities::foreignKeyNotValidOnPartitioned): add and validate
 * the key in each leaf, then add it to the parent, which adopts them
 * without reading a row.
 *
 * IDENTIFICATION
 *	  src/core/rules/foreign_key.cpp
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
	const SubcommandFacts &sub = facts.alterTable.subcommands[index];

	if (sub.kind == SubcommandKind::AddConstraint)
	{
		const ConstraintFacts &c = sub.constraint;
		if (c.kind != ConstraintKind::ForeignKey || c.foreignKey.notValid || !c.foreignKey.enforced ||
			!c.foreignKey.referencedFound || refusedOnPartitions(facts, c.kind, c.keys, facts.alterTable.only))
			return;
		findings.push_back(makeFinding(
			Rule::ForeignKey, Work::ValidateRows, index, -1, referencingRelations(facts.table, c.foreignKey)));
		return;
	}

	const ColumnFacts &column = sub.column;
	if (column.skipped || column.fill == ColumnFill::None || column.fill == ColumnFill::Identity ||
		column.fill == ColumnFill::DomainDefault)
		return;
	for (int j = 0; j < static_cast<int>(column.constraints.size()); j++)
	{
		const ConstraintFacts &c = column.constraints[j];
		if (c.kind != ConstraintKind::ForeignKey || !c.foreignKey.referencedFound || !c.foreignKey.enforced ||
			refusedOnPartitions(facts, c.kind, {column.name}, false))
			continue;
		findings.push_back(makeFinding(
			Rule::ForeignKey, Work::ValidateRows, index, j, referencingRelations(facts.table, c.foreignKey)));
	}
}

std::string
operation(const StatementFacts &, const Finding &finding)
{
	return finding.columnConstraint >= 0 ? "ADD COLUMN ... REFERENCES" : "ADD FOREIGN KEY";
}

/* The locks on both tables: the referenced table is locked too, unless it is the same. */
std::string
message(const StatementFacts &facts, const Finding &f)
{
	const RelationFacts &target = facts.table.target();
	const LockMode lock = tableLock(facts, f);
	const std::string head =
		operation(facts, f) + " on " + objectKind(target.kind) + " \"" + display(target.name) + "\" takes ";
	const std::string referenced = display(findingConstraint(facts, f)->foreignKey.referenced);

	if (referenced == display(target.name))
		return head + aLock(lock) + ", blocking " + blocked(lock, target.kind) + " while " + activity(f.work);
	if (lock == LockMode::ShareRowExclusive)
		return head + aLock(lock) + " on it and on table \"" + referenced + "\", blocking writes to both while " +
			   activity(f.work);
	return head + aLock(lock) + " on it and " + aLock(LockMode::ShareRowExclusive) + " on table \"" + referenced +
		   "\", blocking " + blocked(lock, target.kind) + " on it and writes on \"" + referenced + "\" while " +
		   activity(f.work);
}

std::string
why(const StatementFacts &facts, const Finding &f)
{
	if (f.columnConstraint < 0)
		return "";
	const ColumnFacts &column = facts.alterTable.subcommands[f.subcommand].column;
	const char *reason = column.fill == ColumnFill::Serial        ? "is serial"
						 : column.fill == ColumnFill::Generated   ? "is a generated column"
						 : column.fill == ColumnFill::NullDefault ? "has DEFAULT NULL"
																  : "has a DEFAULT";
	return std::string("PostgreSQL skips the validation only for a new column without any DEFAULT; this one ") +
		   reason + ".";
}

void
adviseSubcommand(AdviceWriter &writer, const SubcommandFacts &sub, const Finding &)
{
	writer.foreignKey(sub.constraint, sub.constraint.foreignKey.columns);
}

void
adviseColumn(AdviceWriter &writer, const ColumnFacts &column, const ConstraintFacts &constraint)
{
	writer.foreignKey(constraint, {column.name});
}

} /* namespace */

const RuleBehaviour kForeignKeyRule = {
	Rule::ForeignKey,
	StatementKind::AlterTable,
	bitOf(SubcommandKind::AddConstraint) | bitOf(SubcommandKind::AddColumn),
	bitOf(ConstraintKind::ForeignKey),
	detect,
	operation,
	message,
	why,
	adviseSubcommand,
	adviseColumn,
	nullptr,
};

} /* namespace pgsafe */
