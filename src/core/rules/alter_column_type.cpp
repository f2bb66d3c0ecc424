/*-------------------------------------------------------------------------
 *
 * alter_column_type.cpp
 *		alter-column-type, alter-column-type-index, alter-column-type-check:
 *		ALTER TABLE ... ALTER COLUMN ... TYPE under ACCESS EXCLUSIVE.
 *
 * The adapter decides, as PostgreSQL does (src/adapter/alter_type.cpp),
 * whether the change rewrites the table -- and so builds every index again
 * -- or is made in place: binary coercible, a typmod widened, an
 * unconstrained domain, timestamp <-> timestamptz under a UTC TimeZone.  In
 * place, PostgreSQL still builds again the indexes on the column whose
 * operator class or collation changes (and those on expressions or with a
 * predicate), and validates again the column's CHECK constraints, reading
 * every row.  Each of the three is a rule of its own, with its own effect.
 *
 * Safe, for a rewrite: a CHECK on the length instead of a narrower varchar;
 * otherwise there is no online statement, and the recipe is expand and
 * contract -- a new column, a trigger that fills it on every write, a
 * batched backfill, then a swap under a brief lock.  In place: the indexes
 * dropped and built again concurrently around the type change, the checks
 * added again NOT VALID and validated apart.
 *
 * IDENTIFICATION
 *	  src/core/rules/alter_column_type.cpp
 *
 *-------------------------------------------------------------------------
 */
#include <algorithm>

#include "core/advice/writer.hpp"
#include "core/interrupts.hpp"
#include "core/rules/behaviour.hpp"
#include "core/rules/expand_contract.hpp"
#include "core/rules/phrases.hpp"
#include "core/rules/relations.hpp"
#include "core/script.hpp"

#include "core/pure.hpp"

namespace pgsafe {

namespace {

template <typename Items>
std::vector<int>
tablesOf(const RelationTree &tree, const Items &items)
{
	std::vector<int> result;
	for (const auto &item : items)
		if (tree.relations[item.relation].kind == RelationKind::Table &&
			std::find(result.begin(), result.end(), item.relation) == result.end())
			result.push_back(item.relation);
	return result;
}

void
detectRewrite(const StatementFacts &facts, int index, std::vector<Finding> &findings)
{
	const AlterTypeFacts &at = facts.alterTable.subcommands[index].alterType;
	if (at.change == TypeChange::Rewrite || at.change == TypeChange::TimeZone)
		findings.push_back(
			makeFinding(Rule::AlterColumnType, Work::RewriteTable, index, -1, rewrittenTables(facts.table)));
}

void
detectIndex(const StatementFacts &facts, int index, std::vector<Finding> &findings)
{
	const AlterTypeFacts &at = facts.alterTable.subcommands[index].alterType;
	std::vector<int> tables = tablesOf(facts.table, at.indexes);
	if (at.change == TypeChange::InPlace && !tables.empty())
		findings.push_back(makeFinding(Rule::AlterColumnTypeIndex, Work::BuildIndex, index, -1, tables));
}

void
detectCheck(const StatementFacts &facts, int index, std::vector<Finding> &findings)
{
	const AlterTypeFacts &at = facts.alterTable.subcommands[index].alterType;
	std::vector<int> tables = tablesOf(facts.table, at.checks);
	if (at.change == TypeChange::InPlace && !tables.empty())
		findings.push_back(makeFinding(Rule::AlterColumnTypeCheck, Work::ValidateRows, index, -1, tables));
}

std::string
operation(const StatementFacts &facts, const Finding &f)
{
	return "ALTER COLUMN \"" + facts.alterTable.subcommands[f.subcommand].column.name + "\" TYPE";
}

/* "\"a\", \"b\"" of the names of the items on the tables read */
template <typename Items>
std::string
namesOf(const RelationTree &tree, const Items &items, std::size_t *count)
{
	std::vector<std::string> names;
	for (const auto &item : items)
		if (tree.relations[item.relation].kind == RelationKind::Table &&
			std::find(names.begin(), names.end(), item.name) == names.end())
			names.push_back(item.name);
	*count = names.size();
	return columnList(names);
}

std::string
why(const StatementFacts &facts, const Finding &f)
{
	const SubcommandFacts &sub = facts.alterTable.subcommands[f.subcommand];
	const AlterTypeFacts &at = sub.alterType;
	const std::string change = "from " + at.oldType + " to " + at.newType;
	std::size_t count = 0;

	switch (f.rule)
	{
		case Rule::AlterColumnTypeIndex:
			{
				std::string names = namesOf(facts.table, at.indexes, &count);
				return "The table is not rewritten, but PostgreSQL builds " +
					   std::string(count == 1 ? "index " : "indexes ") + names +
					   " again: " + (count == 1 ? "its" : "their") +
					   " operator class or collation changes with the column's type, or " +
					   (count == 1 ? "it is" : "they are") + " on an expression or partial.";
			}
		case Rule::AlterColumnTypeCheck:
			{
				std::string names = namesOf(facts.table, at.checks, &count);
				return "The table is not rewritten, but PostgreSQL adds " +
					   std::string(count == 1 ? "constraint " : "constraints ") + names +
					   " again and reads every row to validate " + (count == 1 ? "it." : "them.");
			}
		default:
			break;
	}
	if (at.change == TypeChange::TimeZone)
		return "Changing column \"" + sub.column.name + "\" " + change +
			   " is free only when the session's TimeZone is UTC; under this session's TimeZone PostgreSQL "
			   "converts and writes every row again, and builds every index of the table again.";
	if (at.hasUsing)
		return "The USING expression is not the column itself, so PostgreSQL computes and writes every row "
			   "again, and builds every index of the table again.";
	return "PostgreSQL cannot change column \"" + sub.column.name + "\" " + change +
		   " in place, so it writes every row again and builds every index of the table again.";
}

/* the subcommand itself as an ALTER TABLE statement */
std::string
subcommandStatement(AdviceWriter &w, const SubcommandFacts &sub)
{
	return w.alterTarget() + " " + compactSql(w.facts().slice(sub.span)) + ";";
}

/* no online path: the statement in a maintenance window */
void
blocking(AdviceWriter &w, const SubcommandFacts &sub, const std::string &reason)
{
	w.say(reason + " PostgreSQL has no online path for it: run it in a maintenance window.");
	if (sub.span.valid())
		w.add(StepKind::Blocking, subcommandStatement(w, sub));
	else
		w.partial();
}

/* In place, but indexes are built again or checks validated again: take them out around the change. */
void
adviseInPlace(AdviceWriter &w, const SubcommandFacts &sub)
{
	const AlterTypeFacts &at = sub.alterType;

	for (const RebuiltIndex &index : at.indexes)
		if (index.constraint || index.relation != 0 || w.partitioned())
			return blocking(w,
							sub,
							"An index PostgreSQL builds again belongs to a constraint or to a partition, so it cannot "
							"be dropped and built again concurrently around the change.");
	for (const RevalidatedCheck &check : at.checks)
		if (check.relation != 0 && std::none_of(at.checks.begin(), at.checks.end(), [&](const RevalidatedCheck &c) {
				return c.relation == 0 && c.name == check.name;
			}))
			return blocking(w, sub, "A CHECK constraint of a child table is validated again on its own.");
	if (!sub.span.valid())
		return w.partial();

	std::vector<const RevalidatedCheck *> checks;
	for (const RevalidatedCheck &check : at.checks)
		if (check.relation == 0)
			checks.push_back(&check);

	if (!at.indexes.empty())
	{
		w.say("Drop the indexes PostgreSQL would build again, change the type, then build them again "
			  "concurrently; queries that use them run without them meanwhile.");
		for (const RebuiltIndex &index : at.indexes)
			w.add(StepKind::Concurrent, "DROP INDEX CONCURRENTLY " + w.inSchemaOf(index.relation, index.name) + ";");
	}
	if (!checks.empty())
	{
		w.say("Drop the CHECK constraints PostgreSQL would validate again and add them back NOT VALID in the "
			  "same transaction, then validate them in a transaction of their own.");
		w.add(StepKind::Brief, "BEGIN;");
		for (const RevalidatedCheck *check : checks)
			w.add(StepKind::Brief, "ALTER TABLE " + w.table(0) + " DROP CONSTRAINT " + w.ident(check->name) + ";");
	}
	w.add(StepKind::Brief, subcommandStatement(w, sub));
	for (const RevalidatedCheck *check : checks)
		w.add(StepKind::Brief,
			  "ALTER TABLE " + w.table(0) + " ADD CONSTRAINT " + w.ident(check->name) + " " + check->definition +
				  " NOT VALID;");
	if (!checks.empty())
		w.add(StepKind::Brief, "COMMIT;");
	for (const RebuiltIndex &index : at.indexes)
	{
		std::string definition = index.definition;
		std::size_t at = definition.find(" INDEX ");
		if (at != std::string::npos)
			definition.insert(at + 7, "CONCURRENTLY ");
		w.add(StepKind::Concurrent, definition + ";");
		w.buildsConcurrently(w.inSchemaOf(index.relation, index.name));
	}
	for (const RevalidatedCheck *check : checks)
		w.add(StepKind::Validate, "ALTER TABLE " + w.table(0) + " VALIDATE CONSTRAINT " + w.ident(check->name) + ";");
	if (!checks.empty())
		w.needsSeparateTransactions();
}

/* a narrower varchar: a CHECK on the length, added NOT VALID and validated, keeps the type */
void
adviseLengthCheck(AdviceWriter &w, const SubcommandFacts &sub)
{
	const AlterTypeFacts &at = sub.alterType;
	const std::string &column = sub.column.name;
	const RelationFacts &target = w.rel(0);
	const std::string name = w.names().constraintName(target.name.schema, target.name.name, column, "length");
	const std::string inherit = w.facts().alterTable.only && !w.partitioned() ? " NO INHERIT" : "";

	w.say("To limit the length without a rewrite, keep the type and add a CHECK constraint instead: NOT VALID "
		  "under a brief lock, then validated without blocking writes.");
	w.add(StepKind::Brief,
		  "ALTER TABLE " + w.table(0) + " ADD CONSTRAINT " + w.ident(name) + " CHECK (char_length(" + w.ident(column) +
			  ") <= " + std::to_string(at.narrowedLength) + ")" + inherit + " NOT VALID;");
	w.add(StepKind::Validate, "ALTER TABLE " + w.table(0) + " VALIDATE CONSTRAINT " + w.ident(name) + ";");
	w.needsSeparateTransactions();
}

/* Expand and contract: a new column kept in step by a trigger, filled in batches, swapped under a brief lock. */
void
adviseExpandContract(AdviceWriter &w, const SubcommandFacts &sub)
{
	const AlterTypeFacts &at = sub.alterType;
	const StatementFacts &facts = w.facts();
	const RelationFacts &target = w.rel(0);
	const std::string &column = sub.column.name;
	const std::string usingText = at.usingExpression.valid() ? compactSql(facts.slice(at.usingExpression)) : "";

	if (at.primaryKey)
		return blocking(w,
						sub,
						"The column is in a primary key or a foreign key, or is an identity column, which a new column "
						"cannot simply take over.");
	if (!at.typeClause.valid() && at.newType.empty())
		return w.partial();

	if (at.change == TypeChange::TimeZone)
		w.say("If the stored values are in UTC, the change is free in a session whose TimeZone is UTC: run it "
			  "after SET LOCAL TimeZone = 'UTC'. Otherwise:");
	w.say("PostgreSQL has no online form of this type change. Add a column of the new type, keep it filled by a "
		  "trigger on every write, fill the existing rows in batches of their own transactions, then swap the "
		  "columns under a brief lock; the column moves to the end of the table's columns.");

	ExpandContract plan;
	plan.column = column;
	plan.type = at.newType;
	plan.rowValue = usingText.empty()
						? "NEW." + w.ident(column)
						: "(SELECT " + usingText + " FROM (SELECT NEW.*) AS " + w.ident(target.name.name) + ")";
	plan.fillValue = usingText.empty() ? w.ident(column) : usingText;
	plan.notNull = at.notNull;
	plan.dependents = at.dependents;
	plan.defaultExpression = at.defaultExpression;
	plan.ownedSequence = at.ownedSequence;
	expandContractSteps(w, plan);
}

void
adviseSubcommand(AdviceWriter &w, const SubcommandFacts &sub, const Finding &)
{
	const AlterTypeFacts &at = sub.alterType;
	if (at.change == TypeChange::InPlace)
		adviseInPlace(w, sub);
	else if (at.narrowedLength >= 0)
		adviseLengthCheck(w, sub);
	else
		adviseExpandContract(w, sub);
}

constexpr unsigned kLooksAt = bitOf(SubcommandKind::AlterColumnType);

} /* namespace */

const RuleBehaviour kAlterColumnTypeRule = {
	Rule::AlterColumnType,
	StatementKind::AlterTable,
	kLooksAt,
	0,
	detectRewrite,
	operation,
	nullptr,
	why,
	adviseSubcommand,
	nullptr,
	nullptr,
};

const RuleBehaviour kAlterColumnTypeIndexRule = {
	Rule::AlterColumnTypeIndex,
	StatementKind::AlterTable,
	kLooksAt,
	0,
	detectIndex,
	operation,
	nullptr,
	why,
	adviseSubcommand,
	nullptr,
	nullptr,
};

const RuleBehaviour kAlterColumnTypeCheckRule = {
	Rule::AlterColumnTypeCheck,
	StatementKind::AlterTable,
	kLooksAt,
	0,
	detectCheck,
	operation,
	nullptr,
	why,
	adviseSubcommand,
	nullptr,
	nullptr,
};

} /* namespace pgsafe */
