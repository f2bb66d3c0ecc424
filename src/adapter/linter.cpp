/*-------------------------------------------------------------------------
 *
 * linter.cpp
 *		Walk migration scripts statement by statement, as a runner would.
 *
 * IDENTIFICATION
 *	  src/adapter/linter.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "adapter/linter.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <optional>
#include <set>

#include "adapter/body.hpp"
#include "adapter/catalog.hpp"
#include "adapter/inspect.hpp"
#include "adapter/lock_bound.hpp"
#include "adapter/notices.hpp"
#include "adapter/pg_call.hpp"
#include "adapter/settings.hpp"
#include "adapter/statement.hpp"
#include "core/rules/missing_lock_timeout.hpp"
#include "core/rules/rule.hpp"

namespace pgsafe {

namespace {

/*
 * raw_parser() inside a subtransaction: a syntax error is returned in
 * *error instead of aborting the caller's transaction.  The parse tree is
 * allocated in the caller's memory context and outlives the subtransaction.
 */
List *
parse_script(const char *script, ErrorData **error)
{
	MemoryContext callerContext = CurrentMemoryContext;
	ResourceOwner callerOwner = CurrentResourceOwner;
	List *volatile statements = NIL;

	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(callerContext);
	PG_TRY();
	{
		statements = raw_parser(script, RAW_PARSE_DEFAULT);
		ReleaseCurrentSubTransaction();
	}
	PG_CATCH();
	{
		MemoryContextSwitchTo(callerContext);
		*error = CopyErrorData();
		FlushErrorState();
		RollbackAndReleaseCurrentSubTransaction();
		statements = NIL;
	}
	PG_END_TRY();
	MemoryContextSwitchTo(callerContext);
	CurrentResourceOwner = callerOwner;
	return statements;
}

std::string
displayName(const RangeVar *rv)
{
	return rv->schemaname ? std::string(rv->schemaname) + "." + rv->relname : std::string(rv->relname);
}

bool
isTemporary(const RangeVar *rv)
{
	return rv->relpersistence == RELPERSISTENCE_TEMP || (rv->schemaname && strncmp(rv->schemaname, "pg_temp", 7) == 0);
}

/* The table ALTER TABLE ... ATTACH PARTITION attaches, or nullptr. */
const RangeVar *
attachedTable(const Node *node)
{
	if (!IsA(node, AlterTableStmt) || list_length(((const AlterTableStmt *) node)->cmds) != 1)
		return nullptr;
	const AlterTableCmd *cmd = (const AlterTableCmd *) linitial(((const AlterTableStmt *) node)->cmds);
	if (cmd->subtype != AT_AttachPartition || cmd->def == nullptr || !IsA(cmd->def, PartitionCmd))
		return nullptr;
	return ((const PartitionCmd *) cmd->def)->name;
}

/*
 * defGetBoolean() without its error: an option's value as PostgreSQL reads
 * it, false for one it would refuse (it reports that itself, when the
 * statement runs).
 */
bool
quietBoolean(const DefElem *option)
{
	if (option->arg == nullptr)
		return true;
	if (IsA(option->arg, Integer))
		return intVal(option->arg) == 1;
	if (IsA(option->arg, Boolean))
		return boolVal(option->arg);
	if (!IsA(option->arg, String))
		return false;
	const char *value = strVal(option->arg);
	bool result = false;
	bool *out = &result;
	return pgCall([value, out]() noexcept { return parse_bool(value, out); }) && result;
}

/*
 * Does the database hold a table of its users that the caller may see?
 * One scan of pg_class, stopped at the first: for the message of a check
 * run against a database without the schema.
 */
bool
any_visible_table(void)
{
	Relation rel = table_open(RelationRelationId, AccessShareLock);
	SysScanDesc scan = systable_beginscan(rel, InvalidOid, false, NULL, 0, NULL);
	Oid roleid = GetUserId();
	HeapTuple tuple;
	bool found = false;

	while (!found && HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		Form_pg_class form = (Form_pg_class) GETSTRUCT(tuple);

		CHECK_FOR_INTERRUPTS();
		if (form->oid < FirstNormalObjectId ||
			(form->relkind != RELKIND_RELATION && form->relkind != RELKIND_PARTITIONED_TABLE) ||
			isAnyTempNamespace(form->relnamespace) ||
			pgsafe_namespace_aclcheck(form->relnamespace, roleid, ACL_USAGE) != ACLCHECK_OK)
			continue;
		found =
			pg_class_aclmask(form->oid, roleid, ACL_ALL_RIGHTS_RELATION, ACLMASK_ANY) != 0 ||
			pg_attribute_aclcheck_all(
				form->oid, roleid, ACL_SELECT | ACL_INSERT | ACL_UPDATE | ACL_REFERENCES, ACLMASK_ANY) == ACLCHECK_OK;
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return found;
}

/* ---------------------------------------------------------------------
 * missing-lock-timeout: where a session of the role starts, and what the
 * statements lock by name.
 * ---------------------------------------------------------------------
 */

/* A lock_timeout-like value (milliseconds), or nullopt for one SET would refuse. */
std::optional<int>
parseMilliseconds(const char *value)
{
	int result = 0;
	int *out = &result;
	if (!pgCall([value, out]() noexcept { return parse_int(value, out, GUC_UNIT_MS, NULL); }) || result < 0)
		return std::nullopt;
	return result;
}

/* pgsafe.mode as the follower keeps it: 1 for any mode but off */
std::optional<int>
parseModeOn(const char *value)
{
	for (const char *mode : {"off", "warn", "log", "error"})
		if (pg_strcasecmp(value, mode) == 0)
			return strcmp(mode, "off") != 0 ? 1 : 0;
	return std::nullopt;
}

/* The setting's value for a new session of the session user here, and where it comes from. */
StartValue
startValue(const char *name, std::optional<int> (*parse)(const char *), const std::string &role,
		   const std::string &database)
{
	PgsafeStoredLevel level = PGSAFE_STORED_NONE;
	PgsafeStoredLevel *levelOut = &level;
	const char *stored = pgCall([name, levelOut]() noexcept {
		return (const char *) pgsafe_stored_setting(name, MyDatabaseId, GetSessionUserId(), levelOut);
	});
	bool known = true;
	bool *knownOut = &known;
	const char *value =
		stored ? stored : pgCall([name, knownOut]() noexcept { return pgsafe_server_setting(name, knownOut); });
	StartValue start;
	std::optional<int> parsed = value ? parse(value) : std::nullopt;
	start.value = parsed ? *parsed : 0;
	switch (level)
	{
		case PGSAFE_STORED_ROLE_IN_DATABASE:
			start.source = "stored for role " + role + " in database " + database;
			break;
		case PGSAFE_STORED_ROLE:
			start.source = "stored for role " + role;
			break;
		case PGSAFE_STORED_DATABASE:
			start.source = "stored for database " + database;
			break;
		case PGSAFE_STORED_ALL_ROLES:
			start.source = "stored for all roles";
			break;
		case PGSAFE_STORED_NONE:
			/* this session's own came from a stored setting, or its connection */
			start.source = std::string(known ? "the server's" : "PostgreSQL's default") +
						   ", nothing being stored for role " + role + " or database " + database;
			break;
	}
	return start;
}

LockTimeoutStart
lockTimeoutStart()
{
	const char *roleName =
		pgCall([]() noexcept { return (const char *) GetUserNameFromId(GetSessionUserId(), false); });
	const char *databaseName = pgCall([]() noexcept {
		const char *name = get_database_name(MyDatabaseId);
		return name ? name : "";
	});
	/* the detail names them as PostgreSQL's messages do; the hint's SQL quotes the role */
	const std::string role = std::string("\"") + roleName + "\"";
	const std::string database = std::string("\"") + databaseName + "\"";
	LockTimeoutStart start;
	start.lockTimeout = startValue("lock_timeout", parseMilliseconds, role, database);
	start.pgsafeLockTimeout = startValue("pgsafe.lock_timeout", parseMilliseconds, role, database);
	start.pgsafeMode = startValue("pgsafe.mode", parseModeOn, role, database);
	start.role = pgCall([roleName]() noexcept { return (const char *) quote_identifier(roleName); });
	return start;
}

/* a relation a statement locks, in a List */
struct LockedRelation
{
	const RangeVar *relation;
	LOCKMODE mode;
};

void
addLockedRelation(const RangeVar *relation, LOCKMODE mode, void *arg)
{
	List **list = static_cast<List **>(arg);
	if (relation == nullptr)
		return;
	LockedRelation *item = static_cast<LockedRelation *>(palloc(sizeof(LockedRelation)));
	item->relation = relation;
	item->mode = mode;
	*list = lappend(*list, item);
}

/* What a statement is, for "... cannot run inside a transaction block". */
const char *
concurrentOperation(const Node *node)
{
	const ListCell *lc;

	switch (nodeTag(node))
	{
		case T_IndexStmt:
			return ((const IndexStmt *) node)->concurrent ? "CREATE INDEX CONCURRENTLY" : nullptr;
		case T_DropStmt:
			return ((const DropStmt *) node)->concurrent ? "DROP INDEX CONCURRENTLY" : nullptr;
		case T_ReindexStmt:
			foreach (lc, ((const ReindexStmt *) node)->params)
			{
				const DefElem *option = (const DefElem *) lfirst(lc);
				/* a bare CONCURRENTLY, or (CONCURRENTLY) without a value, means true */
				if (strcmp(option->defname, "concurrently") == 0 && quietBoolean(option))
					return "REINDEX CONCURRENTLY";
			}
			return nullptr;
		case T_AlterTableStmt:
			foreach (lc, ((const AlterTableStmt *) node)->cmds)
			{
				const AlterTableCmd *cmd = (const AlterTableCmd *) lfirst(lc);
				if (cmd->subtype == AT_DetachPartition && cmd->def && ((const PartitionCmd *) cmd->def)->concurrent)
					return "ALTER TABLE ... DETACH CONCURRENTLY";
			}
			return nullptr;
		default:
			return nullptr;
	}
}

/*
 * The session's temporary schema, as the linter names it: PostgreSQL
 * refuses schema names that begin with "pg_", so no schema of a script has
 * this name.
 */
constexpr const char *kTemporarySchema = "pg_temp";

/*
 * A relation by the name of its schema and its own: a schema the scripts
 * create has no OID before they run.
 */
using RelationKey = std::pair<std::string, std::string>;

/* What the scripts did with a relation name. */
enum class NameUse
{
	Table,  /* created a table, partitioned table or materialized view */
	Index,  /* created an index (CREATE INDEX, or a constraint's) */
	Other,  /* created a view or sequence */
	Dropped /* dropped the relation of the catalog that had the name */
};

struct NameEntry
{
	NameUse use;
	RelationKey table; /* an index's table */
};

/* A schema of the search path, as PostgreSQL walks it. */
struct PathSchema
{
	std::string name;
	Oid oid; /* in the catalog; InvalidOid for one the scripts create, or no temporary schema yet */
};

/* Where a relation name leads, as PostgreSQL would resolve it when the statement runs. */
struct Resolution
{
	enum class Where
	{
		Scripts, /* to a relation the scripts created */
		Catalog, /* to one of the catalog */
		Nowhere
	};
	Where where = Where::Nowhere;
	RelationKey key;
	NameUse use = NameUse::Other; /* for Scripts */
	Oid relid = InvalidOid;       /* for Catalog */
};

/* A statement's text in a finding: enough to recognise it, bounded however long the statement is. */
constexpr std::size_t kStatementTextLimit = 2000;

/* Where a statement is in its script. */
struct StatementPlace
{
	int number;
	std::size_t rawBegin;    /* after the previous statement's ';' (0 for the first) */
	std::size_t first;       /* its first token */
	std::size_t end;         /* before its ';' */
	std::size_t commentFrom; /* where comments that belong to it begin */
	/*
	 * The text its parse tree points into, when it is not the script's: a
	 * statement of a DO block, parsed on its own; from and to in it.
	 */
	const std::string *source = nullptr;
	std::size_t sourceFirst = 0;
	std::size_t sourceEnd = 0;
};

/* The body of a DO block in PL/pgSQL, and where its bytes are in the script. */
struct DoBody
{
	std::string text;
	TextMap toScript;
};

class ScriptLinter : public ScriptRelations
{
public:
	void lint(const ScriptSource &source, int number, std::vector<LintFinding> &out);

	/* ScriptRelations, for the statement reader */
	Table createdTable(const RangeVar *rv) const override;
	std::optional<bool> nameTaken(Oid relid, const std::string &name) const override;

private:
	void lintStatement(RawStmt *raw, const StatementPlace &place, std::vector<LintFinding> &out);
	void lintDoBlock(const DoStmt *stmt, const StatementPlace &place, std::vector<LintFinding> &out);
	void lintBodyStatement(const std::vector<BodyToken> &tokens, const BodyStatement &statement,
						   const std::string &source, const TextMap &toScript, const StatementPlace &place,
						   std::vector<LintFinding> &out);
	std::optional<DoBody> doBody(const Node *node) const;
	void addBodySuppressions(const std::vector<RawStmt *> &raws);
	void concurrentlyInBlock(const char *operation, const StatementPlace &place, std::vector<LintFinding> &out);
	void serverNotice(const StatementPlace &place, const ServerNotice &notice, std::size_t offset,
					  std::vector<LintFinding> &out) const;
	void transaction(const TransactionStmt *stmt);
	void guarded(RawStmt *raw, const StatementPlace &place, std::vector<LintFinding> &out);
	void guardedStatement(RawStmt *raw, const StatementPlace &place, std::vector<LintFinding> &out);
	void transactionEnded(int transaction, bool commit);
	void setSearchPath(const VariableSetStmt *stmt, const StatementPlace &place, std::vector<LintFinding> &out);
	void followLockSetting(const VariableSetStmt *stmt);
	void missingLockTimeout(const Node *node, const StatementPlace &place, std::vector<LintFinding> &out);
	ErrorData *applySearchPath(const char *value);
	void unknownRelation(const StatementPlace &place, const std::string &relation, const std::string &detail,
						 std::vector<LintFinding> &out);
	void unknownReferences(const AlterTableStmt *stmt, const StatementFacts &facts, const StatementPlace &place,
						   std::vector<LintFinding> &out);
	bool visible(const RangeVar *rv) const;
	void noteLocks(const Node *node);
	void noteConstraints(const Node *node);
	void noteLock(const RangeVar *rv, LockMode mode, bool recurse);

	/* the names the scripts take and free: relations, their indexes, schemas */
	void noteNames(const Node *node);
	void createRelation(const RangeVar *rv, NameUse use, const char *schema = nullptr);
	void createConstraintIndexes(const RelationKey &table, const List *elements);
	void createIndex(const RelationKey &table, const char *name);
	void createSchema(const CreateSchemaStmt *stmt);
	void drop(const DropStmt *stmt);
	void dropRelation(const Resolution &relation);
	void setName(const RelationKey &key, std::optional<NameEntry> entry);
	void setSchema(const std::string &schema, bool created);

	Resolution resolve(const RangeVar *rv) const;
	bool created(const RangeVar *rv) const
	{
		return !names_.empty() && resolve(rv).where == Resolution::Where::Scripts;
	}
	std::optional<RelationKey> tableKey(const RangeVar *rv) const;
	bool taken(const RelationKey &key) const;
	Oid catalogSchema(const std::string &schema) const;
	bool schemaExists(const std::string &schema) const;
	std::optional<std::string> creationSchema(const RangeVar *rv) const;
	const std::vector<PathSchema> &searchPath() const;
	LintFinding finding(const StatementPlace &place) const;
	std::size_t errorWithoutPosition(const ScriptLayout &layout) const;
	StatementPlace syntaxErrorPlace(const ScriptLayout &layout, std::size_t errorOffset, std::size_t from,
									int number) const;

	/* pgsafe.disabled_rules when the check began */
	const std::vector<std::string> disabled_ = ruleList(pgsafe_disabled_rules ? pgsafe_disabled_rules : "");
	/*
	 * The relation names the scripts took or freed, the schemas they
	 * created, and per transaction how to undo that, for ROLLBACK; maps, so
	 * that a lookup costs no scan.
	 */
	std::map<RelationKey, NameEntry> names_;
	std::map<RelationKey, std::vector<RelationKey>> indexesOf_; /* the indexes created on a table, for DROP TABLE */
	std::set<std::string> schemas_;
	struct Undo
	{
		bool schema;                    /* a schema's creation, or a name's entry */
		RelationKey key;                /* the schema in first */
		std::optional<NameEntry> entry; /* the name's entry before */
		bool existed;                   /* the schema before */
	};
	std::map<int, std::vector<Undo>> undo_;
	int nextTransaction_ = 0;

	/* the search path, computed again when the setting or the scripts' schemas change */
	mutable std::vector<PathSchema> path_;
	mutable std::string pathSetting_;
	mutable Oid pathRole_ = InvalidOid;
	mutable bool pathValid_ = false;
	mutable std::optional<std::string> creation_; /* the schema CREATE uses */

	/*
	 * The search path the scripts set, as PostgreSQL keeps it over their
	 * transactions: what SET (not LOCAL) left, before and in the current
	 * transaction, and whether a SET LOCAL is in force.  The setting itself
	 * holds the active value, at a GUC nest level of lintScripts().
	 */
	/* does the database have tables the caller can see?  Read at the first unknown relation */
	std::optional<bool> anyTable_;

	bool pathSet_ = false;
	std::string sessionPath_;
	std::string committedPath_;
	bool localPath_ = false;

	/* each statement's parse analysis and catalog reads allocate here, emptied after it: one for all scripts */
	ScratchContext scratch_;

	/* constraints the scripts add NOT VALID, for a later VALIDATE CONSTRAINT of them */
	ScriptConstraints constraints_;

	/* the locks the statements of the script's current transaction took on existing tables */
	std::map<Oid, LockMode> locks_;
	int locksTransaction_ = -1;

	/* lock_timeout and what bounds lock waits in the server, over the scripts (read at the first script) */
	std::optional<LockTimeoutFollower> lockWait_;

	/* the script being checked */
	const std::string *text_ = nullptr;
	std::optional<LinePositions> lines_;
	int script_ = 0;
	bool explicitBlock_ = false;
	std::optional<ScriptTransactions> tx_;
	bool inFunction_ = false; /* reading the statements of a DO block */
	std::vector<Suppression> suppressions_;
	/* the script's bytes of the DO block just read, whose own comments apply to its own statements */
	std::optional<std::pair<std::size_t, std::size_t>> bodyRange_;
};

LintFinding
ScriptLinter::finding(const StatementPlace &place) const
{
	LintFinding f;
	f.script = script_;
	f.statement = place.number;
	f.offset = place.first;
	f.position = lines_->at(place.first);
	const std::string &text = place.source ? *place.source : *text_;
	const std::size_t first = place.source ? place.sourceFirst : place.first;
	std::size_t end = place.source ? place.sourceEnd : place.end;
	while (end > first && std::isspace(static_cast<unsigned char>(text[end - 1])))
		end--;
	if (end - first <= kStatementTextLimit)
		f.statementText = text.substr(first, end - first);
	else
	{
		/* cut at a character boundary of UTF-8 */
		std::size_t cut = first + kStatementTextLimit;
		while (cut > first && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
			cut--;
		f.statementText = text.substr(first, cut - first) + " ...";
	}
	return f;
}

/*
 * The search path, as PostgreSQL's recomputeNamespacePath() walks it, by
 * name: the temporary schema and pg_catalog first unless the path names
 * them, then the schemas of the setting that exist -- in the catalog, with
 * USAGE, or created by the scripts -- each once.
 */
const std::vector<PathSchema> &
ScriptLinter::searchPath() const
{
	const char *setting = namespace_search_path ? namespace_search_path : "";
	Oid role = pgCall([]() noexcept { return GetUserId(); });

	if (pathValid_ && pathRole_ == role && pathSetting_ == setting)
		return path_;

	List *names = pgCall([setting]() noexcept {
		List *list = NIL;
		if (!SplitIdentifierString(pstrdup(setting), ',', &list))
			list = NIL; /* the setting was checked when it was set; cannot happen */
		return list;
	});
	std::vector<PathSchema> path;
	auto add = [&path](const std::string &name, Oid oid) {
		for (const PathSchema &schema : path)
			if (schema.name == name)
				return;
		path.push_back(PathSchema{name, oid});
	};
	const ListCell *lc;
	foreach (lc, names)
	{
		std::string name = (const char *) lfirst(lc);
		checkForInterrupts();
		if (name == "$user")
		{
			const char *user = pgCall([role]() noexcept { return (const char *) GetUserNameFromId(role, true); });
			if (user == nullptr)
				continue;
			name = user;
		}
		if (name == kTemporarySchema)
		{
			add(name, catalogSchema(name));
			continue;
		}
		Oid oid = catalogSchema(name);
		bool usable = OidIsValid(oid) && pgCall([oid, role]() noexcept {
						  return pgsafe_namespace_aclcheck(oid, role, ACL_USAGE) == ACLCHECK_OK;
					  });
		if (usable)
			add(name, oid);
		else if (schemas_.count(name))
			add(name, InvalidOid);
	}
	/* the implicit ones, in front */
	bool listsCatalog =
		std::any_of(path.begin(), path.end(), [](const PathSchema &p) { return p.name == "pg_catalog"; });
	bool listsTemporary =
		std::any_of(path.begin(), path.end(), [](const PathSchema &p) { return p.name == kTemporarySchema; });
	std::vector<PathSchema> implicit;
	if (!listsTemporary)
		implicit.push_back(PathSchema{kTemporarySchema, catalogSchema(kTemporarySchema)});
	if (!listsCatalog)
		implicit.push_back(PathSchema{"pg_catalog", PG_CATALOG_NAMESPACE});
	/* what CREATE uses: the first schema the setting names that exists */
	creation_ = path.empty() ? std::nullopt : std::optional<std::string>(path.front().name);
	path.insert(path.begin(), implicit.begin(), implicit.end());

	path_ = std::move(path);
	pathSetting_ = setting;
	pathRole_ = role;
	pathValid_ = true;
	return path_;
}

/*
 * The catalog's OID of a schema the scripts did not drop; for the temporary
 * schema, the session's if it has one (looking it up never creates it).
 */
Oid
ScriptLinter::catalogSchema(const std::string &schema) const
{
	const char *name = schema.c_str();
	if (schema == kTemporarySchema)
		return pgCall([]() noexcept { return LookupExplicitNamespace(kTemporarySchema, true); });
	return pgCall([name]() noexcept { return get_namespace_oid(name, true); });
}

bool
ScriptLinter::schemaExists(const std::string &schema) const
{
	return schema == kTemporarySchema || schemas_.count(schema) || OidIsValid(catalogSchema(schema));
}

/* The schema CREATE puts rv in, as PostgreSQL chooses it; nullopt when it would refuse. */
std::optional<std::string>
ScriptLinter::creationSchema(const RangeVar *rv) const
{
	if (isTemporary(rv))
		return std::string(kTemporarySchema);
	if (rv->schemaname)
		return schemaExists(rv->schemaname) ? std::optional<std::string>(rv->schemaname) : std::nullopt;
	searchPath();
	return creation_;
}

/* Is the name taken in its schema: by a relation the scripts created, or by one of the catalog they left? */
bool
ScriptLinter::taken(const RelationKey &key) const
{
	auto entry = names_.find(key);
	if (entry != names_.end())
		return entry->second.use != NameUse::Dropped;
	Oid nspid = catalogSchema(key.first);
	const char *name = key.second.c_str();
	return OidIsValid(nspid) && OidIsValid(pgCall([name, nspid]() noexcept { return get_relname_relid(name, nspid); }));
}

/* Where rv leads when the statement runs: the scripts' relations shadow the catalog's, schema by schema. */
Resolution
ScriptLinter::resolve(const RangeVar *rv) const
{
	Resolution result;
	auto look = [this, &result](const std::string &schema, Oid nspid, const char *name) {
		auto entry = names_.find(RelationKey{schema, name});
		if (entry != names_.end())
		{
			if (entry->second.use == NameUse::Dropped)
				return false;
			result.where = Resolution::Where::Scripts;
			result.key = entry->first;
			result.use = entry->second.use;
			return true;
		}
		Oid relid = OidIsValid(nspid) ? pgCall([name, nspid]() noexcept { return get_relname_relid(name, nspid); })
									  : InvalidOid;
		if (!OidIsValid(relid))
			return false;
		result.where = Resolution::Where::Catalog;
		result.key = RelationKey{schema, name};
		result.relid = relid;
		return true;
	};

	if (rv->catalogname && rv->schemaname == nullptr)
		return result;
	if (rv->schemaname)
	{
		std::string schema = isTemporary(rv) ? std::string(kTemporarySchema) : std::string(rv->schemaname);
		look(schema, catalogSchema(schema), rv->relname);
		return result;
	}
	for (const PathSchema &schema : searchPath())
	{
		checkForInterrupts();
		if (look(schema.name, schema.oid, rv->relname))
			break;
	}
	return result;
}

/* The table an index or constraint is on, by schema and name; nullopt if it is nowhere. */
std::optional<RelationKey>
ScriptLinter::tableKey(const RangeVar *rv) const
{
	Resolution table = resolve(rv);
	if (table.where == Resolution::Where::Nowhere)
		return std::nullopt;
	return table.key;
}

ScriptRelations::Table
ScriptLinter::createdTable(const RangeVar *rv) const
{
	Table table;
	if (names_.empty())
		return table;
	Resolution relation = resolve(rv);

	if (relation.where != Resolution::Where::Scripts || relation.use != NameUse::Table)
		return table;
	table.created = true;
	table.temporary = relation.key.first == kTemporarySchema;
	table.name = QualifiedName{relation.key.first, relation.key.second};
	return table;
}

std::optional<bool>
ScriptLinter::nameTaken(Oid relid, const std::string &name) const
{
	if (names_.empty())
		return std::nullopt;
	const char *schema =
		pgCall([relid]() noexcept { return (const char *) get_namespace_name(get_rel_namespace(relid)); });
	if (schema == nullptr)
		return std::nullopt;
	auto entry = names_.find(RelationKey{schema, name});
	if (entry == names_.end())
		return std::nullopt;
	return entry->second.use != NameUse::Dropped;
}

/* A name's entry changes; the transaction's ROLLBACK puts it back. */
void
ScriptLinter::setName(const RelationKey &key, std::optional<NameEntry> entry)
{
	auto now = names_.find(key);
	undo_[tx_->current()].push_back(
		Undo{false, key, now == names_.end() ? std::nullopt : std::optional<NameEntry>(now->second), false});
	if (entry)
		names_[key] = *entry;
	else if (now != names_.end())
		names_.erase(now);
}

void
ScriptLinter::setSchema(const std::string &schema, bool created)
{
	undo_[tx_->current()].push_back(Undo{true, RelationKey{schema, ""}, std::nullopt, schemas_.count(schema) > 0});
	if (created)
		schemas_.insert(schema);
	else
		schemas_.erase(schema);
	pathValid_ = false;
}

/* CREATE of a relation: rv's name is taken in its schema, unless it was (IF NOT EXISTS does nothing then). */
void
ScriptLinter::createRelation(const RangeVar *rv, NameUse use, const char *schema)
{
	std::optional<std::string> in = schema ? std::optional<std::string>(schema) : creationSchema(rv);

	if (!in)
		return; /* PostgreSQL refuses it: no such schema */
	RelationKey key{*in, rv->relname};
	if (!taken(key))
		setName(key, NameEntry{use, {}});
}

/* The indexes of a table's UNIQUE, PRIMARY KEY and EXCLUDE constraints that the statement names. */
void
ScriptLinter::createConstraintIndexes(const RelationKey &table, const List *elements)
{
	const ListCell *lc;

	foreach (lc, elements)
	{
		const Node *element = (const Node *) lfirst(lc);
		checkForInterrupts();
		if (IsA(element, Constraint))
		{
			const Constraint *c = (const Constraint *) element;
			if (c->conname &&
				(c->contype == CONSTR_UNIQUE || c->contype == CONSTR_PRIMARY || c->contype == CONSTR_EXCLUSION))
				createIndex(table, c->conname);
		}
		else if (IsA(element, ColumnDef))
			createConstraintIndexes(table, ((const ColumnDef *) element)->constraints);
	}
}

void
ScriptLinter::createIndex(const RelationKey &table, const char *name)
{
	RelationKey key{table.first, name};
	if (taken(key))
		return;
	setName(key, NameEntry{NameUse::Index, table});
	indexesOf_[table].push_back(key);
}

void
ScriptLinter::createSchema(const CreateSchemaStmt *stmt)
{
	const char *name = stmt->schemaname;
	if (name == nullptr && stmt->authrole && stmt->authrole->roletype == ROLESPEC_CSTRING)
		name = stmt->authrole->rolename;
	if (name == nullptr || strncmp(name, "pg_", 3) == 0)
		return;
	if (schemaExists(name))
		return; /* IF NOT EXISTS does nothing; without it, PostgreSQL refuses */
	setSchema(name, true);

	/* its elements are created in it */
	const ListCell *lc;
	foreach (lc, stmt->schemaElts)
	{
		const Node *element = (const Node *) lfirst(lc);
		checkForInterrupts();
		if (IsA(element, CreateStmt))
		{
			const CreateStmt *create = (const CreateStmt *) element;
			createRelation(create->relation, NameUse::Table, name);
			createConstraintIndexes(RelationKey{name, create->relation->relname}, create->tableElts);
		}
		else if (IsA(element, ViewStmt))
			createRelation(((const ViewStmt *) element)->view, NameUse::Other, name);
		else if (IsA(element, CreateSeqStmt))
			createRelation(((const CreateSeqStmt *) element)->sequence, NameUse::Other, name);
		else if (IsA(element, IndexStmt) && ((const IndexStmt *) element)->idxname)
			createIndex(RelationKey{name, ((const IndexStmt *) element)->relation->relname},
						((const IndexStmt *) element)->idxname);
	}
}

/* A relation goes: a table the scripts created takes its indexes along; one of the catalog frees its name. */
void
ScriptLinter::dropRelation(const Resolution &relation)
{
	if (relation.where == Resolution::Where::Nowhere)
		return;
	setName(relation.key,
			relation.where == Resolution::Where::Catalog ? std::optional<NameEntry>(NameEntry{NameUse::Dropped, {}})
														 : std::nullopt);
	auto indexes = indexesOf_.find(relation.key);
	if (indexes == indexesOf_.end())
		return;
	for (const RelationKey &index : indexes->second)
	{
		auto entry = names_.find(index);
		checkForInterrupts();
		if (entry != names_.end() && entry->second.use == NameUse::Index && entry->second.table == relation.key)
			setName(index, std::nullopt);
	}
}

void
ScriptLinter::drop(const DropStmt *stmt)
{
	const ListCell *lc;

	if (stmt->removeType == OBJECT_SCHEMA)
	{
		foreach (lc, stmt->objects)
		{
			const char *schema = strVal(lfirst(lc));
			checkForInterrupts();
			if (!schemas_.count(schema))
				continue;
			/* a schema the scripts created holds only what they created */
			std::vector<RelationKey> inside;
			for (auto entry = names_.lower_bound(RelationKey{schema, ""});
				 entry != names_.end() && entry->first.first == schema;
				 ++entry)
				inside.push_back(entry->first);
			for (const RelationKey &key : inside)
				setName(key, std::nullopt);
			setSchema(schema, false);
		}
		return;
	}
	if (stmt->removeType != OBJECT_TABLE && stmt->removeType != OBJECT_MATVIEW && stmt->removeType != OBJECT_VIEW &&
		stmt->removeType != OBJECT_INDEX && stmt->removeType != OBJECT_SEQUENCE &&
		stmt->removeType != OBJECT_FOREIGN_TABLE)
		return;
	foreach (lc, stmt->objects)
	{
		List *names = (List *) lfirst(lc);
		checkForInterrupts();
		/* more than database.schema.name: PostgreSQL refuses it when it runs */
		if (list_length(names) > 3)
			continue;
		RangeVar *rv = pgCall([names]() noexcept { return makeRangeVarFromNameList(names); });
		dropRelation(resolve(rv));
	}
}

/* What a statement does to the names of relations and schemas, once it ran. */
void
ScriptLinter::noteNames(const Node *node)
{
	switch (nodeTag(node))
	{
		case T_CreateStmt:
			{
				const CreateStmt *stmt = (const CreateStmt *) node;
				createRelation(stmt->relation, NameUse::Table);
				if (std::optional<RelationKey> table = tableKey(stmt->relation))
					createConstraintIndexes(*table, stmt->tableElts);
			}
			break;
		case T_CreateTableAsStmt:
			createRelation(((const CreateTableAsStmt *) node)->into->rel, NameUse::Table);
			break;
		case T_SelectStmt:
			if (((const SelectStmt *) node)->intoClause)
				createRelation(((const SelectStmt *) node)->intoClause->rel, NameUse::Table);
			break;
		case T_ViewStmt:
			createRelation(((const ViewStmt *) node)->view, NameUse::Other);
			break;
		case T_CreateSeqStmt:
			createRelation(((const CreateSeqStmt *) node)->sequence, NameUse::Other);
			break;
		case T_IndexStmt:
			{
				const IndexStmt *stmt = (const IndexStmt *) node;
				if (stmt->idxname)
					if (std::optional<RelationKey> table = tableKey(stmt->relation))
						createIndex(*table, stmt->idxname);
			}
			break;
		case T_AlterTableStmt:
			{
				const AlterTableStmt *stmt = (const AlterTableStmt *) node;
				const ListCell *lc;
				if (stmt->objtype != OBJECT_TABLE || stmt->relation == nullptr)
					break;
				std::optional<RelationKey> table;
				foreach (lc, stmt->cmds)
				{
					const AlterTableCmd *cmd = (const AlterTableCmd *) lfirst(lc);
					if ((cmd->subtype != AT_AddConstraint && cmd->subtype != AT_AddColumn) || cmd->def == nullptr)
						continue;
					if (!table && !(table = tableKey(stmt->relation)))
						break;
					List *one = pgCall([cmd]() noexcept { return list_make1(cmd->def); });
					createConstraintIndexes(*table, one);
				}
			}
			break;
		case T_CreateSchemaStmt:
			createSchema((const CreateSchemaStmt *) node);
			break;
		case T_DropStmt:
			drop((const DropStmt *) node);
			break;
		default:
			break;
	}
}

/* The end of one of the scripts' transactions: a ROLLBACK undoes what it did to names. */
void
ScriptLinter::transactionEnded(int transaction, bool commit)
{
	/* SET LOCAL ends with the transaction; ROLLBACK undoes SET too */
	if (lockWait_)
		lockWait_->transactionEnded(commit);
	if (pathSet_)
	{
		if (commit)
			committedPath_ = sessionPath_;
		else
			sessionPath_ = committedPath_;
		if (localPath_ || !commit)
			applySearchPath(sessionPath_.c_str());
		localPath_ = false;
	}

	auto undo = undo_.find(transaction);
	if (undo == undo_.end())
		return;
	if (!commit)
		for (auto step = undo->second.rbegin(); step != undo->second.rend(); ++step)
		{
			checkForInterrupts();
			if (step->schema)
			{
				if (step->existed)
					schemas_.insert(step->key.first);
				else
					schemas_.erase(step->key.first);
				pathValid_ = false;
			}
			else if (step->entry)
				names_[step->key] = *step->entry;
			else
				names_.erase(step->key);
		}
	undo_.erase(undo);
}

/*
 * Set the search path as SET does, in a subtransaction of its own: a value
 * PostgreSQL refuses comes back as the error, with the path as it was.
 * Nothing leaks into the caller's session: lintScripts() restores the
 * setting at the end of the run.
 */
ErrorData *
ScriptLinter::applySearchPath(const char *value)
{
	ErrorData *error = contained([value] {
		pgCall([value]() noexcept {
			(void) set_config_option("search_path",
									 value,
									 superuser() ? PGC_SUSET : PGC_USERSET,
									 PGC_S_SESSION,
									 GUC_ACTION_SET,
									 true,
									 ERROR,
									 false);
		});
	});
	pathValid_ = false;
	return error;
}

/*
 * SET [LOCAL] search_path, RESET search_path, RESET ALL: later names are
 * resolved with the search path PostgreSQL would have then.  A SET LOCAL
 * outside a transaction block lasts only as long as the statement.
 */
void
ScriptLinter::setSearchPath(const VariableSetStmt *stmt, const StatementPlace &place, std::vector<LintFinding> &out)
{
	if (stmt->kind == VAR_SET_MULTI || stmt->kind == VAR_SET_CURRENT)
		return;
	if (stmt->kind != VAR_RESET_ALL && (stmt->name == nullptr || pg_strcasecmp(stmt->name, "search_path") != 0))
		return;
	if (stmt->is_local && !tx_->inBlock() && !inFunction_)
		return;

	auto current = []() {
		return std::string(pgCall([]() noexcept { return GetConfigOption("search_path", false, false); }));
	};
	if (!pathSet_)
	{
		sessionPath_ = committedPath_ = current();
		pathSet_ = true;
	}
	const char *value = nullptr;
	if (stmt->kind == VAR_SET_VALUE)
	{
		VariableSetStmt *set = const_cast<VariableSetStmt *>(stmt);
		value = pgCall([set]() noexcept { return (const char *) ExtractSetVariableArgs(set); });
	}
	if (ErrorData *error = applySearchPath(value))
	{
		LintFinding f = finding(place);
		f.rule = kRuleNotChecked;
		f.severity = Severity::Error;
		f.message = std::string("pgsafe could not follow this statement: ") +
					(error->message ? error->message : "unknown error");
		f.detail = "The statements after it are checked with the search path before it.";
		out.push_back(std::move(f));
		return;
	}
	if (stmt->is_local)
		localPath_ = true;
	else
	{
		sessionPath_ = current();
		localPath_ = false;
	}
}

/*
 * SET, SET LOCAL and RESET of lock_timeout, pgsafe.lock_timeout and
 * pgsafe.mode, and RESET ALL, followed for missing-lock-timeout.  A value
 * SET would refuse changes nothing: the statement fails when it runs.
 */
void
ScriptLinter::followLockSetting(const VariableSetStmt *stmt)
{
	const bool inBlock = tx_->inBlock() || inFunction_;
	if (stmt->kind == VAR_RESET_ALL)
	{
		lockWait_->resetAll(inBlock);
		return;
	}
	if (stmt->name == nullptr ||
		(stmt->kind != VAR_SET_VALUE && stmt->kind != VAR_SET_DEFAULT && stmt->kind != VAR_RESET))
		return;

	LockSetting setting;
	std::optional<int> (*parse)(const char *) = parseMilliseconds;
	if (pg_strcasecmp(stmt->name, "lock_timeout") == 0)
		setting = LockSetting::LockTimeout;
	else if (pg_strcasecmp(stmt->name, "pgsafe.lock_timeout") == 0)
		setting = LockSetting::PgsafeLockTimeout;
	else if (pg_strcasecmp(stmt->name, "pgsafe.mode") == 0)
	{
		setting = LockSetting::PgsafeMode;
		parse = parseModeOn;
	}
	else
		return;

	std::optional<int> value;
	if (stmt->kind == VAR_SET_VALUE)
	{
		VariableSetStmt *set = const_cast<VariableSetStmt *>(stmt);
		ErrorData *error = nullptr;
		const char *text = nullptr;
		error = contained(
			[set, &text] { text = pgCall([set]() noexcept { return (const char *) ExtractSetVariableArgs(set); }); });
		if (error || text == nullptr || !(value = parse(text)))
			return;
	}
	lockWait_->set(setting, value, stmt->is_local, inBlock);
}

/*
 * A statement that would queue for a lock blocking reads or writes (the
 * ones pgsafe.lock_timeout bounds) on a relation of the catalog -- not one
 * the scripts create, which no other session uses yet -- while no lock
 * timeout is in force.
 */
void
ScriptLinter::missingLockTimeout(const Node *node, const StatementPlace &place, std::vector<LintFinding> &out)
{
	if (pgsafe_lock_bound(node) == PGSAFE_LOCK_BOUND_NONE || lockWait_->bounded())
		return;

	List *locked = NIL;
	List **lockedOut = &locked;
	if (contained([node, lockedOut] {
			pgCall([node, lockedOut]() noexcept { pgsafe_lock_relations(node, addLockedRelation, lockedOut); });
		}))
		return;

	LockWait wait;
	wait.inBlock = tx_->inBlock();
	bool found = false;
	bool named = false;
	const ListCell *lc;
	foreach (lc, locked)
	{
		checkForInterrupts();
		const LockedRelation *item = static_cast<const LockedRelation *>(lfirst(lc));
		named = true;
		if (isTemporary(item->relation))
			continue;
		const Resolution r = resolve(item->relation);
		if (r.where != Resolution::Where::Catalog)
			continue;
		const LockMode mode = toLockMode(item->mode);
		/* the relation with the strongest lock names the finding */
		if (found && mode <= wait.lock)
			continue;
		const Oid relid = r.relid;
		const char *qualified = pgCall([relid]() noexcept {
			const char *schema = get_namespace_name(get_rel_namespace(relid));
			const char *name = get_rel_name(relid);
			return (const char *) (schema && name ? psprintf("%s.%s", schema, name) : NULL);
		});
		if (qualified == nullptr)
			continue;
		wait.relation = qualified;
		wait.kind = toRelationKind(pgCall([relid]() noexcept { return get_rel_relkind(relid); }));
		wait.lock = mode;
		found = true;
	}
	if (!found)
	{
		/* on no one relation by name: the database's tables, or the tables using a domain */
		if (named)
			return;
		switch (nodeTag(node))
		{
			case T_VacuumStmt:
			case T_ClusterStmt:
			case T_ReindexStmt:
			case T_AlterTableMoveAllStmt:
				break;
			case T_AlterDomainStmt:
				{
					const List *names = ((const AlterDomainStmt *) node)->typeName;
					Oid domain = InvalidOid;
					if (contained([names, &domain] {
							domain = pgCall([names]() noexcept {
								return LookupTypeNameOid(NULL, makeTypeNameFromNameList((List *) names), true);
							});
						}) ||
						!OidIsValid(domain))
						return;
					wait.lock = LockMode::Share;
					break;
				}
			default:
				return;
		}
	}
	Node *statement = const_cast<Node *>(node);
	wait.operation = pgCall([statement]() noexcept { return (const char *) CreateCommandName(statement); });

	std::optional<LintFinding> f = lockWait_->check(wait);
	if (!f)
		return;
	LintFinding placed = finding(place);
	placed.rule = f->rule;
	placed.severity = f->severity;
	placed.relation = f->relation;
	placed.lock = f->lock;
	placed.blocks = f->blocks;
	placed.message = f->message;
	placed.detail = f->detail;
	placed.hint = f->hint;
	out.push_back(std::move(placed));
}

void
ScriptLinter::transaction(const TransactionStmt *stmt)
{
	switch (stmt->kind)
	{
		case TRANS_STMT_BEGIN:
		case TRANS_STMT_START:
			if (!tx_->inBlock())
				explicitBlock_ = true;
			tx_->begin();
			break;
		case TRANS_STMT_ROLLBACK:
		case TRANS_STMT_COMMIT:
		case TRANS_STMT_PREPARE:
			transactionEnded(tx_->current(), stmt->kind != TRANS_STMT_ROLLBACK);
			tx_->end();
			explicitBlock_ = false;
			if (stmt->chain)
			{
				tx_->begin();
				explicitBlock_ = true;
			}
			break;
		default:
			break;
	}
}

void
ScriptLinter::unknownRelation(const StatementPlace &place, const std::string &relation, const std::string &detail,
							  std::vector<LintFinding> &out)
{
	/*
	 * An error, like not-checked: pgsafe cannot vouch for a statement the
	 * rules look at on a relation it cannot see, and a CI gate at
	 * --severity=error must not let it through.
	 */
	LintFinding f = finding(place);
	f.rule = kRuleUnknownRelation;
	f.severity = Severity::Error;
	f.relation = relation;
	f.message = "relation \"" + relation + "\" does not exist or cannot be seen";
	f.detail = detail;
	if (!anyTable_)
		anyTable_ = pgCall([]() noexcept { return any_visible_table(); });
	if (*anyTable_)
		f.hint = "Check the script against a database that has the relation, as a role with a privilege on it; "
				 "if an earlier migration creates it, check that migration in the same run.";
	else
	{
		const char *database = pgCall([]() noexcept { return (const char *) get_database_name(MyDatabaseId); });
		*f.detail += std::string(" Database \"") + (database ? database : "") +
					 "\" has no table this role can see: pgsafe checks a script against the catalog of the "
					 "database it runs in.";
		f.hint = "Check the script against a database with the schema and data it will run against (a "
				 "production replica, or staging), as a role with a privilege on its tables.";
	}
	out.push_back(std::move(f));
}

/* Does rv name a relation the scripts created, or one of the catalog the caller may see? */
bool
ScriptLinter::visible(const RangeVar *rv) const
{
	Resolution relation = resolve(rv);
	if (relation.where == Resolution::Where::Scripts)
		return true;
	Oid relid = lookupRelation(rv);
	return OidIsValid(relid) && currentUserMaySee(relid);
}

/*
 * A foreign key whose referenced table exists nowhere -- neither in the
 * catalog, for the caller, nor among the scripts' tables -- is unknown when
 * the key would be validated if the table were there: the statement then
 * reads every row of the referencing table, or fails.
 */
void
ScriptLinter::unknownReferences(const AlterTableStmt *stmt, const StatementFacts &facts, const StatementPlace &place,
								std::vector<LintFinding> &out)
{
	std::optional<StatementFacts> probe;
	std::vector<std::pair<const ConstraintFacts *, std::string>> missing;
	auto check = [&](std::size_t subcommand, int columnConstraint, const Constraint *c) {
		auto &sub = facts.alterTable.subcommands[subcommand];
		const ConstraintFacts &written =
			columnConstraint < 0 ? sub.constraint : sub.column.constraints[columnConstraint];
		if (written.kind != ConstraintKind::ForeignKey || written.foreignKey.referencedFound || visible(c->pktable))
			return;
		if (!probe)
			probe = facts;
		auto &probed = probe->alterTable.subcommands[subcommand];
		ConstraintFacts &fk = columnConstraint < 0 ? probed.constraint : probed.column.constraints[columnConstraint];
		fk.foreignKey.referencedFound = true;
		fk.foreignKey.referenced =
			QualifiedName{c->pktable->schemaname ? c->pktable->schemaname : "", c->pktable->relname};
		missing.push_back({&fk, displayName(c->pktable)});
	};

	const ListCell *lc;
	std::size_t i = 0;
	foreach (lc, stmt->cmds)
	{
		const AlterTableCmd *cmd = (const AlterTableCmd *) lfirst(lc);
		checkForInterrupts();
		if (i >= facts.alterTable.subcommands.size())
			break;
		const SubcommandFacts &sub = facts.alterTable.subcommands[i];
		if (sub.kind == SubcommandKind::AddConstraint && IsA(cmd->def, Constraint) &&
			((const Constraint *) cmd->def)->contype == CONSTR_FOREIGN)
			check(i, -1, (const Constraint *) cmd->def);
		else if (sub.kind == SubcommandKind::AddColumn)
		{
			/* the column's UNIQUE, PRIMARY KEY and REFERENCES, in the order the reader keeps them */
			const ListCell *lc2;
			int j = 0;
			foreach (lc2, ((const ColumnDef *) cmd->def)->constraints)
			{
				const Constraint *c = (const Constraint *) lfirst(lc2);
				if (c->contype != CONSTR_UNIQUE && c->contype != CONSTR_PRIMARY && c->contype != CONSTR_FOREIGN)
					continue;
				if (j >= static_cast<int>(sub.column.constraints.size()))
					break;
				if (c->contype == CONSTR_FOREIGN)
					check(i, j, c);
				j++;
			}
		}
		i++;
	}
	if (!probe)
		return;

	std::vector<std::string> reported;
	for (const Finding &f : findDangers(*probe))
	{
		const ConstraintFacts *c = findingConstraint(*probe, f);
		checkForInterrupts();
		for (const auto &[fk, name] : missing)
		{
			if (c != fk || std::find(reported.begin(), reported.end(), name) != reported.end())
				continue;
			reported.push_back(name);
			const RelationFacts &target = facts.table.target();
			unknownRelation(place,
							name,
							"The foreign key references it: if it exists when the statement runs, PostgreSQL "
							"validates the key by reading every row of \"" +
								target.name.schema + "." + target.name.name +
								"\" under the statement's lock; if it does not, the statement fails.",
							out);
		}
	}
}

/*
 * A statement the rules look at, read as the hook reads it, in a
 * subtransaction of its own: a PostgreSQL error while reading it (an
 * expression too deep for the stack, a catalog read refused) becomes a
 * not-checked finding of that statement, and the rest of the script is
 * still checked.
 */
void
ScriptLinter::guarded(RawStmt *raw, const StatementPlace &place, std::vector<LintFinding> &out)
{
	const std::size_t before = out.size();
	ErrorData *failure = contained([&] { guardedStatement(raw, place, out); });

	if (failure == nullptr)
		return;
	out.resize(before);
	LintFinding f = finding(place);
	f.rule = kRuleNotChecked;
	f.severity = Severity::Error;
	f.message = std::string("pgsafe could not check this statement: ") +
				(failure->message ? failure->message : "unknown error");
	f.detail = "pgsafe cannot tell whether it blocks other sessions.";
	out.push_back(std::move(f));
}

void
ScriptLinter::guardedStatement(RawStmt *raw, const StatementPlace &place, std::vector<LintFinding> &out)
{
	Node *node = raw->stmt;
	const RangeVar *rv = statementRelation(node);
	const RangeVar *attached = attachedTable(node);

	/*
	 * Created by the scripts: new, empty until they fill it, and seen by
	 * nobody before they commit.  For ATTACH PARTITION, what matters is the
	 * table being attached: a partitioned table the script creates is not in
	 * the catalog, and the statement is then an unknown one.
	 */
	if (attached ? created(attached) : rv && created(rv))
		return;

	PlannedStmt *pstmt = pgCall([raw]() noexcept {
		PlannedStmt *p = makeNode(PlannedStmt);
		p->commandType = CMD_UTILITY;
		p->canSetTag = true;
		p->utilityStmt = raw->stmt;
		p->stmt_location = raw->stmt_location;
		p->stmt_len = raw->stmt_len;
		return p;
	});
	ReadPolicy policy{
		true, tx_->inBlock(), locksTransaction_ == tx_->current() ? &locks_ : nullptr, &constraints_, this};
	/* a DO block's statements run in a function, as SPI runs them */
	Inspection inspection = inspect(pstmt,
									place.source ? place.source->c_str() : text_->c_str(),
									inFunction_ ? PROCESS_UTILITY_QUERY : PROCESS_UTILITY_TOPLEVEL,
									policy,
									ScriptLength::Whole);

	switch (inspection.read)
	{
		case CatalogRead::Nothing:
			return;
		case CatalogRead::Unknown:
			/* a statement on no one relation (REINDEX SCHEMA, DATABASE, SYSTEM; ALTER DOMAIN of a domain not there yet) */
			if (rv == nullptr)
				return;
			unknownRelation(place,
							displayName(rv),
							"pgsafe cannot tell whether this statement blocks other sessions without reading the "
							"relation's size.",
							out);
			return;
		case CatalogRead::Facts:
			break;
	}
	if (IsA(node, AlterTableStmt))
		unknownReferences((const AlterTableStmt *) node, inspection.facts, place, out);
	const std::optional<Report> &report = inspection.report;
	if (!report)
		return;
	bool first = true;
	for (const auto &item : report->findings)
	{
		checkForInterrupts();
		LintFinding f = finding(place);
		f.rule = item.rule;
		f.severity = Severity::Error;
		f.relation = item.relation;
		if (item.sizeKnown)
			f.relationBytes = item.bytes;
		f.lock = item.lock;
		f.blocks = item.blocks;
		f.message = item.message;
		if (!item.detail.empty())
			f.detail = item.detail;
		/*
		 * The safe alternative is one for the whole statement: it goes with
		 * the statement's first finding only, so that a statement of a
		 * thousand subcommands does not repeat it a thousand times.
		 */
		if (first)
		{
			if (!report->advice.empty())
				f.hint = report->advice;
			if (!report->script.empty())
				f.safeSql = report->script;
		}
		else
			f.hint = "The safe alternative for the whole statement is given with its first finding.";
		first = false;
		out.push_back(std::move(f));
	}
}

void
ScriptLinter::lintStatement(RawStmt *raw, const StatementPlace &place, std::vector<LintFinding> &out)
{
	Node *node = raw->stmt;

	switch (nodeTag(node))
	{
		case T_TransactionStmt:
			/* COMMIT in a DO block (outside a transaction block only) is not followed */
			if (!inFunction_)
				transaction((const TransactionStmt *) node);
			return;
		case T_VariableSetStmt:
			setSearchPath((const VariableSetStmt *) node, place, out);
			followLockSetting((const VariableSetStmt *) node);
			return;
		case T_DoStmt:
			if (!inFunction_)
				lintDoBlock((const DoStmt *) node, place, out);
			return;
		default:
			break;
	}

	if (const char *operation = tx_->inBlock() || inFunction_ ? concurrentOperation(node) : nullptr)
	{
		concurrentlyInBlock(operation, place, out);
		return;
	}

	missingLockTimeout(node, place, out);
	if (isCandidate(node))
		guarded(raw, place, out);
	noteLocks(node);
	noteConstraints(node);
	noteNames(node);
}

/* CREATE INDEX CONCURRENTLY and the like where PostgreSQL refuses them: in a transaction block or a function. */
void
ScriptLinter::concurrentlyInBlock(const char *operation, const StatementPlace &place, std::vector<LintFinding> &out)
{
	LintFinding f = finding(place);
	f.rule = kRuleConcurrentlyInTransaction;
	f.severity = Severity::Error;
	if (inFunction_)
	{
		f.message = std::string(operation) + " cannot be executed from a function";
		f.detail = "It is a statement of a DO block, which PostgreSQL runs as a function.";
		f.hint = tx_->inBlock() ? "Run it as a statement of its own, outside the DO block and outside a transaction "
								  "block."
								: "Run it as a statement of its own, outside the DO block.";
	}
	else if (explicitBlock_)
	{
		f.message = std::string(operation) + " cannot run inside a transaction block";
		f.detail = "It follows a BEGIN of the script.";
		f.hint = "Move it out of the BEGIN ... COMMIT block.";
	}
	else
	{
		f.message = std::string(operation) + " cannot run inside a transaction block";
		f.detail = "The migration runner runs this script in a transaction.";
		f.hint = "Put it in a migration of its own that the runner does not wrap in a transaction "
				 "(\"-- no-transaction\" in SQLx, \"run_in_transaction = false\" in Diesel's metadata.toml).";
	}
	out.push_back(std::move(f));
}

namespace {

/* The first words of the statements of a DO block that pgsafe reads: what it checks, and what changes its answer. */
bool
followedInBody(const std::string &word)
{
	for (const char *followed : {"alter", "create", "drop", "reindex", "set", "reset", "lock"})
		if (word == followed)
			return true;
	return false;
}

} /* namespace */

/*
 * The statements of a DO block in PL/pgSQL whose body is a constant: each
 * plain statement pgsafe looks at, and the SQL of EXECUTE of a string
 * constant, parsed on its own and checked as a statement of a function
 * that runs in the script's transaction.  Dynamic SQL is out of reach.
 * Positions are in the script, at the statement inside the body.
 */
void
ScriptLinter::lintDoBlock(const DoStmt *stmt, const StatementPlace &place, std::vector<LintFinding> &out)
{
	std::optional<DoBody> body = doBody((const Node *) stmt);

	if (!body)
		return;
	const std::string &source = body->text;
	const TextMap &toScript = body->toScript;
	/* what the scanner said, each with the statement whose comments it falls among */
	std::vector<ServerNotice> notices;
	const std::vector<BodyToken> tokens = lexBody(source, notices);
	const std::vector<BodyStatement> statements = plpgsqlStatements(tokens, source.size());

	/* the block's own comments apply to its own statements, each to the one it precedes or ends the line of */
	if (toScript.exact())
		bodyRange_ = std::make_pair(toScript(0), toScript(source.size()));
	auto commentsFrom = [&](std::size_t k) -> std::size_t {
		if (k == 0)
			return 0;
		std::size_t from = std::min(statements[k - 1].end + 1, source.size());
		/* only up to the statement: a body on one line costs no more than its length */
		std::size_t newline = from;
		while (newline < statements[k].begin && source[newline] != '\n')
			newline++;
		if (newline < statements[k].begin && skipBlanksAndComments(source, from, newline) == newline)
			from = newline;
		return from;
	};

	std::size_t nextNotice = 0;
	auto noticesBefore = [&](std::size_t bound) {
		for (; nextNotice < notices.size() && notices[nextNotice].offset < bound; nextNotice++)
			serverNotice(place, notices[nextNotice], toScript(notices[nextNotice].offset), out);
	};

	inFunction_ = true;
	try
	{
		for (std::size_t k = 0; k < statements.size(); k++)
		{
			const std::size_t firstFinding = out.size();
			const std::size_t bound = k + 1 < statements.size() ? commentsFrom(k + 1) : source.size();

			checkForInterrupts();
			noticesBefore(bound);
			lintBodyStatement(tokens, statements[k], source, toScript, place, out);
			if (toScript.exact())
				applySuppressions(suppressions_, toScript(commentsFrom(k)), toScript(bound), out, firstFinding);
		}
		noticesBefore(source.size() + 1);
	}
	catch (...)
	{
		inFunction_ = false;
		throw;
	}
	inFunction_ = false;
}

/* One statement of a DO block: a plain one pgsafe looks at, or EXECUTE of a string constant. */
void
ScriptLinter::lintBodyStatement(const std::vector<BodyToken> &tokens, const BodyStatement &statement,
								const std::string &source, const TextMap &toScript, const StatementPlace &place,
								std::vector<LintFinding> &out)
{
	const BodyToken &first = tokens[statement.first];
	const int constant = executedConstant(tokens, statement);
	const ListCell *lc;
	std::string sql;
	TextMap toBody;

	if (constant >= 0)
	{
		sql = tokens[constant].text;
		toBody = TextMap::ofConstant(source, tokens[constant].begin, sql);
	}
	else if (first.kind == BodyToken::Kind::Word && followedInBody(first.text))
	{
		sql = source.substr(statement.begin, statement.end - statement.begin);
		toBody = TextMap::ofConstant(source, statement.begin, sql);
	}
	else
		return;

	/* one the cut got wrong does not parse: PostgreSQL's own compiler has the last word */
	ErrorData *error = nullptr;
	const char *text = sql.c_str();
	std::vector<ServerNotice> notices;
	List *parsed;
	{
		NoticeCapture capture;
		parsed = pgCall([text, &error]() noexcept { return parse_script(text, &error); });
		/* a plain statement's were said when the body was scanned; an EXECUTEd string's are new */
		if (constant >= 0 && !error)
			notices = capture.take(sql);
	}
	if (error)
		return;

	const TextMap map = toScript.then(toBody);
	for (const ServerNotice &notice : notices)
		serverNotice(place, notice, map(notice.offset), out);
	foreach (lc, parsed)
	{
		RawStmt *raw = (RawStmt *) lfirst(lc);
		StatementPlace inner = place;
		std::size_t begin = static_cast<std::size_t>(raw->stmt_location);
		std::size_t end = raw->stmt_len > 0 ? begin + static_cast<std::size_t>(raw->stmt_len) : sql.size();

		inner.source = &sql;
		inner.sourceFirst = skipBlanksAndComments(sql, begin, end);
		inner.sourceEnd = end;
		inner.first = inner.rawBegin = inner.commentFrom = map(inner.sourceFirst);
		inner.end = std::max(inner.first, map(end));
		lintStatement(raw, inner, out);
	}
}

/* A message of the server while it read the script, as a finding at offset, in the statement at place. */
void
ScriptLinter::serverNotice(const StatementPlace &place, const ServerNotice &notice, std::size_t offset,
						   std::vector<LintFinding> &out) const
{
	LintFinding f = finding(place);
	f.offset = offset;
	f.position = lines_->at(offset);
	f.rule = kRuleServerNotice;
	f.severity = Severity::Warning;
	f.message = notice.message;
	f.detail = "PostgreSQL raises this " + notice.severity + " when it parses the statement." +
			   (notice.detail.empty() ? "" : " " + notice.detail);
	if (!notice.hint.empty())
		f.hint = notice.hint;
	out.push_back(std::move(f));
}

std::optional<DoBody>
ScriptLinter::doBody(const Node *node) const
{
	const DefElem *body = nullptr;
	const char *language = "plpgsql";
	const ListCell *lc;

	if (!IsA(node, DoStmt))
		return std::nullopt;
	foreach (lc, ((const DoStmt *) node)->args)
	{
		const DefElem *option = (const DefElem *) lfirst(lc);
		if (strcmp(option->defname, "as") == 0)
			body = option;
		else if (strcmp(option->defname, "language") == 0)
			language = strVal(option->arg);
	}
	if (body == nullptr || strcmp(language, "plpgsql") != 0 || body->location < 0)
		return std::nullopt;
	std::string text = strVal(body->arg);
	TextMap toScript = TextMap::ofConstant(*text_, static_cast<std::size_t>(body->location), text);
	return DoBody{std::move(text), std::move(toScript)};
}

/* The suppression comments inside the script's DO blocks join the script's, in order. */
void
ScriptLinter::addBodySuppressions(const std::vector<RawStmt *> &raws)
{
	bool added = false;

	for (RawStmt *raw : raws)
	{
		checkForInterrupts();
		std::optional<DoBody> body = doBody(raw->stmt);
		if (!body || !body->toScript.exact() || body->text.find("pgsafe:ignore") == std::string::npos)
			continue;
		ScriptLayout layout = scanScript(body->text);
		for (ScriptComment &comment : layout.comments)
		{
			comment.begin = body->toScript(comment.begin);
			comment.end = body->toScript(comment.end);
		}
		layout.semicolons.clear();
		for (Suppression &suppression : findSuppressions(layout))
			suppressions_.push_back(std::move(suppression));
		added = true;
	}
	if (added)
		std::stable_sort(suppressions_.begin(), suppressions_.end(), [](const Suppression &a, const Suppression &b) {
			return a.offset < b.offset;
		});
}

void
ScriptLinter::noteConstraints(const Node *node)
{
	if (!IsA(node, AlterTableStmt))
		return;
	const AlterTableStmt *stmt = (const AlterTableStmt *) node;
	const ListCell *lc;

	if (stmt->objtype != OBJECT_TABLE || stmt->relation == nullptr || created(stmt->relation))
		return;
	Oid relid = InvalidOid;
	foreach (lc, stmt->cmds)
	{
		const AlterTableCmd *cmd = (const AlterTableCmd *) lfirst(lc);
		if (cmd->subtype != AT_AddConstraint || cmd->def == nullptr || !IsA(cmd->def, Constraint))
			continue;
		const Constraint *c = (const Constraint *) cmd->def;
		if (!c->conname || !c->skip_validation || (c->contype != CONSTR_CHECK && c->contype != CONSTR_FOREIGN))
			continue;
		if (!OidIsValid(relid))
			relid = lookupRelation(stmt->relation);
		if (!OidIsValid(relid))
			return;
		constraints_[{relid, c->conname}] =
			ConstraintState{true,
							c->contype == CONSTR_CHECK ? CONSTRAINT_CHECK : CONSTRAINT_FOREIGN,
							false,
							c->is_no_inherit,
							c->contype == CONSTR_FOREIGN ? lookupRelation(c->pktable) : InvalidOid};
	}
}

/*
 * The locks a statement will take, as far as a later VALIDATE CONSTRAINT in
 * the same transaction block cares: those on the tables it alters or
 * indexes, and SHARE ROW EXCLUSIVE on the table a foreign key references.
 */
void
ScriptLinter::noteLocks(const Node *node)
{
	/* a DO block's statements run in one transaction, the block's at least */
	if (!tx_->inBlock() && !inFunction_)
		return;

	if (IsA(node, AlterTableStmt))
	{
		const AlterTableStmt *stmt = (const AlterTableStmt *) node;
		const ListCell *lc;

		if (stmt->objtype != OBJECT_TABLE || stmt->relation == nullptr)
			return;
		noteLock(stmt->relation, alterTableLockLevel(stmt->cmds), stmt->relation->inh);
		foreach (lc, stmt->cmds)
		{
			const AlterTableCmd *cmd = (const AlterTableCmd *) lfirst(lc);
			if (cmd->subtype == AT_AddConstraint && cmd->def && IsA(cmd->def, Constraint) &&
				((const Constraint *) cmd->def)->contype == CONSTR_FOREIGN)
				noteLock(((const Constraint *) cmd->def)->pktable, LockMode::ShareRowExclusive, false);
		}
	}
	else if (IsA(node, IndexStmt) && !((const IndexStmt *) node)->concurrent)
		noteLock(((const IndexStmt *) node)->relation, LockMode::Share, ((const IndexStmt *) node)->relation->inh);
	else if (IsA(node, LockStmt))
	{
		const LockStmt *stmt = (const LockStmt *) node;
		const ListCell *lc;
		foreach (lc, stmt->relations)
			noteLock((const RangeVar *) lfirst(lc), toLockMode(stmt->mode), ((const RangeVar *) lfirst(lc))->inh);
	}
}

/*
 * A lock the statement takes on rv and, when it recurses (no ONLY), on every
 * partition or inheritance child below it, as ALTER TABLE, LOCK TABLE and
 * CREATE INDEX on a partitioned table do.
 */
void
ScriptLinter::noteLock(const RangeVar *rv, LockMode mode, bool recurse)
{
	if (rv == nullptr || created(rv))
		return;
	Oid relid = lookupRelation(rv);
	if (!OidIsValid(relid))
		return;
	/* a transaction's locks end with it */
	if (locksTransaction_ != tx_->current())
	{
		locks_.clear();
		locksTransaction_ = tx_->current();
	}
	std::vector<Oid> locked{relid};
	if (recurse)
		for (const Descendant &d : descendants(relid))
			if (d.parent >= 0)
				locked.push_back(d.relid);
	for (Oid oid : locked)
	{
		LockMode &held = locks_[oid];
		held = std::max(held, mode);
	}
}

/* The statement a syntax error is in: from the last ';' before it to the next one. */
StatementPlace
ScriptLinter::syntaxErrorPlace(const ScriptLayout &layout, std::size_t errorOffset, std::size_t from, int number) const
{
	StatementPlace place{number, from, 0, text_->size(), from};
	for (std::size_t semicolon : layout.semicolons)
		if (semicolon >= errorOffset && semicolon >= from)
		{
			place.end = semicolon;
			break;
		}
	place.first = skipBlanksAndComments(*text_, from, place.end);
	if (place.first > errorOffset)
		place.first = errorOffset;
	return place;
}

/*
 * Where an error the grammar raised without a position is: some are checks
 * in its actions, not syntax errors ("UNIQUE constraints cannot be marked
 * NOT VALID").  The first statement that fails to parse on its own holds it;
 * the statements before it are still checked.
 */
std::size_t
ScriptLinter::errorWithoutPosition(const ScriptLayout &layout) const
{
	const std::string &text = *text_;
	std::size_t begin = 0;
	std::vector<std::size_t> ends = layout.semicolons;
	ends.push_back(text.size());

	for (std::size_t end : ends)
	{
		std::string statement = text.substr(begin, end - begin);
		const char *sql = statement.c_str();
		ErrorData *error = nullptr;
		pgCall([sql, &error]() noexcept { return parse_script(sql, &error); });
		if (error)
			return skipBlanksAndComments(text, begin, end);
		begin = end + 1;
	}
	return 0;
}

void
ScriptLinter::lint(const ScriptSource &source, int number, std::vector<LintFinding> &out)
{
	const std::string &text = source.text;
	const std::size_t firstOfScript = out.size();
	const ScriptLayout layout = scanScript(text);
	suppressions_ = findSuppressions(layout);

	text_ = &text;
	lines_.emplace(text);
	script_ = number;
	explicitBlock_ = false;
	tx_.emplace(source.inTransaction, nextTransaction_);
	if (!lockWait_)
		lockWait_.emplace(lockTimeoutStart());
	lockWait_->scriptStarted();

	/* what the server says while the script is parsed and checked comes as findings, not to the client */
	NoticeCapture capture;
	ErrorData *error = nullptr;
	const char *script = text.c_str();
	List *statements = pgCall([script, &error]() noexcept { return parse_script(script, &error); });
	std::vector<ServerNotice> notices = capture.take(text);
	std::size_t errorOffset = 0;
	std::string prefix;

	if (error)
	{
		/* check what comes before the statement with the error */
		errorOffset = error->cursorpos > 0 ? offsetOfCharacter(text, error->cursorpos) : errorWithoutPosition(layout);
		std::size_t cut = 0;
		for (std::size_t semicolon : layout.semicolons)
			if (semicolon < errorOffset)
				cut = semicolon + 1;
		if (cut > 0)
		{
			ErrorData *again = nullptr;
			prefix = text.substr(0, cut);
			const char *head = prefix.c_str();
			statements = pgCall([head, &again]() noexcept { return parse_script(head, &again); });
		}
	}

	/* where each statement is, and which comments belong to it */
	std::vector<StatementPlace> places;
	std::vector<RawStmt *> raws;
	const ListCell *lc;
	foreach (lc, statements)
	{
		RawStmt *raw = (RawStmt *) lfirst(lc);
		StatementPlace place;

		place.number = static_cast<int>(places.size()) + 1;
		/*
		 * Up to 17 a statement's location is right after the previous ';'
		 * (0 for the first), so it takes in the comments before it; from 18
		 * it is its first token (gram.y stmtmulti, commit 14e5680eee).  The
		 * comments' region is taken from the previous statement's end on
		 * every version, the same place 17 gives.
		 */
		const std::size_t location = static_cast<std::size_t>(raw->stmt_location);
		place.rawBegin = 0;
		if (!places.empty())
		{
			place.rawBegin = places.back().end;
			auto semicolon = std::lower_bound(layout.semicolons.begin(), layout.semicolons.end(), place.rawBegin);
			if (semicolon != layout.semicolons.end() && *semicolon < location)
				place.rawBegin = *semicolon + 1;
		}
		if (place.rawBegin > location)
			place.rawBegin = location;
		place.end = raw->stmt_len > 0 ? location + static_cast<std::size_t>(raw->stmt_len) : text.size();
		place.first = skipBlanksAndComments(text, place.rawBegin, place.end);
		/* a comment on the line of the previous statement's ';' belongs to that statement */
		place.commentFrom = place.rawBegin;
		std::size_t newline = text.find('\n', place.rawBegin);
		if (place.number > 1 && newline != std::string::npos && newline < place.first &&
			skipBlanksAndComments(text, place.rawBegin, newline) == newline)
			place.commentFrom = newline;
		places.push_back(place);
		raws.push_back(raw);
	}
	if (error)
		places.push_back(syntaxErrorPlace(
			layout, errorOffset, places.empty() ? 0 : places.back().end + 1, static_cast<int>(places.size()) + 1));
	/* the parses of parts of the script, to place a syntax error, said it all again */
	capture.discard();
	addBodySuppressions(raws);

	/* each message of the parse goes with the statement it is in (the parse raises them in order) */
	std::size_t nextNotice = 0;
	auto noticesOf = [&](std::size_t i) {
		for (; nextNotice < notices.size() &&
			   (i + 1 >= places.size() || notices[nextNotice].offset < places[i + 1].rawBegin);
			 nextNotice++)
			serverNotice(places[i], notices[nextNotice], notices[nextNotice].offset, out);
	};
	std::stable_sort(notices.begin(), notices.end(), [](const ServerNotice &a, const ServerNotice &b) {
		return a.offset < b.offset;
	});

	for (std::size_t i = 0; i < raws.size(); i++)
	{
		std::size_t firstFinding = out.size();
		std::size_t commentTo = i + 1 < places.size() ? places[i + 1].commentFrom : text.size();

		checkForInterrupts();
		const int txBefore = tx_->current();
		const bool inBlock = tx_->inBlock();
		noticesOf(i);
		scratch_.enter();
		bodyRange_.reset();
		lintStatement(raws[i], places[i], out);
		scratch_.leave();
		/*
		 * Checking it lexes its text again, which truncates its long names
		 * again: said already.  Anything else is about the statement.
		 */
		for (const ServerNotice &notice : capture.take(std::string()))
			if (notice.sqlerrcode != ERRCODE_NAME_TOO_LONG)
				serverNotice(places[i], notice, places[i].first, out);
		/* the script rules the DBA switched off (the statement rules' findings never came) */
		out.erase(std::remove_if(out.begin() + static_cast<std::ptrdiff_t>(firstFinding),
								 out.end(),
								 [this](const LintFinding &f) { return listsRule(disabled_, f.rule); }),
				  out.end());
		if (bodyRange_)
		{
			/* a DO block: the comments around it, not those of its body, which apply to its statements */
			applySuppressions(suppressions_, places[i].commentFrom, bodyRange_->first, out, firstFinding);
			applySuppressions(suppressions_, bodyRange_->second, commentTo, out, firstFinding);
		}
		else
			applySuppressions(suppressions_, places[i].commentFrom, commentTo, out, firstFinding);
		tx_->statementDone();
		/* outside a transaction block, the statement committed on its own */
		if (!inBlock && !tx_->inBlock())
			transactionEnded(txBefore, true);
	}

	if (error)
	{
		noticesOf(places.size() - 1);
		LintFinding f = finding(places.back());
		f.offset = errorOffset;
		f.position = lines_->at(errorOffset);
		f.rule = kRuleSyntaxError;
		f.severity = Severity::Error;
		f.message = error->message ? error->message : "syntax error";
		if (error->detail)
			f.detail = std::string(error->detail);
		if (error->hint)
			f.hint = std::string(error->hint);
		out.push_back(f);
	}

	/* a suppression of rules that are switched off has nothing to suppress, rightly */
	for (Suppression &s : suppressions_)
		if (!s.rules.empty() && std::all_of(s.rules.begin(), s.rules.end(), [this](const std::string &rule) {
				return listsRule(disabled_, rule);
			}))
			s.used = true;
	for (LintFinding &f : suppressionFindings(suppressions_, *lines_, number))
	{
		/* the last statement whose comments begin at or before the suppression */
		auto after =
			std::upper_bound(places.begin(), places.end(), f.offset, [](std::size_t offset, const StatementPlace &p) {
				return offset < p.commentFrom;
			});
		if (after != places.begin())
			f.statement = std::prev(after)->number;
		out.push_back(std::move(f));
	}
	std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(firstOfScript),
					 out.end(),
					 [](const LintFinding &a, const LintFinding &b) { return a.offset < b.offset; });

	/* the runner commits the script's transaction; the next script starts a new one */
	if (tx_->inBlock())
		transactionEnded(tx_->current(), true);
	nextTransaction_ = tx_->next() + 1;
}

} /* namespace */

std::vector<LintFinding>
lintScripts(const std::vector<ScriptSource> &scripts)
{
	std::vector<LintFinding> findings;
	/* what the scripts set (the search path) is set at a level of its own, and undone at the end */
	const int nestLevel = pgCall([]() noexcept { return NewGUCNestLevel(); });
	auto restore = [nestLevel]() { pgCall([nestLevel]() noexcept { AtEOXact_GUC(false, nestLevel); }); };

	try
	{
		ScriptLinter linter;
		ScratchContext scriptMemory; /* a script's parse tree, emptied before the next script */

		for (std::size_t i = 0; i < scripts.size(); i++)
		{
			checkForInterrupts();
			scriptMemory.enter();
			linter.lint(scripts[i], static_cast<int>(i) + 1, findings);
			scriptMemory.leave();
		}
	}
	catch (...)
	{
		restore();
		throw;
	}
	restore();
	return findings;
}

} /* namespace pgsafe */
