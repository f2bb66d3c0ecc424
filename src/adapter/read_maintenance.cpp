/*-------------------------------------------------------------------------
 *
 * read_maintenance.cpp
 *		Read REINDEX and REFRESH MATERIALIZED VIEW into StatementFacts.
 *
 * REINDEX INDEX and TABLE act on one table (a partitioned one: on each of
 * its partitions in turn); SCHEMA, DATABASE and SYSTEM on the tables
 * PostgreSQL picks from pg_class the way ReindexMultipleTables() does:
 * tables and materialized views with indexes, not other sessions'
 * temporary tables, shared catalogs only for their owner, and on 15 the
 * system catalogs too for DATABASE.  Sizes are read as for every other
 * statement: never waiting for a lock.
 *
 * IDENTIFICATION
 *	  src/adapter/read_maintenance.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "adapter/read_maintenance.hpp"

#include <cstring>

#include "adapter/catalog.hpp"
#include "adapter/pg_call.hpp"
#include "adapter/statement.hpp"
#include "core/rules/behaviour.hpp"

namespace pgsafe {

namespace {

/* The invalid and exclusion constraint indexes REINDEX TABLE CONCURRENTLY skips that the tree's statement names. */
constexpr std::size_t kSkippedNamed = 5;

/* A boolean option's value, as defGetBoolean() reads it, without raising: unknown values count as false. */
bool
optionIsTrue(const DefElem *option) noexcept
{
	if (option->arg == nullptr)
		return true;
	if (IsA(option->arg, Integer))
		return intVal(option->arg) != 0;
	if (IsA(option->arg, Boolean))
		return boolVal(option->arg);
	if (IsA(option->arg, String))
	{
		const char *value = strVal(option->arg);
		return pg_strcasecmp(value, "true") == 0 || pg_strcasecmp(value, "on") == 0;
	}
	return false;
}

bool
concurrently(const ReindexStmt *stmt) noexcept
{
	const ListCell *lc;
	foreach (lc, stmt->params)
	{
		const DefElem *option = (const DefElem *) lfirst(lc);
		if (strcmp(option->defname, "concurrently") == 0 && optionIsTrue(option))
			return true;
	}
	return false;
}

struct IndexRead
{
	Oid table;
	bool exclusion;
	bool valid;
};

IndexRead
read_index(Oid indexOid)
{
	IndexRead result = {InvalidOid, false, true};
	HeapTuple tuple = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(indexOid));

	if (!HeapTupleIsValid(tuple))
		return result;
	result.table = ((Form_pg_index) GETSTRUCT(tuple))->indrelid;
	result.exclusion = ((Form_pg_index) GETSTRUCT(tuple))->indisexclusion;
	result.valid = ((Form_pg_index) GETSTRUCT(tuple))->indisvalid;
	ReleaseSysCache(tuple);
	return result;
}

/* The indexes of a table, from pg_index; palloc'd. */
OidArray
read_table_indexes(Oid relid)
{
	return scan_catalog_oids(
		IndexRelationId, IndexIndrelidIndexId, Anum_pg_index_indrelid, relid, Anum_pg_index_indexrelid);
}

bool
has_index(Oid relid)
{
	HeapTuple tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	bool result = false;

	if (HeapTupleIsValid(tuple))
	{
		result = ((Form_pg_class) GETSTRUCT(tuple))->relhasindex;
		ReleaseSysCache(tuple);
	}
	return result;
}

/*
 * The tables REINDEX SCHEMA (nspid valid), DATABASE or SYSTEM rebuilds the
 * indexes of, as ReindexMultipleTables() picks them; palloc'd.
 */
OidArray
read_reindexed_tables(Oid nspid, ReindexObjectType kind)
{
	OidArray result = {NULL, 0};
	int capacity = 64;
	Relation rel = table_open(RelationRelationId, AccessShareLock);
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple tuple;

	result.oids = (Oid *) palloc(sizeof(Oid) * capacity);
	if (OidIsValid(nspid))
		ScanKeyInit(&key, Anum_pg_class_relnamespace, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(nspid));
	scan = systable_beginscan(rel, InvalidOid, false, NULL, OidIsValid(nspid) ? 1 : 0, &key);
	while (HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		Form_pg_class form = (Form_pg_class) GETSTRUCT(tuple);
		Oid relid = form->oid;

		CHECK_FOR_INTERRUPTS();
		if (form->relkind != RELKIND_RELATION && form->relkind != RELKIND_MATVIEW)
			continue;
		if (form->relpersistence == RELPERSISTENCE_TEMP && !isTempNamespace(form->relnamespace))
			continue;
		if (kind == REINDEX_OBJECT_SYSTEM && !IsSystemClass(relid, form))
			continue;
		if (kind == REINDEX_OBJECT_DATABASE && !kReindexDatabaseCatalogs && IsCatalogRelationOid(relid))
			continue;
		if (form->relisshared && !pgsafe_owns_relation(relid, GetUserId()))
			continue;
		/* without an index there is nothing to rebuild */
		if (!form->relhasindex)
			continue;
		if (result.count == capacity)
		{
			capacity *= 2;
			result.oids = (Oid *) repalloc(result.oids, sizeof(Oid) * capacity);
		}
		result.oids[result.count++] = relid;
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return result;
}

/* The view's columns the advice lists for a unique index it asks the user to choose from. */
constexpr int kViewColumnsListed = 16;

struct MatviewIndexes
{
	Oid usable;   /* the first, by OID, REFRESH ... CONCURRENTLY can use, as RelationGetIndexList() orders them */
	Oid unusable; /* the first unique index it cannot use */
};

/* matview.c, is_usable_unique_index(), read from pg_index and pg_class without opening the index */
MatviewIndexes
read_matview_indexes(Oid relid)
{
	MatviewIndexes result = {InvalidOid, InvalidOid};
	OidArray indexes = read_table_indexes(relid);

	for (int i = 0; i < indexes.count; i++)
	{
		const Oid indexOid = indexes.oids[i];
		HeapTuple tuple;
		bool usable;

		CHECK_FOR_INTERRUPTS();
		tuple = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(indexOid));
		if (!HeapTupleIsValid(tuple))
			continue;
		Form_pg_index form = (Form_pg_index) GETSTRUCT(tuple);
		if (!form->indisunique)
		{
			ReleaseSysCache(tuple);
			continue;
		}
		usable = form->indimmediate && form->indisvalid && form->indnatts > 0 &&
				 heap_attisnull(tuple, Anum_pg_index_indpred, NULL);
		for (int k = 0; usable && k < form->indnatts; k++)
			if (form->indkey.values[k] <= 0)
				usable = false;
		ReleaseSysCache(tuple);
		if (usable)
		{
			HeapTuple classTuple = SearchSysCache1(RELOID, ObjectIdGetDatum(indexOid));
			usable = HeapTupleIsValid(classTuple) && ((Form_pg_class) GETSTRUCT(classTuple))->relam == BTREE_AM_OID;
			if (HeapTupleIsValid(classTuple))
				ReleaseSysCache(classTuple);
		}
		Oid &slot = usable ? result.usable : result.unusable;
		if (!OidIsValid(slot) || indexOid < slot)
			slot = indexOid;
	}
	return result;
}

bool
read_populated(Oid relid)
{
	HeapTuple tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	bool result = true;

	if (HeapTupleIsValid(tuple))
	{
		result = ((Form_pg_class) GETSTRUCT(tuple))->relispopulated;
		ReleaseSysCache(tuple);
	}
	return result;
}

/* The first columns of the view, by number (a view has no dropped columns); palloc'd names, count in *n. */
char **
read_view_columns(Oid relid, int *n)
{
	char **names = (char **) palloc(sizeof(char *) * kViewColumnsListed);

	*n = 0;
	while (*n < kViewColumnsListed)
	{
		char *name = get_attname(relid, (AttrNumber) (*n + 1), true);
		CHECK_FOR_INTERRUPTS();
		if (name == NULL)
			break;
		names[(*n)++] = name;
	}
	return names;
}

} /* namespace */

bool
refreshIsCandidate(const Node *node) noexcept
{
	const RefreshMatViewStmt *stmt = (const RefreshMatViewStmt *) node;
	return !stmt->concurrent && !stmt->skipData && stmt->relation != nullptr &&
		   rulesLookAt(StatementKind::RefreshMaterializedView);
}

/*
 * REFRESH MATERIALIZED VIEW: the view, whether it is populated, and the
 * unique index CONCURRENTLY would use.  It may run in a transaction block
 * or a function, with or without CONCURRENTLY.
 */
CatalogRead
StatementReader::readRefresh(StatementFacts &facts)
{
	const RefreshMatViewStmt *stmt = (const RefreshMatViewStmt *) pstmt_->utilityStmt;
	RefreshFacts &r = facts.refresh;

	if (stmt->concurrent || stmt->skipData || stmt->relation == nullptr)
		return CatalogRead::Nothing;
	facts.kind = StatementKind::RefreshMaterializedView;

	const CatalogRead unseen = policy_.script ? CatalogRead::Unknown : CatalogRead::Nothing;
	const Oid relid = resolve(stmt->relation);
	if (!OidIsValid(relid))
		return unseen;
	if (policy_.script ? !currentUserMaySee(relid) : !currentUserOwns(relid))
		return unseen;
	/* "... is not a materialized view": PostgreSQL refuses it */
	if (relationKind(relid) != RELKIND_MATVIEW)
		return CatalogRead::Nothing;

	readSession(facts);
	r.populated = pgCall([relid]() noexcept { return read_populated(relid); });
	readTree(facts, relid, {}, false, false);
	if (facts.table.relations.empty())
		return CatalogRead::Nothing;
	const RelationFacts &view = facts.table.target();
	/* new, or empty (a view that is not populated is): nobody waits long */
	if (view.local || (view.sizeKnown && view.bytes == 0))
		return CatalogRead::Nothing;

	MatviewIndexes indexes = pgCall([relid]() noexcept { return read_matview_indexes(relid); });
	if (OidIsValid(indexes.usable))
		r.usableIndex = relationName(indexes.usable);
	else
	{
		if (OidIsValid(indexes.unusable))
			r.unusableIndex = relationName(indexes.unusable);
		int n = 0;
		char **names = pgCall([relid, &n]() noexcept { return read_view_columns(relid, &n); });
		for (int i = 0; i < n; i++)
			r.columns.push_back(names[i]);
	}
	return CatalogRead::Facts;
}

bool
reindexIsCandidate(const Node *node) noexcept
{
	const ReindexStmt *stmt = (const ReindexStmt *) node;
	return !concurrently(stmt) && rulesLookAt(StatementKind::Reindex);
}

CatalogRead
StatementReader::readReindex(StatementFacts &facts)
{
	const ReindexStmt *stmt = (const ReindexStmt *) pstmt_->utilityStmt;
	ReindexFacts &r = facts.reindex;
	const ListCell *lc;

	if (concurrently(stmt))
		return CatalogRead::Nothing;
	facts.kind = StatementKind::Reindex;
	foreach (lc, stmt->params)
	{
		DefElem *option = (DefElem *) lfirst(lc);
		if (strcmp(option->defname, "verbose") == 0)
			r.verbose = optionIsTrue(option);
		else if (strcmp(option->defname, "tablespace") == 0)
			r.tablespace = optionValue(option);
	}

	switch (stmt->kind)
	{
		case REINDEX_OBJECT_INDEX:
			r.target = ReindexTarget::Index;
			break;
		case REINDEX_OBJECT_TABLE:
			r.target = ReindexTarget::Table;
			break;
		case REINDEX_OBJECT_SCHEMA:
			r.target = ReindexTarget::Schema;
			return readReindexTables(facts, stmt);
		case REINDEX_OBJECT_DATABASE:
			r.target = ReindexTarget::Database;
			return readReindexTables(facts, stmt);
		case REINDEX_OBJECT_SYSTEM:
			r.target = ReindexTarget::System;
			return readReindexTables(facts, stmt);
	}

	const CatalogRead unseen = policy_.script ? CatalogRead::Unknown : CatalogRead::Nothing;
	if (stmt->relation == nullptr)
		return CatalogRead::Nothing;
	const Oid relid = resolve(stmt->relation);
	if (!OidIsValid(relid))
		return unseen;
	if (policy_.script ? !currentUserMaySee(relid) : !currentUserOwns(relid))
		return policy_.script ? unseen : CatalogRead::Nothing;

	const char relkind = relationKind(relid);
	Oid table = relid;
	if (r.target == ReindexTarget::Index)
	{
		if (relkind != RELKIND_INDEX && relkind != RELKIND_PARTITIONED_INDEX)
			return CatalogRead::Nothing;
		IndexRead index = pgCall([relid]() noexcept { return read_index(relid); });
		table = index.table;
		r.index = relationName(relid);
		r.exclusionIndex = index.exclusion;
		if (!OidIsValid(table))
			return CatalogRead::Nothing;
	}
	else
	{
		if (relkind != RELKIND_RELATION && relkind != RELKIND_MATVIEW && relkind != RELKIND_PARTITIONED_TABLE)
			return CatalogRead::Nothing;
		/* "table has no indexes to reindex" */
		if (!pgCall([relid]() noexcept { return has_index(relid); }))
			return CatalogRead::Nothing;
	}

	readSession(facts);
	/* REINDEX of a partitioned table or index runs each partition in a transaction of its own, or is refused */
	const char tableKind = relationKind(table);
	if (tableKind == RELKIND_PARTITIONED_TABLE && !facts.session.canRunConcurrently())
		return CatalogRead::Nothing;
	r.systemCatalogs = pgCall([table]() noexcept { return IsCatalogRelationOid(table); });

	readTree(facts, table, {}, true, false);
	if (facts.table.relations.empty())
		return CatalogRead::Nothing;

	if (r.target == ReindexTarget::Table)
		for (std::size_t i = 0; i < relids_.size(); i++)
		{
			const Oid leaf = relids_[i];
			checkForInterrupts();
			if (facts.table.relations[i].kind != RelationKind::Table &&
				facts.table.relations[i].kind != RelationKind::MaterializedView)
				continue;
			OidArray indexes = pgCall([leaf]() noexcept { return read_table_indexes(leaf); });
			for (int k = 0; k < indexes.count; k++)
			{
				const Oid indexOid = indexes.oids[k];
				IndexRead index = pgCall([indexOid]() noexcept { return read_index(indexOid); });
				if (index.valid && !index.exclusion)
					continue;
				if (r.skippedConcurrently.size() < kSkippedNamed)
					r.skippedConcurrently.push_back(relationName(indexOid));
				r.skippedCount++;
			}
		}
	return CatalogRead::Facts;
}

/*
 * REINDEX SCHEMA, DATABASE, SYSTEM: the tables it rebuilds the indexes of,
 * under a stand-in for the schema or database.  They run outside a
 * transaction block only; in one, PostgreSQL refuses them.
 */
CatalogRead
StatementReader::readReindexTables(StatementFacts &facts, const ReindexStmt *stmt)
{
	ReindexFacts &r = facts.reindex;
	Oid nspid = InvalidOid;

	readSession(facts);
	if (!facts.session.canRunConcurrently())
		return CatalogRead::Nothing;

	if (r.target == ReindexTarget::Schema)
	{
		if (stmt->name == nullptr)
			return CatalogRead::Nothing;
		const char *name = stmt->name;
		nspid = pgCall([name]() noexcept { return get_namespace_oid(name, true); });
		if (!OidIsValid(nspid))
			return CatalogRead::Nothing;
		bool allowed = pgCall([nspid, this]() noexcept {
			return policy_.script ? pgsafe_namespace_aclcheck(nspid, GetUserId(), ACL_USAGE) == ACLCHECK_OK
								  : (bool) pgsafe_owns_namespace(nspid, GetUserId());
		});
		if (!allowed)
			return CatalogRead::Nothing;
		r.objectName = name;
	}
	else
	{
		const char *current = pgCall([]() noexcept { return (const char *) get_database_name(MyDatabaseId); });
		if (current == nullptr)
			return CatalogRead::Nothing;
		/* "can only reindex the currently open database" */
		if (stmt->name && strcmp(stmt->name, current) != 0)
			return CatalogRead::Nothing;
		if (!policy_.script &&
			!pgCall([]() noexcept { return (bool) pgsafe_owns_database(MyDatabaseId, GetUserId()); }))
			return CatalogRead::Nothing;
		r.objectName = current;
	}

	RelationFacts stand;
	stand.name = QualifiedName{"", r.objectName};
	stand.kind = RelationKind::Other;
	stand.local = true;
	facts.table.relations.push_back(stand);
	relids_.assign(1, InvalidOid);

	const ReindexObjectType kind = stmt->kind;
	OidArray tables = pgCall([nspid, kind]() noexcept { return read_reindexed_tables(nspid, kind); });
	for (int i = 0; i < tables.count; i++)
	{
		RelationFacts rel;
		checkForInterrupts();
		if (!readRelation(tables.oids[i], {}, rel))
			continue;
		const Oid relid = tables.oids[i];
		if (pgCall([relid]() noexcept { return IsCatalogRelationOid(relid); }))
			r.systemCatalogs = true;
		rel.parent = 0;
		facts.table.relations.push_back(rel);
		relids_.push_back(relid);
	}
	return facts.table.relations.size() > 1 ? CatalogRead::Facts : CatalogRead::Nothing;
}

} /* namespace pgsafe */
