/*-------------------------------------------------------------------------
 *
 * partition_indexes.cpp
 *		Match a partitioned table's indexes against a table being attached.
 *
 * The rules are those of AttachPartitionEnsureIndexes() and DefineIndex()
 * in PostgreSQL: only partitioned indexes of the parent count; the table
 * being attached offers its valid indexes that are not yet a partition of
 * another index, and each can be taken once; below it, in a partitioned
 * table being attached, any index not yet attached counts, valid or not.
 * An index matches when CompareIndexInfo() would say so: the same access
 * method, uniqueness, NULLS NOT DISTINCT, columns (by name, since a
 * partition's column numbers may differ), collations, operator families,
 * expressions and predicate, and no exclusion constraint; an index of a
 * constraint needs a constraint on the matching index too.
 *
 * PostgreSQL compares expressions after constant folding, which can run
 * user functions; pgsafe compares them as the catalog stores them, so two
 * expressions that differ only before folding are taken as different, and
 * the index as one to build.
 *
 * CREATE INDEX on a partitioned table follows the same rules (DefineIndex()
 * adopts, in each partition, an index not yet attached, valid or not, that
 * matches the new one, and builds one only where none does); the new
 * index's shape is worked out from the statement for plain columns only.
 *
 * The static functions are C-style and run inside pgCall().
 *
 * IDENTIFICATION
 *	  src/adapter/partition_indexes.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "adapter/partition_indexes.hpp"

#include <unordered_map>
#include <unordered_set>

#include "adapter/catalog.hpp"
#include "adapter/pg_call.hpp"
#include "adapter/sqltext.hpp"

namespace pgsafe {

namespace {

struct IndexShape
{
	Oid oid;
	Oid am;
	char relkind;
	bool hasParent; /* already a partition of another index */
	bool valid;
	bool unique;
	bool primary;
	bool nullsNotDistinct;
	bool exclusion;
	bool constraint;
	int natts;
	int nkeyatts;
	AttrNumber attnums[INDEX_MAX_KEYS];
	Oid collations[INDEX_MAX_KEYS];
	Oid opfamilies[INDEX_MAX_KEYS];
	Node *expressions;
	Node *predicate;
};

int
compare_oids(const void *a, const void *b)
{
	Oid x = *(const Oid *) a;
	Oid y = *(const Oid *) b;
	return x < y ? -1 : x > y ? 1 : 0;
}

/* The indexes of relid in OID order, the order of RelationGetIndexList(). */
OidArray
read_index_oids(Oid relid)
{
	OidArray result = scan_catalog_oids(
		IndexRelationId, IndexIndrelidIndexId, Anum_pg_index_indrelid, relid, Anum_pg_index_indexrelid);
	qsort(result.oids, result.count, sizeof(Oid), compare_oids);
	return result;
}

/* Read the catalog's description of an index; NULL if it is gone. */
IndexShape *
read_index_shape(Oid indexoid, Oid relid)
{
	HeapTuple indextuple = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(indexoid));
	HeapTuple classtuple;
	Form_pg_index index;
	IndexShape *shape;
	Datum datum;
	bool isnull;

	if (!HeapTupleIsValid(indextuple))
		return NULL;
	classtuple = SearchSysCache1(RELOID, ObjectIdGetDatum(indexoid));
	if (!HeapTupleIsValid(classtuple))
	{
		ReleaseSysCache(indextuple);
		return NULL;
	}
	index = (Form_pg_index) GETSTRUCT(indextuple);
	shape = (IndexShape *) palloc0(sizeof(IndexShape));
	shape->oid = indexoid;
	shape->am = ((Form_pg_class) GETSTRUCT(classtuple))->relam;
	shape->relkind = ((Form_pg_class) GETSTRUCT(classtuple))->relkind;
	shape->hasParent = ((Form_pg_class) GETSTRUCT(classtuple))->relispartition;
	shape->valid = index->indisvalid;
	shape->unique = index->indisunique;
	shape->primary = index->indisprimary;
	shape->nullsNotDistinct = index->indnullsnotdistinct;
	shape->exclusion = index->indisexclusion;
	shape->natts = Min(index->indnatts, INDEX_MAX_KEYS);
	shape->nkeyatts = Min(index->indnkeyatts, shape->natts);
	for (int i = 0; i < shape->natts; i++)
		shape->attnums[i] = index->indkey.values[i];

	datum = SysCacheGetAttr(INDEXRELID, indextuple, Anum_pg_index_indcollation, &isnull);
	if (!isnull)
	{
		oidvector *collations = (oidvector *) DatumGetPointer(datum);
		for (int i = 0; i < shape->nkeyatts && i < collations->dim1; i++)
			shape->collations[i] = collations->values[i];
	}
	datum = SysCacheGetAttr(INDEXRELID, indextuple, Anum_pg_index_indclass, &isnull);
	if (!isnull)
	{
		oidvector *classes = (oidvector *) DatumGetPointer(datum);
		for (int i = 0; i < shape->nkeyatts && i < classes->dim1; i++)
			shape->opfamilies[i] = get_opclass_family(classes->values[i]);
	}
	datum = SysCacheGetAttr(INDEXRELID, indextuple, Anum_pg_index_indexprs, &isnull);
	if (!isnull)
		shape->expressions = (Node *) stringToNode(TextDatumGetCString(datum));
	datum = SysCacheGetAttr(INDEXRELID, indextuple, Anum_pg_index_indpred, &isnull);
	if (!isnull)
		shape->predicate = (Node *) stringToNode(TextDatumGetCString(datum));

	ReleaseSysCache(classtuple);
	ReleaseSysCache(indextuple);

	shape->constraint = OidIsValid(get_relation_idx_constraint_oid(relid, indexoid));
	return shape;
}

/* parent's attribute numbers to relid's, by column name, as build_attrmap_by_name() maps them. */
AttrMap *
build_name_map(Oid parent, Oid relid)
{
	HeapTuple classtuple = SearchSysCache1(RELOID, ObjectIdGetDatum(parent));
	int natts = 0;
	AttrMap *map;

	if (HeapTupleIsValid(classtuple))
	{
		natts = ((Form_pg_class) GETSTRUCT(classtuple))->relnatts;
		ReleaseSysCache(classtuple);
	}
	map = make_attrmap(Max(natts, 1));

	for (int attnum = 1; attnum <= natts; attnum++)
	{
		HeapTuple tuple = SearchSysCache2(ATTNUM, ObjectIdGetDatum(parent), Int16GetDatum(attnum));

		CHECK_FOR_INTERRUPTS();
		if (!HeapTupleIsValid(tuple))
			continue;
		if (!((Form_pg_attribute) GETSTRUCT(tuple))->attisdropped)
			map->attnums[attnum - 1] = get_attnum(relid, NameStr(((Form_pg_attribute) GETSTRUCT(tuple))->attname));
		ReleaseSysCache(tuple);
	}
	return map;
}

/*
 * The shape of the index CREATE INDEX stmt would create on relid, as
 * DefineIndex() would make it: NULL when the statement has an expression,
 * a predicate or opclass options (which pgsafe does not evaluate), or names
 * something that does not resolve (PostgreSQL then refuses it itself).
 */
IndexShape *
proposed_shape(Oid relid, const IndexStmt *stmt)
{
	IndexShape *shape;
	Oid am;
	const ListCell *lc;
	int i = 0;

	if (stmt->whereClause != NULL || stmt->excludeOpNames != NIL ||
		list_length(stmt->indexParams) + list_length(stmt->indexIncludingParams) > INDEX_MAX_KEYS)
		return NULL;
	am = get_index_am_oid(stmt->accessMethod ? stmt->accessMethod : DEFAULT_INDEX_TYPE, true);
	if (!OidIsValid(am))
		return NULL;

	shape = (IndexShape *) palloc0(sizeof(IndexShape));
	shape->am = am;
	shape->relkind = RELKIND_PARTITIONED_INDEX;
	shape->valid = true;
	shape->unique = stmt->unique;
	shape->nullsNotDistinct = stmt->nulls_not_distinct;
	shape->nkeyatts = list_length(stmt->indexParams);
	shape->natts = shape->nkeyatts + list_length(stmt->indexIncludingParams);

	foreach (lc, stmt->indexParams)
	{
		const IndexElem *elem = (const IndexElem *) lfirst(lc);
		Oid type, collation, opclass;
		int32 typmod;

		if (elem->name == NULL || elem->expr != NULL || elem->opclassopts != NIL)
			return NULL;
		shape->attnums[i] = get_attnum(relid, elem->name);
		if (shape->attnums[i] == InvalidAttrNumber)
			return NULL;
		get_atttypetypmodcoll(relid, shape->attnums[i], &type, &typmod, &collation);
		if (elem->collation != NIL)
		{
			if (!type_is_collatable(type))
				return NULL;
			collation = get_collation_oid(elem->collation, true);
			if (!OidIsValid(collation))
				return NULL;
		}
		shape->collations[i] = collation;
		opclass = elem->opclass != NIL ? get_opclass_oid(am, elem->opclass, true) : GetDefaultOpClass(type, am);
		if (!OidIsValid(opclass))
			return NULL;
		shape->opfamilies[i] = get_opclass_family(opclass);
		i++;
	}
	foreach (lc, stmt->indexIncludingParams)
	{
		const IndexElem *elem = (const IndexElem *) lfirst(lc);

		if (elem->name == NULL || elem->expr != NULL)
			return NULL;
		shape->attnums[i] = get_attnum(relid, elem->name);
		if (shape->attnums[i] == InvalidAttrNumber)
			return NULL;
		i++;
	}
	return shape;
}

/* CompareIndexInfo(), on the catalog's rows: does child's index match parent's through map? */
bool
shapes_match(const IndexShape *child, const IndexShape *parent, AttrMap *map)
{
	bool wholeRow = false;

	if (child->am != parent->am || child->unique != parent->unique ||
		child->nullsNotDistinct != parent->nullsNotDistinct || child->natts != parent->natts ||
		child->nkeyatts != parent->nkeyatts || child->exclusion || parent->exclusion)
		return false;

	for (int i = 0; i < parent->natts; i++)
	{
		AttrNumber parentAttnum = parent->attnums[i];

		if ((child->attnums[i] == InvalidAttrNumber) != (parentAttnum == InvalidAttrNumber))
			return false;
		if (parentAttnum != InvalidAttrNumber &&
			(parentAttnum > map->maplen || map->attnums[parentAttnum - 1] != child->attnums[i]))
			return false;
		if (i < parent->nkeyatts &&
			(child->collations[i] != parent->collations[i] || child->opfamilies[i] != parent->opfamilies[i]))
			return false;
	}

	if ((child->expressions == NULL) != (parent->expressions == NULL) ||
		(child->predicate == NULL) != (parent->predicate == NULL))
		return false;
	if (parent->expressions != NULL)
	{
		Node *mapped = map_variable_attnos(parent->expressions, 1, 0, map, InvalidOid, &wholeRow);
		if (wholeRow || !equal(child->expressions, mapped))
			return false;
	}
	if (parent->predicate != NULL)
	{
		Node *mapped = map_variable_attnos(parent->predicate, 1, 0, map, InvalidOid, &wholeRow);
		if (wholeRow || !equal(child->predicate, mapped))
			return false;
	}
	return true;
}

class AttachIndexes
{
public:
	AttachIndexes(Oid parent) : parent_(parent) {}

	/* Where the parent's index is built when relid lacks it; top is the table being attached. */
	void ensure(const IndexShape *index, Oid relid, bool top, std::vector<Oid> &buildIn);

	/* the index of each relation that ensure() found matching, to be attached instead of built */
	const std::vector<std::pair<Oid, Oid>> &adopted() const { return adopted_; }

private:
	const std::vector<const IndexShape *> &indexesOf(Oid relid);
	AttrMap *mapTo(Oid relid);

	Oid parent_;
	std::unordered_map<Oid, std::vector<const IndexShape *>> indexes_;
	std::unordered_map<Oid, AttrMap *> maps_;
	std::unordered_set<Oid> taken_; /* indexes attached by an earlier index of the parent */
	std::vector<std::pair<Oid, Oid>> adopted_;
};

const std::vector<const IndexShape *> &
AttachIndexes::indexesOf(Oid relid)
{
	auto found = indexes_.find(relid);
	if (found != indexes_.end())
		return found->second;

	std::vector<const IndexShape *> &shapes = indexes_[relid];
	OidArray oids = pgCall([relid]() noexcept { return read_index_oids(relid); });
	for (int i = 0; i < oids.count; i++)
	{
		Oid oid = oids.oids[i];
		checkForInterrupts();
		if (const IndexShape *shape = pgCall([oid, relid]() noexcept { return read_index_shape(oid, relid); }))
			shapes.push_back(shape);
	}
	return shapes;
}

AttrMap *
AttachIndexes::mapTo(Oid relid)
{
	auto found = maps_.find(relid);
	if (found != maps_.end())
		return found->second;
	Oid parent = parent_;
	AttrMap *map = pgCall([parent, relid]() noexcept { return build_name_map(parent, relid); });
	maps_[relid] = map;
	return map;
}

void
AttachIndexes::ensure(const IndexShape *index, Oid relid, bool top, std::vector<Oid> &buildIn)
{
	checkForInterrupts();
	pgCall([]() noexcept { check_stack_depth(); });

	char relkind = relationKind(relid);
	/* a foreign table takes no index: a plain one is skipped, a unique one makes PostgreSQL refuse */
	if (relkind == RELKIND_FOREIGN_TABLE || relkind == '\0')
		return;

	AttrMap *map = mapTo(relid);
	for (const IndexShape *candidate : indexesOf(relid))
	{
		if (candidate->hasParent || taken_.count(candidate->oid) || (top && !candidate->valid))
			continue;
		if (!pgCall([candidate, index, map]() noexcept { return shapes_match(candidate, index, map); }))
			continue;
		if (index->constraint && !candidate->constraint)
			continue;
		taken_.insert(candidate->oid);
		adopted_.emplace_back(relid, candidate->oid);
		return;
	}

	if (relkind != RELKIND_PARTITIONED_TABLE)
	{
		buildIn.push_back(relid);
		return;
	}
	for (Oid child : childrenOf(relid))
		ensure(index, child, false, buildIn);
}

/* The name of each index column, as ChooseIndexColumnNames() starts from. */
std::vector<std::string>
columnNames(Oid parent, const IndexShape *index)
{
	std::vector<std::string> names;
	for (int i = 0; i < index->natts; i++)
	{
		AttrNumber attnum = index->attnums[i];
		if (attnum == InvalidAttrNumber)
		{
			names.push_back("expr");
			continue;
		}
		const char *name =
			pgCall([parent, attnum]() noexcept { return (const char *) get_attname(parent, attnum, true); });
		names.push_back(name ? name : "expr");
	}
	return names;
}

} /* namespace */

std::vector<IndexToBuild>
indexesAttachBuilds(Oid parent, Oid attached)
{
	std::vector<IndexToBuild> result;
	AttachIndexes matcher(parent);

	OidArray oids = pgCall([parent]() noexcept { return read_index_oids(parent); });
	for (int i = 0; i < oids.count; i++)
	{
		Oid oid = oids.oids[i];
		checkForInterrupts();
		const IndexShape *index = pgCall([oid, parent]() noexcept { return read_index_shape(oid, parent); });
		if (index == nullptr || index->relkind != RELKIND_PARTITIONED_INDEX)
			continue;

		IndexToBuild build{oid, index->unique, index->primary, index->constraint, columnNames(parent, index), {}};
		matcher.ensure(index, attached, true, build.buildIn);
		if (!build.buildIn.empty())
			result.push_back(std::move(build));
	}
	return result;
}

std::optional<std::vector<AdoptedIndex>>
indexesCreateIndexAdopts(Oid parent, const IndexStmt *stmt)
{
	const IndexShape *index = pgCall([parent, stmt]() noexcept { return proposed_shape(parent, stmt); });
	if (index == nullptr)
		return std::nullopt;

	/* DefineIndex() walks the partitions; below a partition whose index it adopts, it goes no further */
	AttachIndexes matcher(parent);
	std::vector<Oid> buildIn;
	for (Oid child : childrenOf(parent))
		matcher.ensure(index, child, false, buildIn);

	std::vector<AdoptedIndex> adopted;
	for (const auto &[relid, indexOid] : matcher.adopted())
	{
		Oid oid = indexOid;
		const char *name = pgCall([oid]() noexcept { return (const char *) get_rel_name(oid); });
		if (name)
			adopted.push_back({relid, name});
	}
	return adopted;
}

std::string
indexDefinition(Oid index)
{
	const char *definition = pgCall([index]() noexcept { return (const char *) pg_get_indexdef_string(index); });
	SqlText sql(definition ? definition : "");

	/* CREATE [UNIQUE] INDEX name ON [ONLY] table USING ...: from the first USING keyword on */
	for (int i = 0; i < sql.count(); i++)
		if (sql.isKeyword(i, "using"))
			return sql.text().substr(sql.start(i));
	return "";
}

} /* namespace pgsafe */
