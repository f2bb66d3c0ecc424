/*-------------------------------------------------------------------------
 *
 * read_validation.cpp
 *		Read the constraints VALIDATE CONSTRAINT validates, and the locks
 *		the transaction already holds on their tables (validate-under-lock).
 *
 * IDENTIFICATION
 *	  src/adapter/read_validation.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "adapter/statement.hpp"

#include <algorithm>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "adapter/alter_type.hpp"
#include "adapter/catalog.hpp"
#include "adapter/hook.hpp"
#include "adapter/partition_indexes.hpp"
#include "adapter/partition_scan.hpp"
#include "adapter/pg_call.hpp"
#include "adapter/read_domain.hpp"
#include "adapter/read_maintenance.hpp"
#include "adapter/read_storage.hpp"
#include "adapter/settings.hpp"
#include "adapter/sqltext.hpp"
#include "adapter/statement_detail.hpp"
#include "core/rules/behaviour.hpp"

namespace pgsafe {

/* The lock this transaction (for a script: its earlier statements) holds on a relation. */
LockMode
StatementReader::heldLockOn(Oid relid) const
{
	if (!OidIsValid(relid))
		return LockMode::None;
	if (!policy_.script)
		return strongestLockHeld(relid);
	if (policy_.heldLocks == nullptr)
		return LockMode::None;
	auto held = policy_.heldLocks->find(relid);
	return held == policy_.heldLocks->end() ? LockMode::None : held->second;
}

/*
 * The constraints the statement's VALIDATE CONSTRAINT subcommands name,
 * each once, as VALIDATE finds it: one an earlier subcommand of the same
 * statement adds NOT VALID (ALTER TABLE runs the ADD first), one in the
 * catalog, or, for a script, one an earlier statement of it adds, or one
 * pgsafe cannot see, which is taken to be not valid.  Only the first
 * VALIDATE of a name reads anything: it marks the constraint valid before
 * the next one looks.  Also: the lock held on the table or a table above it.
 */
std::vector<StatementReader::Validation>
StatementReader::readValidationTargets(StatementFacts &facts, const AlterTableStmt *stmt)
{
	std::vector<Validation> validations;
	std::unordered_map<std::string, ConstraintState> addedNotValid;
	std::unordered_set<std::string> named;
	const ListCell *lc;

	if (std::none_of(facts.alterTable.subcommands.begin(),
					 facts.alterTable.subcommands.end(),
					 [](const SubcommandFacts &sub) { return sub.kind == SubcommandKind::ValidateConstraint; }))
		return validations;

	foreach (lc, stmt->cmds)
	{
		const AlterTableCmd *cmd = (const AlterTableCmd *) lfirst(lc);
		const Constraint *c = cmd->subtype == AT_AddConstraint && cmd->def && IsA(cmd->def, Constraint)
								  ? (const Constraint *) cmd->def
								  : nullptr;
		if (c && c->conname && c->skip_validation && (c->contype == CONSTR_CHECK || c->contype == CONSTR_FOREIGN))
			addedNotValid.emplace(
				c->conname,
				ConstraintState{true,
								c->contype == CONSTR_CHECK ? CONSTRAINT_CHECK : CONSTRAINT_FOREIGN,
								false,
								c->is_no_inherit,
								c->contype == CONSTR_FOREIGN ? lookupRelation(c->pktable) : InvalidOid});
	}

	for (std::size_t i = 0; i < facts.alterTable.subcommands.size(); i++)
	{
		SubcommandFacts &sub = facts.alterTable.subcommands[i];
		if (sub.kind != SubcommandKind::ValidateConstraint)
			continue;
		checkForInterrupts();
		const std::string &name = *sub.constraint.name;
		if (!named.insert(name).second)
			continue; /* validated by the first VALIDATE of it */

		Validation v{i, ConstraintState{}, true};
		auto added = addedNotValid.find(name);
		if (added != addedNotValid.end())
			v.state = added->second;
		else
		{
			v.state = constraintState(relid_, name);
			v.notInCatalog = !v.state.exists && policy_.script;
			if (v.notInCatalog)
			{
				v.state = ConstraintState{true, '\0', false, false, InvalidOid};
				if (policy_.constraints)
				{
					auto earlier = policy_.constraints->find({relid_, name});
					if (earlier != policy_.constraints->end())
						v.state = earlier->second;
				}
			}
		}
		sub.validate.kind = !v.state.exists                      ? ValidatedKind::Missing
							: v.state.type == CONSTRAINT_CHECK   ? ValidatedKind::Check
							: v.state.type == CONSTRAINT_FOREIGN ? ValidatedKind::ForeignKey
																 : ValidatedKind::Other;
		sub.validate.noInherit = v.state.noInherit;
		if (!v.state.exists || v.state.validated)
			continue;
		if (v.state.type == CONSTRAINT_FOREIGN && OidIsValid(v.state.referenced))
		{
			sub.validate.referenced = relationName(v.state.referenced);
			sub.validate.referencedHeldLock = heldLockOn(v.state.referenced);
		}
		validations.push_back(v);
	}

	if (validations.empty())
		return validations;

	/* the table and what lies above it: a lock on a parent holds up the writes routed through it */
	facts.alterTable.heldLock = heldLockOn(relid_);
	for (Oid ancestor : ancestors(relid_))
	{
		LockMode held = heldLockOn(ancestor);
		if (held > facts.alterTable.heldLock)
		{
			facts.alterTable.heldLock = held;
			facts.alterTable.heldLockOn = relationName(ancestor);
		}
	}
	return validations;
}

/* Does a lock the transaction holds block others while the validations read? */
bool
StatementReader::validationUnderHeldLock(const StatementFacts &facts, const std::vector<Validation> &validations,
										 bool recurse) const
{
	if (facts.alterTable.heldLock >= LockMode::Share)
		return true;
	bool children = false;
	for (const Validation &v : validations)
	{
		const SubcommandFacts &sub = facts.alterTable.subcommands[v.subcommand];
		if (sub.validate.referencedHeldLock >= LockMode::Share)
			return true;
		children = children || (v.state.type == CONSTRAINT_CHECK && !v.state.noInherit && recurse);
	}
	if (children && relationHasChildren(relid_))
		for (const Descendant &d : descendants(relid_))
		{
			checkForInterrupts();
			if (heldLockOn(d.relid) >= LockMode::Share)
				return true;
		}
	return false;
}

/*
 * Where each validated constraint is not yet valid: the table, and the
 * children it recurses to.  A constraint not yet in the catalog is not
 * valid anywhere its ADD put it.
 */
void
StatementReader::readValidations(StatementFacts &facts, const std::vector<Validation> &validations)
{
	for (const Validation &v : validations)
	{
		SubcommandFacts &sub = facts.alterTable.subcommands[v.subcommand];

		if (v.notInCatalog)
		{
			for (std::size_t r = 0; r < relids_.size(); r++)
				sub.validate.notValidIn.push_back(static_cast<int>(r));
			continue;
		}
		for (std::size_t r = 0; r < relids_.size(); r++)
		{
			checkForInterrupts();
			ConstraintState state = constraintState(relids_[r], *sub.constraint.name);
			if (state.exists && !state.validated)
				sub.validate.notValidIn.push_back(static_cast<int>(r));
			else if (r == 0)
				break; /* valid already: VALIDATE does nothing */
		}
	}
}

} /* namespace pgsafe */
