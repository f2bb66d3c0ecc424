/*-------------------------------------------------------------------------
 *
 * read_storage.cpp
 *		Read what a storage subcommand of ALTER TABLE changes, as
 *		PostgreSQL decides it.
 *
 * ATPrepChangePersistence(): SET LOGGED of a permanent table and SET
 * UNLOGGED of an unlogged one do nothing.  CheckRelationTableSpaceMove():
 * the tablespace the relation is in already does nothing, and neither
 * does the database's default when reltablespace is 0.
 * ATPrepSetAccessMethod(): the relation's own method does nothing; DEFAULT
 * (PostgreSQL 17) is default_table_access_method.  A name PostgreSQL
 * cannot find is its own error: nothing is said.  Everything is read from
 * the syscache, without opening the relation or its indexes.
 *
 * IDENTIFICATION
 *	  src/adapter/read_storage.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "adapter/read_storage.hpp"

#include "adapter/catalog.hpp"
#include "adapter/pg_call.hpp"

namespace pgsafe {

namespace {

struct StorageRead
{
	bool changes;
	bool toLogged;
	const char *target; /* palloc'd, or NULL */
	const char *current;
	bool repackKey;
	bool repackInstalled;
	const char *database;
};

/* Are all of a relation's attributes in keys NOT NULL?  (pg_repack's condition on its key.) */
bool
keys_not_null(Oid relid, const Form_pg_index index)
{
	for (int k = 0; k < index->indnkeyatts; k++)
	{
		HeapTuple tuple;
		bool notNull;

		if (index->indkey.values[k] <= 0)
			return false;
		tuple = SearchSysCache2(ATTNUM, ObjectIdGetDatum(relid), Int16GetDatum(index->indkey.values[k]));
		if (!HeapTupleIsValid(tuple))
			return false;
		notNull = ((Form_pg_attribute) GETSTRUCT(tuple))->attnotnull;
		ReleaseSysCache(tuple);
		if (!notNull)
			return false;
	}
	return true;
}

/* A primary key, or a valid unique index without a predicate on NOT NULL columns: what pg_repack needs. */
bool
has_repack_key(Oid relid)
{
	OidArray indexes = scan_catalog_oids(
		IndexRelationId, IndexIndrelidIndexId, Anum_pg_index_indrelid, relid, Anum_pg_index_indexrelid);
	bool found = false;

	for (int i = 0; i < indexes.count && !found; i++)
	{
		HeapTuple tuple;

		CHECK_FOR_INTERRUPTS();
		tuple = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(indexes.oids[i]));
		if (!HeapTupleIsValid(tuple))
			continue;
		Form_pg_index form = (Form_pg_index) GETSTRUCT(tuple);
		found = form->indisvalid && form->indisunique && heap_attisnull(tuple, Anum_pg_index_indpred, NULL) &&
				(form->indisprimary || keys_not_null(relid, form));
		ReleaseSysCache(tuple);
	}
	return found;
}

const char *
tablespace_name(Oid spcid)
{
	return get_tablespace_name(OidIsValid(spcid) ? spcid : MyDatabaseTableSpace);
}

void
read_storage_change(Oid relid, const AlterTableCmd *cmd, StorageRead *out)
{
	HeapTuple tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	Form_pg_class form;

	if (!HeapTupleIsValid(tuple))
		return;
	form = (Form_pg_class) GETSTRUCT(tuple);

	switch (cmd->subtype)
	{
		case AT_SetLogged:
		case AT_SetUnLogged:
			out->toLogged = cmd->subtype == AT_SetLogged;
			/* a temporary table is refused; the same persistence is a no-op */
			out->changes = (form->relpersistence == RELPERSISTENCE_PERMANENT && !out->toLogged) ||
						   (form->relpersistence == RELPERSISTENCE_UNLOGGED && out->toLogged);
			break;
		case AT_SetTableSpace:
			{
				Oid target = cmd->name ? get_tablespace_oid(cmd->name, true) : InvalidOid;
				Oid current = form->reltablespace;

				/* a missing tablespace and pg_global are refused */
				if (!OidIsValid(target) || target == GLOBALTABLESPACE_OID)
					break;
				out->changes = target != current && !(target == MyDatabaseTableSpace && current == InvalidOid);
				out->target = pstrdup(cmd->name);
				out->current = tablespace_name(current);
				if (out->changes && form->relkind == RELKIND_RELATION)
				{
					out->repackKey = has_repack_key(relid);
					out->repackInstalled = OidIsValid(get_extension_oid("pg_repack", true));
					out->database = get_database_name(MyDatabaseId);
				}
				break;
			}
		case AT_SetAccessMethod:
			{
				/* DEFAULT (17): default_table_access_method, except for a partitioned table */
				const char *name = cmd->name ? cmd->name : default_table_access_method;
				Oid target = name ? get_table_am_oid(name, true) : InvalidOid;

				if (!OidIsValid(target) || form->relkind == RELKIND_PARTITIONED_TABLE)
					break;
				out->changes = form->relam != target;
				out->target = pstrdup(name);
				out->current = OidIsValid(form->relam) ? get_am_name(form->relam) : NULL;
				break;
			}
		default:
			break;
	}
	ReleaseSysCache(tuple);
}

} /* namespace */

void
readStorageChange(Oid relid, const AlterTableCmd *cmd, StorageChangeFacts &out)
{
	StorageRead read = {false, false, NULL, NULL, false, false, NULL};

	pgCall([&]() noexcept { read_storage_change(relid, cmd, &read); });
	out.changes = read.changes;
	out.toLogged = read.toLogged;
	out.target = read.target ? read.target : "";
	out.current = read.current ? read.current : "";
	out.repackKey = read.repackKey;
	out.repackInstalled = read.repackInstalled;
	out.database = read.database ? read.database : "";
}

} /* namespace pgsafe */
