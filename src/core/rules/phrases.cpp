/*-------------------------------------------------------------------------
 *
 * phrases.cpp
 *		The words messages are made of: relation kinds, locks, what a lock
 *		blocks, the work done under it.
 *
 * IDENTIFICATION
 *	  src/core/rules/phrases.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/rules/phrases.hpp"

#include "core/pure.hpp"

namespace pgsafe {

std::string
display(const QualifiedName &name)
{
	return name.schema.empty() ? name.name : name.schema + "." + name.name;
}

const char *
lockName(LockMode lock)
{
	switch (lock)
	{
		case LockMode::None:
			return "no";
		case LockMode::AccessShare:
			return "ACCESS SHARE";
		case LockMode::RowShare:
			return "ROW SHARE";
		case LockMode::RowExclusive:
			return "ROW EXCLUSIVE";
		case LockMode::ShareUpdateExclusive:
			return "SHARE UPDATE EXCLUSIVE";
		case LockMode::Share:
			return "SHARE";
		case LockMode::ShareRowExclusive:
			return "SHARE ROW EXCLUSIVE";
		case LockMode::Exclusive:
			return "EXCLUSIVE";
		case LockMode::AccessExclusive:
			return "ACCESS EXCLUSIVE";
	}
	return "unknown";
}

std::string
aLock(LockMode lock)
{
	return std::string(lock == LockMode::AccessExclusive ? "an " : "a ") + lockName(lock) + " lock";
}

/* What other sessions cannot do on a relation while the lock is held. */
std::string
blocked(LockMode lock, RelationKind kind)
{
	if (lock == LockMode::AccessExclusive)
		return "reads and writes";
	if (kind == RelationKind::MaterializedView)
		return "REFRESH MATERIALIZED VIEW";
	return "writes";
}

const char *
activity(Work work)
{
	switch (work)
	{
		case Work::BuildIndex:
			return "the index is built";
		case Work::CheckNulls:
			return "it reads every row to check for nulls";
		case Work::ValidateRows:
			return "existing rows are validated";
		case Work::RewriteTable:
			return "the table is rewritten";
		case Work::SkipValidation:
			return "the column is added";
	}
	return "it works";
}

const char *
objectKind(RelationKind kind)
{
	switch (kind)
	{
		case RelationKind::PartitionedTable:
			return "partitioned table";
		case RelationKind::MaterializedView:
			return "materialized view";
		default:
			return "table";
	}
}

/* The lock that blocks others while the finding's work is done. */
LockMode
tableLock(const StatementFacts &facts, const Finding &f)
{
	if (f.lock != LockMode::None)
		return f.lock;
	return facts.kind == StatementKind::CreateIndex ? LockMode::Share : facts.alterTable.lock;
}

std::string
columnList(const std::vector<std::string> &columns)
{
	std::string list;
	for (std::size_t i = 0; i < columns.size(); i++)
		list += (i ? ", \"" : "\"") + columns[i] + "\"";
	return list;
}

} /* namespace pgsafe */
