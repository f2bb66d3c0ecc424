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

/* What pg_repack makes of a relation (repack.tables, repack.primary_keys in its 1.4 script). */
enum class Repack
{
	Yes,
	NoKey, /* a plain permanent table without a PRIMARY KEY or NOT NULL unique index */
	Other  /* not a permanent plain table, or in pg_catalog or information_schema */
};

/* A unique index pg_repack can key its log on: valid, no predicate, no expression, every column NOT NULL. */
bool
repack_key(Oid relid, Oid indexOid)
{
	HeapTuple tuple = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(indexOid));
	bool usable;

	if (!HeapTupleIsValid(tuple))
		return false;
	Form_pg_index form = (Form_pg_index) GETSTRUCT(tuple);
	usable = form->indisunique && form->indisvalid && heap_attisnull(tuple, Anum_pg_index_indpred, NULL);
	for (int k = 0; usable && k < form->indnatts; k++)
	{
		const AttrNumber attnum = form->indkey.values[k];
		if (attnum <= 0)
		{
			usable = false;
			break;
		}
		HeapTuple att = SearchSysCache2(ATTNUM, ObjectIdGetDatum(relid), Int16GetDatum(attnum));
		usable = HeapTupleIsValid(att) && ((Form_pg_attribute) GETSTRUCT(att))->attnotnull;
		if (HeapTupleIsValid(att))
			ReleaseSysCache(att);
	}
	ReleaseSysCache(tuple);
	return usable;
}

Repack
read_repack(Oid relid)
{
	HeapTuple tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(tuple))
		return Repack::Other;
	Form_pg_class form = (Form_pg_class) GETSTRUCT(tuple);
	const bool plain = form->relkind == RELKIND_RELATION && form->relpersistence == RELPERSISTENCE_PERMANENT;
	const Oid nspid = form->relnamespace;
	ReleaseSysCache(tuple);
	if (!plain || nspid == PG_CATALOG_NAMESPACE)
		return Repack::Other;
	const char *schema = get_namespace_name(nspid);
	if (schema == NULL || strcmp(schema, "information_schema") == 0)
		return Repack::Other;

	OidArray indexes = read_table_indexes(relid);
	for (int i = 0; i < indexes.count; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (repack_key(relid, indexes.oids[i]))
			return Repack::Yes;
	}
	return Repack::NoKey;
}

/* May the role VACUUM it (vacuum.c, vacuum_is_relation_owner(), 17: vacuum_is_permitted_for_relation())? */
bool
may_vacuum(Oid relid, bool shared)
{
	return pgsafe_may_maintain(relid, GetUserId()) || (!shared && pgsafe_owns_database(MyDatabaseId, GetUserId()));
}

/*
 * The relations VACUUM FULL without a table list rewrites, as
 * get_all_vacuum_rels() picks them: tables and materialized views (a
 * partitioned table has no storage) the role may vacuum, not other
 * sessions' temporary tables, which vacuum_rel() skips; palloc'd.
 */
OidArray
read_vacuumed_tables()
{
	OidArray result = {NULL, 0};
	int capacity = 64;
	Relation rel = table_open(RelationRelationId, AccessShareLock);
	SysScanDesc scan = systable_beginscan(rel, InvalidOid, false, NULL, 0, NULL);
	HeapTuple tuple;

	result.oids = (Oid *) palloc(sizeof(Oid) * capacity);
	while (HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		Form_pg_class form = (Form_pg_class) GETSTRUCT(tuple);

		CHECK_FOR_INTERRUPTS();
		if (form->relkind != RELKIND_RELATION && form->relkind != RELKIND_MATVIEW)
			continue;
		if (form->relpersistence == RELPERSISTENCE_TEMP && !isTempNamespace(form->relnamespace))
			continue;
		if (!may_vacuum(form->oid, form->relisshared))
			continue;
		if (result.count == capacity)
		{
			capacity *= 2;
			result.oids = (Oid *) repalloc(result.oids, sizeof(Oid) * capacity);
		}
		result.oids[result.count++] = form->oid;
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return result;
}

/* The tables CLUSTER without a table rewrites (cluster.c, get_tables_to_cluster()); palloc'd. */
OidArray
read_clustered_tables()
{
	OidArray result = {NULL, 0};
	int capacity = 16;
	Relation rel = table_open(IndexRelationId, AccessShareLock);
	SysScanDesc scan = systable_beginscan(rel, InvalidOid, false, NULL, 0, NULL);
	HeapTuple tuple;

	result.oids = (Oid *) palloc(sizeof(Oid) * capacity);
	while (HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		Form_pg_index form = (Form_pg_index) GETSTRUCT(tuple);

		CHECK_FOR_INTERRUPTS();
		if (!form->indisclustered || !pgsafe_may_maintain(form->indrelid, GetUserId()))
			continue;
		if (result.count == capacity)
		{
			capacity *= 2;
			result.oids = (Oid *) repalloc(result.oids, sizeof(Oid) * capacity);
		}
		result.oids[result.count++] = form->indrelid;
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return result;
}

/* The index CLUSTER orders by, and what pg_repack can do with it. */
struct ClusterIndex
{
	Oid oid;
	bool clustered;
	bool btree;
};

ClusterIndex
read_cluster_index(Oid relid, const char *indexname)
{
	ClusterIndex result = {InvalidOid, false, true};

	if (indexname != NULL)
		result.oid = get_relname_relid(indexname, get_rel_namespace(relid));
	else
	{
		OidArray indexes = read_table_indexes(relid);
		for (int i = 0; i < indexes.count && !OidIsValid(result.oid); i++)
			if (get_index_isclustered(indexes.oids[i]))
				result.oid = indexes.oids[i];
	}
	if (!OidIsValid(result.oid))
		return result;
	HeapTuple tuple = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(result.oid));
	if (!HeapTupleIsValid(tuple) || ((Form_pg_index) GETSTRUCT(tuple))->indrelid != relid)
	{
		if (HeapTupleIsValid(tuple))
			ReleaseSysCache(tuple);
		result.oid = InvalidOid;
		return result;
	}
	result.clustered = ((Form_pg_index) GETSTRUCT(tuple))->indisclustered;
	ReleaseSysCache(tuple);
	HeapTuple classTuple = SearchSysCache1(RELOID, ObjectIdGetDatum(result.oid));
	if (HeapTupleIsValid(classTuple))
	{
		result.btree = ((Form_pg_class) GETSTRUCT(classTuple))->relam == BTREE_AM_OID;
		ReleaseSysCache(classTuple);
	}
	return result;
}

/*
 * The index's key as an ORDER BY list for pg_repack --order-by: each key
 * column as pg_get_indexdef() shows it, with DESC and NULLS as indoption
 * has them.  Deparsing runs no user code.  palloc'd; NULL if not a btree.
 */
char *
read_order_by(Oid indexOid)
{
	HeapTuple tuple = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(indexOid));
	StringInfoData buf;

	if (!HeapTupleIsValid(tuple))
		return NULL;
	Form_pg_index form = (Form_pg_index) GETSTRUCT(tuple);
	const int keys = form->indnkeyatts;
	bool isnull;
	Datum options = SysCacheGetAttr(INDEXRELID, tuple, Anum_pg_index_indoption, &isnull);
	int2vector *indoption = isnull ? NULL : (int2vector *) DatumGetPointer(options);

	initStringInfo(&buf);
	for (int k = 0; k < keys; k++)
	{
		CHECK_FOR_INTERRUPTS();
		text *column = DatumGetTextPP(DirectFunctionCall3(
			pg_get_indexdef_ext, ObjectIdGetDatum(indexOid), Int32GetDatum(k + 1), BoolGetDatum(true)));
		const int16 option = indoption ? indoption->values[k] : 0;
		const bool desc = (option & INDOPTION_DESC) != 0;
		const bool nullsFirst = (option & INDOPTION_NULLS_FIRST) != 0;
		appendStringInfo(&buf, "%s%s", k ? ", " : "", text_to_cstring(column));
		if (desc)
			appendStringInfoString(&buf, " DESC");
		if (nullsFirst != desc)
			appendStringInfoString(&buf, nullsFirst ? " NULLS FIRST" : " NULLS LAST");
	}
	ReleaseSysCache(tuple);
	return buf.data;
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
vacuumIsCandidate(const Node *node) noexcept
{
	const VacuumStmt *stmt = (const VacuumStmt *) node;
	const ListCell *lc;
	bool full = false;

	if (!stmt->is_vacuumcmd)
		return false;
	foreach (lc, stmt->options)
	{
		const DefElem *option = (const DefElem *) lfirst(lc);
		if (strcmp(option->defname, "full") == 0)
			full = optionIsTrue(option);
	}
	return full && rulesLookAt(StatementKind::VacuumFull);
}

bool
clusterIsCandidate(const Node *) noexcept
{
	return rulesLookAt(StatementKind::Cluster);
}

/* relations[0], the stand-in for the statement; the database and pg_repack, for the advice */
void
StatementReader::beginRewrite(StatementFacts &facts)
{
	RewriteFacts &r = facts.rewrite;
	const char *current = pgCall([]() noexcept { return (const char *) get_database_name(MyDatabaseId); });
	r.database = current ? current : "";
	r.repackInstalled = pgCall([]() noexcept { return OidIsValid(get_extension_oid("pg_repack", true)); });

	RelationFacts stand;
	stand.name = QualifiedName{"", r.database};
	stand.kind = RelationKind::Other;
	stand.local = true;
	facts.table.relations.assign(1, stand);
	relids_.assign(1, InvalidOid);
	r.repackable.assign(1, false);
	r.missingKey.assign(1, false);
}

/*
 * A relation the statement rewrites, under relations[0]; a partitioned
 * table with its partitions below it, those the role may vacuum or
 * cluster (vacuum_rel() skips the others with a warning;
 * get_tables_to_cluster_partitioned() leaves them out).
 */
void
StatementReader::addRewritten(StatementFacts &facts, Oid root, bool named, bool vacuum)
{
	RewriteFacts &r = facts.rewrite;
	std::vector<Descendant> tree = {{root, -1}};
	if (relationKind(root) == RELKIND_PARTITIONED_TABLE)
		tree = descendants(root);
	std::vector<int> indexOf(tree.size(), -1);

	for (std::size_t i = 0; i < tree.size(); i++)
	{
		RelationFacts rel;
		const Oid relid = tree[i].relid;
		int parent = i == 0 ? 0 : indexOf[tree[i].parent];

		checkForInterrupts();
		if (parent < 0 || !readRelation(relid, {}, rel))
			continue;
		if (i > 0 && rel.kind == RelationKind::Table && !pgCall([relid, vacuum]() noexcept {
				return vacuum ? may_vacuum(relid, false) : (bool) pgsafe_may_maintain(relid, GetUserId());
			}))
			continue;
		rel.parent = parent;
		indexOf[i] = static_cast<int>(facts.table.relations.size());
		if (i == 0 && named)
			r.named.push_back(indexOf[i]);
		facts.table.relations.push_back(rel);
		relids_.push_back(relid);
		Repack repack = rel.kind == RelationKind::Table || rel.kind == RelationKind::MaterializedView
							? pgCall([relid]() noexcept { return read_repack(relid); })
							: Repack::Other;
		r.repackable.push_back(repack == Repack::Yes);
		r.missingKey.push_back(repack == Repack::NoKey);
	}
}

/*
 * VACUUM FULL: each table named (a partitioned one: its partitions), or
 * without a list every table the role may vacuum.  VACUUM runs outside a
 * transaction block only; in one, PostgreSQL refuses it.
 */
CatalogRead
StatementReader::readVacuum(StatementFacts &facts)
{
	const VacuumStmt *stmt = (const VacuumStmt *) pstmt_->utilityStmt;
	const ListCell *lc;

	if (!vacuumIsCandidate((const Node *) stmt))
		return CatalogRead::Nothing;
	facts.kind = StatementKind::VacuumFull;
	readSession(facts);
	if (!facts.session.canRunConcurrently())
		return CatalogRead::Nothing;
	beginRewrite(facts);

	if (stmt->rels == NIL)
	{
		facts.rewrite.allTables = true;
		OidArray tables = pgCall([]() noexcept { return read_vacuumed_tables(); });
		for (int i = 0; i < tables.count; i++)
			addRewritten(facts, tables.oids[i], false, true);
		return facts.table.relations.size() > 1 ? CatalogRead::Facts : CatalogRead::Nothing;
	}

	const CatalogRead unseen = policy_.script ? CatalogRead::Unknown : CatalogRead::Nothing;
	foreach (lc, stmt->rels)
	{
		const VacuumRelation *vrel = (const VacuumRelation *) lfirst(lc);
		checkForInterrupts();
		if (vrel->relation == nullptr)
			continue;
		const Oid relid = resolve(vrel->relation);
		/* "relation ... does not exist": PostgreSQL refuses the statement */
		if (!OidIsValid(relid))
			return unseen;
		const char relkind = relationKind(relid);
		if (relkind != RELKIND_RELATION && relkind != RELKIND_MATVIEW && relkind != RELKIND_PARTITIONED_TABLE &&
			relkind != RELKIND_TOASTVALUE)
			continue; /* skipped with a warning */
		/* currentUserMaySee() is C++ and may throw: never inside a noexcept lambda */
		bool allowed;
		if (policy_.script)
			allowed = currentUserMaySee(relid);
		else
			allowed = pgCall([relid]() noexcept {
				HeapTuple tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
				bool shared = false;
				if (HeapTupleIsValid(tuple))
				{
					shared = ((Form_pg_class) GETSTRUCT(tuple))->relisshared;
					ReleaseSysCache(tuple);
				}
				return may_vacuum(relid, shared);
			});
		if (!allowed)
			continue;
		addRewritten(facts, relid, true, !policy_.script);
	}
	return facts.rewrite.named.empty() ? CatalogRead::Nothing : CatalogRead::Facts;
}

/*
 * CLUSTER t [USING index]: the table and the index it orders by (none
 * marked clustered: PostgreSQL refuses it); a partitioned table as its
 * partitions, outside a transaction block.  CLUSTER without a table: the
 * tables with a clustered index the role may cluster, outside one too.
 */
CatalogRead
StatementReader::readCluster(StatementFacts &facts)
{
	const ClusterStmt *stmt = (const ClusterStmt *) pstmt_->utilityStmt;
	RewriteFacts &r = facts.rewrite;

	facts.kind = StatementKind::Cluster;
	readSession(facts);

	if (stmt->relation == nullptr)
	{
		if (!facts.session.canRunConcurrently())
			return CatalogRead::Nothing;
		beginRewrite(facts);
		r.allTables = true;
		OidArray tables = pgCall([]() noexcept { return read_clustered_tables(); });
		for (int i = 0; i < tables.count; i++)
		{
			const Oid relid = tables.oids[i];
			if (pgCall([relid]() noexcept { return (bool) isOtherTempNamespace(get_rel_namespace(relid)); }))
				continue;
			addRewritten(facts, relid, false, false);
		}
		return facts.table.relations.size() > 1 ? CatalogRead::Facts : CatalogRead::Nothing;
	}

	const CatalogRead unseen = policy_.script ? CatalogRead::Unknown : CatalogRead::Nothing;
	const Oid relid = resolve(stmt->relation);
	if (!OidIsValid(relid))
		return unseen;
	const bool allowed = policy_.script
							 ? currentUserMaySee(relid)
							 : pgCall([relid]() noexcept { return (bool) pgsafe_may_maintain(relid, GetUserId()); });
	if (!allowed)
		return unseen;
	const char relkind = relationKind(relid);
	if (relkind != RELKIND_RELATION && relkind != RELKIND_MATVIEW && relkind != RELKIND_PARTITIONED_TABLE)
		return CatalogRead::Nothing;
	if (relkind == RELKIND_PARTITIONED_TABLE && !facts.session.canRunConcurrently())
		return CatalogRead::Nothing;

	const char *indexname = stmt->indexname;
	ClusterIndex index = pgCall([relid, indexname]() noexcept { return read_cluster_index(relid, indexname); });
	/* "there is no previously clustered index", "index ... does not exist" */
	if (!OidIsValid(index.oid))
		return CatalogRead::Nothing;

	beginRewrite(facts);
	addRewritten(facts, relid, true, false);
	if (r.named.empty())
		return CatalogRead::Nothing;
	r.index = relationName(index.oid);
	r.indexNamed = indexname != nullptr;
	r.indexClustered = index.clustered;
	r.indexBtree = index.btree;
	if (relkind == RELKIND_PARTITIONED_TABLE && index.btree)
	{
		const Oid indexOid = index.oid;
		const char *order = pgCall([indexOid]() noexcept { return (const char *) read_order_by(indexOid); });
		r.orderBy = order ? order : "";
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
