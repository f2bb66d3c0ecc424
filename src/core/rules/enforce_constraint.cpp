/*-------------------------------------------------------------------------
 *
 * enforce_constraint.cpp
 *		enforce-constraint: ALTER TABLE ... ALTER CONSTRAINT name ENFORCED
 *		of a NOT ENFORCED foreign key (PostgreSQL 18) validates every row
 *		under ACCESS EXCLUSIVE.
 *
 * ATExecAlterConstrEnforceability() creates the key's triggers and queues
 * the validation of every leaf partition for phase 3, which reads every
 * row while the statement holds ACCESS EXCLUSIVE on the table (and SHARE
 * ROW EXCLUSIVE on the referenced one).  A key enforced already is left
 * alone; 18 changes the enforceability of foreign keys only.  The adapter
 * reads the key (src/adapter/read_constraint_enforce.cpp).
 *
 * Safe: PostgreSQL refuses ENFORCED NOT VALID, and VALIDATE CONSTRAINT of
 * a NOT ENFORCED key; so the key is dropped and added back NOT VALID in
 * one transaction (a brief lock; new writes are checked from then on),
 * then validated under SHARE UPDATE EXCLUSIVE, which blocks no reads or
 * writes.
 *
 * IDENTIFICATION
 *	  src/core/rules/enforce_constraint.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/advice/writer.hpp"
#include "core/rules/behaviour.hpp"
#include "core/rules/expand_contract.hpp"
#include "core/rules/phrases.hpp"
#include "core/rules/relations.hpp"

#include "core/pure.hpp"

namespace pgsafe {

namespace {

void
detect(const StatementFacts &facts, int index, std::vector<Finding> &findings)
{
	const SubcommandFacts &sub = facts.alterTable.subcommands[index];
	if (sub.enforce.validates && sub.constraint.name)
		findings.push_back(
			makeFinding(Rule::EnforceConstraint, Work::ValidateRows, index, -1, rewrittenTables(facts.table)));
}

std::string
operation(const StatementFacts &facts, const Finding &f)
{
	return "ALTER CONSTRAINT \"" + *facts.alterTable.subcommands[f.subcommand].constraint.name + "\" ENFORCED";
}

std::string
why(const StatementFacts &facts, const Finding &f)
{
	const SubcommandFacts &sub = facts.alterTable.subcommands[f.subcommand];
	return "Foreign key \"" + *sub.constraint.name + "\" is NOT ENFORCED: making it ENFORCED reads every row to " +
		   "validate it against table \"" + display(sub.enforce.referenced) +
		   "\", which is locked SHARE ROW EXCLUSIVE meanwhile. PostgreSQL accepts no ENFORCED NOT VALID.";
}

void
adviseSubcommand(AdviceWriter &w, const SubcommandFacts &sub, const Finding &)
{
	const EnforceConstraintFacts &e = sub.enforce;
	const std::string name = w.ident(*sub.constraint.name);

	if (e.definition.empty() || e.otherChanges)
	{
		w.say("Drop the foreign key and add it back NOT VALID in one transaction, then validate it in a "
			  "transaction of its own.");
		return w.partial();
	}
	w.say("PostgreSQL cannot make a foreign key ENFORCED NOT VALID, nor validate a NOT ENFORCED one. Drop it and "
		  "add it back NOT VALID in one transaction, under a brief lock (new writes are checked from then on), "
		  "then validate it without blocking reads or writes.");
	w.add(StepKind::Brief, "BEGIN;");
	w.add(StepKind::Brief, "ALTER TABLE " + w.table(0) + " DROP CONSTRAINT " + name + ";");
	w.add(StepKind::Brief,
		  "ALTER TABLE " + w.table(0) + " ADD CONSTRAINT " + name + " " + e.definition + " NOT VALID;");
	w.add(StepKind::Brief, "COMMIT;");
	w.add(StepKind::Validate, "ALTER TABLE " + w.table(0) + " VALIDATE CONSTRAINT " + name + ";");
	w.needsSeparateTransactions();
}

} /* namespace */

const RuleBehaviour kEnforceConstraintRule = {
	Rule::EnforceConstraint,
	StatementKind::AlterTable,
	bitOf(SubcommandKind::EnforceConstraint),
	0,
	detect,
	operation,
	nullptr,
	why,
	adviseSubcommand,
	nullptr,
	nullptr,
	nullptr,
};

} /* namespace pgsafe */
