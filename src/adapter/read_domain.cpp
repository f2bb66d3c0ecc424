/*-------------------------------------------------------------------------
 *
 * read_domain.cpp
 *		Read ALTER DOMAIN into StatementFacts: the domain, and the tables
 *		whose columns of it PostgreSQL would read.
 *
 * ADD CONSTRAINT ... CHECK without NOT VALID, SET NOT NULL (and, from 17,
 * ADD CONSTRAINT ... NOT NULL) and VALIDATE CONSTRAINT check the values
 * stored in every column of the domain.  PostgreSQL finds those columns in
 * pg_depend (typecmds.c, get_rels_with_domain()): the columns of tables and
 * materialized views of the domain, and, through each domain over it, of
 * those domains, recursively; a partitioned table has no rows of its own,
 * each partition's column is found apart.  Any other type depending on the
 * domain (its array type, a composite or range type over it) makes it
 * refuse the statement if a column of that type is stored anywhere
 * (tablecmds.c, find_composite_type_dependencies()), as does a table of
 * the domain whose row type is stored as a column: pgsafe then says
 * nothing, and PostgreSQL's own error comes.  The same walk is made here
 * from the catalog caches, without taking a lock on any table; sizes are
 * read as for every other statement, never waiting for a lock.
 *
 * IDENTIFICATION
 *	  src/adapter/read_domain.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "adapter/read_domain.hpp"

#include <cstring>

#include "adapter/catalog.hpp"
#include "adapter/pg_call.hpp"
#include "adapter/sqltext.hpp"
#include "adapter/statement.hpp"
#include "core/rules/behaviour.hpp"

namespace pgsafe {

namespace {

struct DomainRead
{
	bool isDomain;
	bool owned;
	bool notNull;
	NameData schema;
	NameData name;
	/* the constraint the statement names */
	bool constraintFound;
	char constraintType;
	bool constraintValidated;
};

/* The domain, and the constraint of it named constraint (if not NULL). */
void
read_domain(Oid typid, const char *constraint, DomainRead *out)
{
	HeapTuple tuple = SearchSysCache1(TYPEOID, ObjectIdGetDatum(typid));
	Form_pg_type form;

	memset(out, 0, sizeof(*out));
	if (!HeapTupleIsValid(tuple))
		return;
	form = (Form_pg_type) GETSTRUCT(tuple);
	out->isDomain = form->typtype == TYPTYPE_DOMAIN;
	out->notNull = form->typnotnull;
	namestrcpy(&out->name, NameStr(form->typname));
	/* the session's temporary schema goes by pg_temp, whatever its number */
	if (isTempNamespace(form->typnamespace))
		namestrcpy(&out->schema, "pg_temp");
	else
	{
		const char *schema = get_namespace_name(form->typnamespace);
		namestrcpy(&out->schema, schema ? schema : "");
	}
	ReleaseSysCache(tuple);
	out->owned = pgsafe_owns_type(typid, GetUserId());

	if (constraint != NULL)
	{
		Relation conrel = table_open(ConstraintRelationId, AccessShareLock);
		ScanKeyData key[3];
		SysScanDesc scan;
		HeapTuple contuple;

		ScanKeyInit(&key[0], Anum_pg_constraint_conrelid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(InvalidOid));
		ScanKeyInit(&key[1], Anum_pg_constraint_contypid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(typid));
		ScanKeyInit(&key[2], Anum_pg_constraint_conname, BTEqualStrategyNumber, F_NAMEEQ, CStringGetDatum(constraint));
		scan = systable_beginscan(conrel, ConstraintRelidTypidNameIndexId, true, NULL, 3, key);
		if (HeapTupleIsValid(contuple = systable_getnext(scan)))
		{
			out->constraintFound = true;
			out->constraintType = ((Form_pg_constraint) GETSTRUCT(contuple))->contype;
			out->constraintValidated = ((Form_pg_constraint) GETSTRUCT(contuple))->convalidated;
		}
		systable_endscan(scan);
		table_close(conrel, AccessShareLock);
	}
}

/* A pg_depend scan of what depends on the type typid. */
SysScanDesc
begin_dependents(Relation depRel, Oid typid, ScanKeyData *key)
{
	ScanKeyInit(&key[0], Anum_pg_depend_refclassid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(TypeRelationId));
	ScanKeyInit(&key[1], Anum_pg_depend_refobjid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(typid));
	return systable_beginscan(depRel, DependReferenceIndexId, true, NULL, 2, key);
}

/* Is attnum of relid a live column, of type typid if that is valid? */
bool
live_column(Oid relid, AttrNumber attnum, Oid typid)
{
	HeapTuple tuple = SearchSysCache2(ATTNUM, ObjectIdGetDatum(relid), Int16GetDatum(attnum));
	bool live = false;

	if (HeapTupleIsValid(tuple))
	{
		Form_pg_attribute att = (Form_pg_attribute) GETSTRUCT(tuple);
		live = !att->attisdropped && (!OidIsValid(typid) || att->atttypid == typid);
		ReleaseSysCache(tuple);
	}
	return live;
}

/*
 * Is a value of type typid stored in some column: of typid itself, or of a
 * type containing it?  find_composite_type_dependencies() with a NULL
 * relation, which raises an error where this says true; partitioned tables
 * count, as there.
 */
bool
type_stored(Oid typid)
{
	Relation depRel;
	ScanKeyData key[2];
	SysScanDesc scan;
	HeapTuple tuple;
	bool stored = false;

	check_stack_depth();
	depRel = table_open(DependRelationId, AccessShareLock);
	scan = begin_dependents(depRel, typid, key);
	while (!stored && HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		Form_pg_depend dep = (Form_pg_depend) GETSTRUCT(tuple);
		char relkind;

		CHECK_FOR_INTERRUPTS();
		/* an array, domain or range containing the type */
		if (dep->classid == TypeRelationId)
		{
			stored = type_stored(dep->objid);
			continue;
		}
		if (dep->classid != RelationRelationId)
			continue;
		relkind = get_rel_relkind(dep->objid);
		if (!RELKIND_HAS_STORAGE(relkind) && !RELKIND_HAS_PARTITIONS(relkind))
			continue;
		if (dep->objsubid > 0)
			stored = live_column(dep->objid, (AttrNumber) dep->objsubid, InvalidOid);
		else
		{
			/* a whole-relation dependency (an index expression): only a column of the type counts */
			HeapTuple classTuple = SearchSysCache1(RELOID, ObjectIdGetDatum(dep->objid));
			int natts = 0;

			if (HeapTupleIsValid(classTuple))
			{
				natts = ((Form_pg_class) GETSTRUCT(classTuple))->relnatts;
				ReleaseSysCache(classTuple);
			}
			for (int attno = 1; attno <= natts && !stored; attno++)
				stored = live_column(dep->objid, (AttrNumber) attno, typid);
		}
	}
	systable_endscan(scan);
	table_close(depRel, AccessShareLock);
	return stored;
}

struct DomainUses
{
	Oid *relids; /* parallel: a column attnum of relation relids[i] */
	AttrNumber *attnums;
	int count;
	int capacity;
	bool refused; /* a container of the domain is stored: PostgreSQL refuses the statement */
	/*
	 * The relations whose row type was looked for already: once per
	 * relation, as get_rels_with_domain() does, not once per column of the
	 * domain in it.
	 */
	List *rowTypesChecked;
};

/* get_rels_with_domain(): the columns of domain typid, and of the domains over it, in relations with rows. */
void
collect_domain_uses(Oid typid, DomainUses *out)
{
	Relation depRel;
	ScanKeyData key[2];
	SysScanDesc scan;
	HeapTuple tuple;

	check_stack_depth();
	depRel = table_open(DependRelationId, AccessShareLock);
	scan = begin_dependents(depRel, typid, key);
	while (!out->refused && HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		Form_pg_depend dep = (Form_pg_depend) GETSTRUCT(tuple);
		Oid relid = dep->objid;
		HeapTuple classTuple;
		char relkind;
		Oid reltype;

		CHECK_FOR_INTERRUPTS();
		if (dep->classid == TypeRelationId)
		{
			if (get_typtype(dep->objid) == TYPTYPE_DOMAIN)
				collect_domain_uses(dep->objid, out);
			else if (type_stored(dep->objid))
				out->refused = true;
			continue;
		}
		if (dep->classid != RelationRelationId || dep->objsubid <= 0)
			continue;

		classTuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
		if (!HeapTupleIsValid(classTuple))
			continue;
		relkind = ((Form_pg_class) GETSTRUCT(classTuple))->relkind;
		reltype = ((Form_pg_class) GETSTRUCT(classTuple))->reltype;
		ReleaseSysCache(classTuple);

		/* the relation's row type stored as a column somewhere */
		if (OidIsValid(reltype) && !list_member_oid(out->rowTypesChecked, relid))
		{
			out->rowTypesChecked = lappend_oid(out->rowTypesChecked, relid);
			if (type_stored(reltype))
			{
				out->refused = true;
				continue;
			}
		}
		if (relkind != RELKIND_RELATION && relkind != RELKIND_MATVIEW)
			continue;
		if (!live_column(relid, (AttrNumber) dep->objsubid, typid))
			continue;
		if (out->count == out->capacity)
		{
			out->capacity *= 2;
			out->relids = (Oid *) repalloc(out->relids, sizeof(Oid) * out->capacity);
			out->attnums = (AttrNumber *) repalloc(out->attnums, sizeof(AttrNumber) * out->capacity);
		}
		out->relids[out->count] = relid;
		out->attnums[out->count] = (AttrNumber) dep->objsubid;
		out->count++;
	}
	systable_endscan(scan);
	table_close(depRel, AccessShareLock);
}

DomainUses
read_domain_uses(Oid typid)
{
	DomainUses uses;

	uses.capacity = 16;
	uses.count = 0;
	uses.refused = false;
	uses.rowTypesChecked = NIL;
	uses.relids = (Oid *) palloc(sizeof(Oid) * uses.capacity);
	uses.attnums = (AttrNumber *) palloc(sizeof(AttrNumber) * uses.capacity);
	collect_domain_uses(typid, &uses);
	return uses;
}

} /* namespace */

bool
alterDomainIsCandidate(const Node *node) noexcept
{
	const AlterDomainStmt *stmt = (const AlterDomainStmt *) node;

	if (!rulesLookAt(StatementKind::AlterDomain) || stmt->typeName == NIL)
		return false;
	switch (stmt->subtype)
	{
		case 'O': /* SET NOT NULL */
			return true;
		case 'V': /* VALIDATE CONSTRAINT */
			return stmt->name != nullptr;
		case 'C': /* ADD CONSTRAINT */
			{
				const Constraint *c = (const Constraint *) stmt->def;
				if (c == nullptr || !IsA(c, Constraint))
					return false;
				return (c->contype == CONSTR_CHECK && !c->skip_validation) || c->contype == CONSTR_NOTNULL;
			}
		default:
			return false;
	}
}

/*
 * ALTER DOMAIN: the domain, under a stand-in relation, and as its children
 * the tables and materialized views whose columns of it are read.  It may
 * run anywhere: in a transaction block, in a function.
 */
CatalogRead
StatementReader::readAlterDomain(StatementFacts &facts)
{
	const AlterDomainStmt *stmt = (const AlterDomainStmt *) pstmt_->utilityStmt;
	AlterDomainFacts &d = facts.alterDomain;
	const char *constraint = nullptr;

	if (!alterDomainIsCandidate(pstmt_->utilityStmt))
		return CatalogRead::Nothing;
	facts.kind = StatementKind::AlterDomain;
	if (stmt->subtype == 'O')
		d.change = DomainChange::SetNotNull;
	else if (stmt->subtype == 'V')
	{
		d.change = DomainChange::Validate;
		constraint = stmt->name;
		d.constraintName = std::string(stmt->name);
	}
	else
	{
		const Constraint *c = (const Constraint *) stmt->def;
		d.change = c->contype == CONSTR_CHECK ? DomainChange::AddCheck : DomainChange::SetNotNull;
		d.notNullConstraint = c->contype == CONSTR_NOTNULL;
		if (c->conname)
		{
			d.constraintName = std::string(c->conname);
			constraint = c->conname;
		}
	}

	const CatalogRead unseen = policy_.script ? CatalogRead::Unknown : CatalogRead::Nothing;
	List *names = stmt->typeName;
	const TypeName *type = pgCall([names]() noexcept { return (const TypeName *) makeTypeNameFromNameList(names); });
	const Oid typid = lookupTypeQuietly(type);
	if (!OidIsValid(typid))
		return unseen;

	DomainRead read;
	DomainRead *out = &read;
	pgCall([typid, constraint, out]() noexcept { read_domain(typid, constraint, out); });
	/* "... is not a domain", "must be owner of type ...": PostgreSQL refuses it */
	if (!read.isDomain || (!policy_.script && !read.owned))
		return CatalogRead::Nothing;
	/* NOT NULL already: PostgreSQL does nothing */
	if (d.change == DomainChange::SetNotNull && read.notNull)
		return CatalogRead::Nothing;
	if (d.change == DomainChange::Validate)
	{
		/*
		 * "does not exist", "is not a check constraint".  For a script, a
		 * constraint the catalog does not have yet is one its earlier
		 * statements add NOT VALID: if they do not, PostgreSQL refuses it.
		 */
		if (!read.constraintFound && !policy_.script)
			return CatalogRead::Nothing;
		if (read.constraintFound && read.constraintType != CONSTRAINT_CHECK)
			return CatalogRead::Nothing;
		d.alreadyValid = read.constraintFound && read.constraintValidated;
	}
	/* "constraint ... for domain ... already exists" */
	else if (read.constraintFound)
		return CatalogRead::Nothing;
	d.domain = QualifiedName{NameStr(read.schema), NameStr(read.name)};

	readSession(facts);
	DomainUses uses = pgCall([typid]() noexcept { return read_domain_uses(typid); });
	if (uses.refused)
		return CatalogRead::Nothing;

	RelationFacts stand;
	stand.name = d.domain;
	stand.kind = RelationKind::Other;
	stand.local = true;
	facts.table.relations.push_back(stand);
	relids_.assign(1, InvalidOid);

	for (int i = 0; i < uses.count; i++)
	{
		const Oid relid = uses.relids[i];
		const AttrNumber attnum = uses.attnums[i];
		checkForInterrupts();
		const char *column =
			pgCall([relid, attnum]() noexcept { return (const char *) get_attname(relid, attnum, true); });
		if (column == nullptr)
			continue;

		int index = -1;
		for (std::size_t k = 1; k < relids_.size(); k++)
			if (relids_[k] == relid)
				index = static_cast<int>(k);
		if (index < 0)
		{
			RelationFacts rel;
			if (!readRelation(relid, {}, rel))
				continue;
			rel.parent = 0;
			index = static_cast<int>(facts.table.relations.size());
			facts.table.relations.push_back(rel);
			relids_.push_back(relid);
			d.columns.push_back(DomainColumns{index, {}});
		}
		for (DomainColumns &use : d.columns)
			if (use.relation == index)
			{
				use.columns.push_back(column);
				break;
			}
	}
	return facts.table.relations.size() > 1 ? CatalogRead::Facts : CatalogRead::Nothing;
}

/* ADD CHECK: the constraint's text from the CHECK keyword on, to add it again NOT VALID. */
void
StatementReader::readAlterDomainText(StatementFacts &facts)
{
	facts.text = SqlText(facts.text).statement();
	if (facts.alterDomain.change != DomainChange::AddCheck)
		return;

	SqlText sql(facts.text);
	/* ALTER DOMAIN name ADD [CONSTRAINT name] CHECK */
	int t = sql.skipQualifiedName(2);
	if (!sql.isKeyword(0, "alter") || !sql.isKeyword(1, "domain") || !sql.isKeyword(t, "add"))
		return;
	t++;
	if (sql.isKeyword(t, "constraint"))
		t += 2;
	if (t < sql.count() && sql.isKeyword(t, "check"))
		facts.alterDomain.checkBody = sql.span(sql.start(t), sql.end());
}

} /* namespace pgsafe */
