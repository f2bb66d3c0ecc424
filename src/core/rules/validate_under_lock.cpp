/*-------------------------------------------------------------------------
 *
 * validate_under_lock.cpp
 *		validate-under-lock: VALIDATE CONSTRAINT under a lock that blocks
 *		writes, its transaction's or its statement's.
 *
 * VALIDATE CONSTRAINT takes only SHARE UPDATE EXCLUSIVE, which blocks
 * neither reads nor writes, so it is the safe second step.  But every lock
 * the transaction holds when it starts is held while it reads the rows: one
 * an earlier statement took (ADD ... NOT VALID takes SHARE ROW EXCLUSIVE,
 * and PostgreSQL holds it until the transaction ends), or the one the same
 * statement takes for its other subcommands (ALTER TABLE takes the
 * strongest lock any of its subcommands needs before it runs any).  The
 * locks that count are those on what the validation reads -- the table, the
 * children it recurses to, a foreign key's referenced table -- and on the
 * tables above the table, through which writes to it are routed.
 *
 * What is read follows ATExecValidateConstraint(): nothing if the
 * constraint is valid already; a foreign key on the table alone; a check
 * constraint also in every inheritance child and partition where it is not
 * yet valid, unless it is NO INHERIT.
 *
 * Safe: commit first, or split the statement, then VALIDATE CONSTRAINT in
 * a statement and a transaction of its own.
 *
 * IDENTIFICATION
 *	  src/core/rules/validate_under_lock.cpp
 *
 *-------------------------------------------------------------------------
 */
#include <algorithm>

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
	const AlterTableFacts &alter = facts.alterTable;
	const ValidateFacts &validate = alter.subcommands[index].validate;

	if (validate.notValidIn.empty() || validate.notValidIn.front() != 0)
		return;

	std::vector<int> scanned;
	LockMode held = alter.heldLock;
	QualifiedName heldOn = alter.heldLockOn;
	for (int i : validate.notValidIn)
	{
		const bool recurses = validate.kind == ValidatedKind::Check && !validate.noInherit && !alter.only;
		const RelationFacts &rel = facts.table.relations[i];
		if ((i != 0 && !recurses) || !hasStorage(rel))
			continue;
		scanned.push_back(i);
		if (i != 0 && rel.heldLock > held)
		{
			held = rel.heldLock;
			heldOn = rel.name;
		}
	}
	if (validate.kind == ValidatedKind::ForeignKey && validate.referencedHeldLock > held)
	{
		held = validate.referencedHeldLock;
		heldOn = validate.referenced;
	}

	const LockMode strongest = std::max(held, alter.lock);
	if (strongest < LockMode::Share)
		return;
	Finding f = makeFinding(Rule::ValidateUnderLock, Work::ValidateRows, index, -1, scanned);
	f.lock = strongest;
	f.lockFromStatement = alter.lock > held;
	if (!f.lockFromStatement)
		f.lockOn = heldOn;
	findings.push_back(f);
}

std::string
operation(const StatementFacts &, const Finding &)
{
	return "VALIDATE CONSTRAINT";
}

std::string
message(const StatementFacts &facts, const Finding &f)
{
	const RelationFacts &target = facts.table.target();
	const LockMode lock = tableLock(facts, f);
	const std::string where = f.lockOn.name.empty() ? " on it" : " on table \"" + display(f.lockOn) + "\"";
	return operation(facts, f) + " on " + objectKind(target.kind) + " \"" + display(target.name) + "\" runs " +
		   (f.lockFromStatement ? "under " + aLock(lock) + " that the same statement takes"
								: "while this transaction holds " + aLock(lock) + where) +
		   ", blocking " + blocked(lock, target.kind) + (f.lockOn.name.empty() ? "" : " on it") + " while " +
		   activity(f.work);
}

std::string
why(const StatementFacts &, const Finding &f)
{
	if (f.lockFromStatement)
		return "ALTER TABLE takes the strongest lock any of its subcommands needs before it runs them; on its own, "
			   "VALIDATE CONSTRAINT blocks neither reads nor writes.";
	return "An earlier statement of this transaction took that lock, and PostgreSQL holds it until the transaction "
		   "ends; in a transaction of its own, VALIDATE CONSTRAINT blocks neither reads nor writes.";
}

/*
 * VALIDATE CONSTRAINT once nothing holds a blocking lock: after the
 * transaction that took one has ended, or apart from the subcommands of its
 * own statement that take one (which the advice writes first).
 */
void
adviseSubcommand(AdviceWriter &writer, const SubcommandFacts &sub, const Finding &finding)
{
	if (finding.lockFromStatement)
	{
		writer.say("Run the statement's other subcommands first, then validate the constraint in a statement and a "
				   "transaction of its own.");
		writer.needsSeparateTransactions();
	}
	else
		writer.say("Commit the statements that took the lock first, then validate the constraint in a transaction of "
				   "its own.");
	writer.add(StepKind::Validate,
			   writer.alterTarget() + " VALIDATE CONSTRAINT " + writer.ident(sub.constraint.name.value_or("")) + ";");
}

} /* namespace */

const RuleBehaviour kValidateUnderLockRule = {
	Rule::ValidateUnderLock,
	StatementKind::AlterTable,
	bitOf(SubcommandKind::ValidateConstraint),
	0,
	detect,
	operation,
	message,
	why,
	adviseSubcommand,
	nullptr,
	nullptr,
};

} /* namespace pgsafe */
