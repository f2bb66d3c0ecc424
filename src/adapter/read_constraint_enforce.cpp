/*-------------------------------------------------------------------------
 *
 * read_constraint_enforce.cpp
 *		Read what ALTER CONSTRAINT name ENFORCED (PostgreSQL 18) does to a
 *		table, as PostgreSQL decides it.
 *
 * ATExecAlterConstraint() (tablecmds.c @ 18) accepts a change of
 * enforceability of a foreign key only ("cannot alter enforceability of
 * constraint" for any other kind), refuses a constraint inherited from a
 * partitioned parent and ALTER TABLE ONLY a partitioned table.
 * ATExecAlterConstrEnforceability() does nothing to a key that is enforced
 * already; for a NOT ENFORCED one it creates the triggers and queues the
 * phase-3 validation of every leaf partition (validateForeignKeyConstraint)
 * under the statement's ACCESS EXCLUSIVE lock.  The grammar refuses
 * ENFORCED NOT VALID, and VALIDATE CONSTRAINT refuses a NOT ENFORCED key.
 *
 * IDENTIFICATION
 *	  src/adapter/read_constraint_enforce.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "adapter/read_constraint_enforce.hpp"

#include "adapter/catalog.hpp"
#include "adapter/pg_call.hpp"

namespace pgsafe {

namespace {

struct EnforceRead
{
	bool validates; /* a NOT ENFORCED foreign key of the table itself */
	Oid referenced;
	const char *definition; /* palloc'd pg_get_constraintdef() */
};

EnforceRead
read_enforce(Oid relid, const char *name)
{
	EnforceRead out = {false, InvalidOid, NULL};
	Oid conoid = get_relation_constraint_oid(relid, name, true);
	HeapTuple tuple;
	Form_pg_constraint con;

	if (!OidIsValid(conoid))
		return out;
	tuple = SearchSysCache1(CONSTROID, ObjectIdGetDatum(conoid));
	if (!HeapTupleIsValid(tuple))
		return out;
	con = (Form_pg_constraint) GETSTRUCT(tuple);
	/* any other kind, or one cloned from a parent's: PostgreSQL's own error; enforced already: nothing to do */
	out.validates = con->contype == CONSTRAINT_FOREIGN && !OidIsValid(con->conparentid) && !PGSAFE_CONENFORCED(con);
	out.referenced = con->confrelid;
	ReleaseSysCache(tuple);
	if (out.validates)
		out.definition =
			text_to_cstring(DatumGetTextPP(DirectFunctionCall1(pg_get_constraintdef, ObjectIdGetDatum(conoid))));
	return out;
}

} /* namespace */

const char *
enforcedConstraintName(const AlterTableCmd *cmd) noexcept
{
	return pgsafe_alter_constraint_enforced(cmd, nullptr);
}

void
readEnforceConstraint(Oid relid, const AlterTableCmd *cmd, SubcommandFacts &sub)
{
	EnforceConstraintFacts &facts = sub.enforce;
	const char *name = sub.constraint.name ? sub.constraint.name->c_str() : nullptr;
	bool otherChanges = false;

	if (name == nullptr || pgsafe_alter_constraint_enforced(cmd, &otherChanges) == nullptr)
		return;
	EnforceRead read = pgCall([relid, name]() noexcept { return read_enforce(relid, name); });
	if (!read.validates)
		return;
	facts.validates = true;
	facts.otherChanges = otherChanges;
	facts.referenced = relationName(read.referenced);
	std::string definition = read.definition ? read.definition : "";
	/* "... NOT ENFORCED", as pg_get_constraintdef() ends a key that is not enforced */
	const std::string suffix = " NOT ENFORCED";
	if (definition.size() > suffix.size() &&
		definition.compare(definition.size() - suffix.size(), suffix.size(), suffix) == 0)
		facts.definition = definition.substr(0, definition.size() - suffix.size());
}

} /* namespace pgsafe */
