/*-------------------------------------------------------------------------
 *
 * read_set_expression.cpp
 *		Read what ALTER TABLE ... ALTER COLUMN ... SET EXPRESSION AS (...)
 *		does, as PostgreSQL decides it.
 *
 * ATExecSetExpression() (tablecmds.c, 17 and 18) refuses a column that is
 * not generated; for a STORED generated column it queues a rewrite of the
 * table (AT_REWRITE_DEFAULT_VAL), recursing to every partition and
 * inheritance child (ATSimpleRecursion), under ACCESS EXCLUSIVE.  18's
 * VIRTUAL columns only have their expression replaced: nothing is written
 * (a NOT NULL one is read to check it, verify_new_notnull).  Only the
 * syscache is read; the expression itself is never analysed.
 *
 * IDENTIFICATION
 *	  src/adapter/read_set_expression.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "adapter/read_set_expression.hpp"

#include "adapter/alter_type.hpp"
#include "adapter/pg_call.hpp"

namespace pgsafe {

namespace {

struct GeneratedRead
{
	bool found;
	char generated; /* pg_attribute.attgenerated */
	bool notNull;
	const char *type; /* palloc'd format_type() */
};

GeneratedRead
read_generated(Oid relid, const char *column)
{
	GeneratedRead out = {false, '\0', false, NULL};
	HeapTuple tuple = SearchSysCacheAttName(relid, column);
	Form_pg_attribute att;

	if (!HeapTupleIsValid(tuple))
		return out;
	att = (Form_pg_attribute) GETSTRUCT(tuple);
	if (att->attnum > 0)
	{
		out.found = true;
		out.generated = att->attgenerated;
		out.notNull = att->attnotnull;
		out.type = format_type_with_typemod(att->atttypid, att->atttypmod);
	}
	ReleaseSysCache(tuple);
	return out;
}

} /* namespace */

void
readSetExpression(Oid relid, SubcommandFacts &sub)
{
	SetExpressionFacts &facts = sub.generated;
	const char *column = sub.column.name.c_str();
	GeneratedRead read = pgCall([relid, column]() noexcept { return read_generated(relid, column); });

	/* not a generated column: PostgreSQL's own error comes */
	facts.stored = read.found && read.generated == ATTRIBUTE_GENERATED_STORED;
	if (!facts.stored)
		return;
	facts.type = read.type ? read.type : "";
	facts.notNull = read.notNull;

	ColumnDependents deps = readColumnDependents(relid, sub.column.name);
	facts.dependents = deps.names;
	facts.unswappable = deps.keyed || deps.refused;
}

void
readSetExpressionText(const SqlText &sql, SubcommandFacts &sub)
{
	if (!sub.span.valid())
		return;
	for (int t = sql.tokenAt(sub.span.begin); t >= 0 && sql.start(t) < sub.span.end; t++)
		if (sql.isKeyword(t, "expression") && sql.isKeyword(t + 1, "as") && sql.start(t + 2) < sub.span.end)
		{
			sub.generated.expression = sql.span(sql.start(t + 2), sub.span.end);
			return;
		}
}

} /* namespace pgsafe */
