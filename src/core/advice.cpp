/*-------------------------------------------------------------------------
 *
 * advice.cpp
 *		Write the safe alternative to a flagged statement.
 *
 * The recipes, all checked end to end against PostgreSQL by the regression
 * tests:
 *
 * UNIQUE / PRIMARY KEY
 *		CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... USING INDEX
 *		under the index's own name, so PostgreSQL does not rename it.
 * key columns not yet NOT NULL (PRIMARY KEY)
 *		ADD CHECK (col IS NOT NULL) NOT VALID, VALIDATE (no write lock),
 *		SET NOT NULL (proven by the check: no scan), DROP the check.  From
 *		PostgreSQL 18, ADD NOT NULL col NOT VALID and VALIDATE instead.
 * partitioned tables, where CONCURRENTLY is refused
 *		the constraint or index on each partitioned table ONLY (an invalid,
 *		empty parent index), a concurrent build in each leaf, then ALTER INDEX
 *		... ATTACH PARTITION, which makes the parent valid.
 * FOREIGN KEY
 *		ADD ... NOT VALID, then VALIDATE CONSTRAINT in another transaction.
 *		On a partitioned table, NOT VALID is refused before PostgreSQL 18:
 *		add and validate it in each leaf, then add it to the parent, which
 *		adopts the validated leaf constraints without a scan.
 * new columns
 *		added without the index or foreign key; a default that may be
 *		volatile, a serial or an identity column is filled by UPDATE from a
 *		default instead of by a table rewrite.
 *
 * IDENTIFICATION
 *	  src/core/advice.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/advice.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "core/interrupts.hpp"
#include "core/names.hpp"
#include "core/script.hpp"

#include "core/pure.hpp"

namespace pgsafe {

namespace {

const char *
actionSql(ForeignKeyAction action)
{
	switch (action)
	{
		case ForeignKeyAction::NoAction:
			return "NO ACTION";
		case ForeignKeyAction::Restrict:
			return "RESTRICT";
		case ForeignKeyAction::Cascade:
			return "CASCADE";
		case ForeignKeyAction::SetNull:
			return "SET NULL";
		case ForeignKeyAction::SetDefault:
			return "SET DEFAULT";
	}
	return "NO ACTION";
}

bool
hasStorage(const RelationFacts &rel)
{
	return rel.kind == RelationKind::Table || rel.kind == RelationKind::MaterializedView;
}

/*
 * The sequence options of an identity clause, "... AS IDENTITY (START WITH
 * 100)", for the helper sequence that fills existing rows, so they get the
 * values the identity would have given them.  SEQUENCE NAME belongs to the
 * identity alone; with it, the options are left out.
 */
std::string
identitySequenceOptions(const std::string &clause)
{
	std::size_t open = clause.find('(');
	std::size_t close = clause.rfind(')');
	if (open == std::string::npos || close == std::string::npos || close < open)
		return "";

	std::string options = clause.substr(open + 1, close - open - 1);
	std::string lower;
	for (char c : options)
		lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	if (lower.find("sequence") != std::string::npos && lower.find("name") != std::string::npos)
		return "";
	return " " + compactSql(options);
}

class AdviceWriter
{
public:
	AdviceWriter(const StatementFacts &facts, const CatalogOracle &oracle, ScriptLength length)
		: facts_(facts), tree_(facts.table), oracle_(oracle), names_(oracle), length_(length)
	{
	}

	Advice write(const std::vector<Finding> &findings);

private:
	const RelationFacts &rel(int i) const { return tree_.relations[i]; }
	std::string ident(const std::string &name) const { return quoteIdentifier(name, oracle_); }
	std::string table(int i) const { return quoteQualified(rel(i).name, oracle_); }
	std::string inSchemaOf(int i, const std::string &name) const
	{
		return quoteQualified(QualifiedName{rel(i).name.schema, name}, oracle_);
	}
	std::string alterTarget() const
	{
		return std::string("ALTER TABLE ") + (facts_.alterTable.only ? "ONLY " : "") + table(0);
	}
	bool partitioned() const { return rel(0).kind == RelationKind::PartitionedTable; }

	void add(StepKind kind, const std::string &text) { advice_.steps.push_back(Step{kind, text}); }
	void say(const std::string &sentence);

	void reserveStatementNames();
	std::string defaultIndexName(int relIndex, const std::vector<std::string> &columns, const std::string &label,
								 bool isConstraint);
	std::string indexSuffix(const ConstraintFacts &c) const;
	std::string constraintSuffix(const ConstraintFacts &c) const;
	std::string attributes(const ConstraintFacts &c) const;
	std::string foreignKeyClause(const ConstraintFacts &c, const std::vector<std::string> &columns) const;
	std::vector<int> spelledLeaves(const std::vector<int> &leaves);

	void otherSubcommands(const std::vector<int> &indexes);
	void notNullSteps(const std::vector<std::string> &columns);
	void indexConstraint(const ConstraintFacts &c, const std::vector<std::string> &keys, bool primary);
	void indexConstraintOnPartitions(const ConstraintFacts &c, const std::vector<std::string> &keys, bool primary);
	void foreignKey(const ConstraintFacts &c, const std::vector<std::string> &columns);
	void primaryKeyUsingIndex(const SubcommandFacts &sub, const Finding &finding);
	void exclusion(const SubcommandFacts &sub);
	void validateAlone(const SubcommandFacts &sub, const Finding &finding);
	void createIndex();
	void attachPartition(const std::vector<Finding> &findings);
	void addColumn(int index, const std::vector<const Finding *> &findings);

	bool rewritesOnAdd(const ColumnFacts &column) const;
	bool nullableColumn(const std::string &name) const;
	std::string otherSubcommandText(int index, std::vector<std::string> &validates);

	const StatementFacts &facts_;
	const RelationTree &tree_;
	const CatalogOracle &oracle_;
	NameChooser names_;
	ScriptLength length_;
	Advice advice_;

	/* the key columns of the statement's flagged ADD PRIMARY KEY: its recipe makes them NOT NULL */
	std::set<std::string> primaryKeyColumns_;
	/* new columns the advice already made NOT NULL as it added them */
	std::set<std::string> notNullOnAdd_;
};

void
AdviceWriter::say(const std::string &sentence)
{
	if (std::find(advice_.sentences.begin(), advice_.sentences.end(), sentence) == advice_.sentences.end())
		advice_.sentences.push_back(sentence);
}

/* Names the statement itself gives to new objects are taken for the advice too. */
void
AdviceWriter::reserveStatementNames()
{
	const std::string &schema = rel(0).name.schema;

	if (facts_.kind == StatementKind::CreateIndex)
	{
		if (facts_.createIndex.name)
			names_.reserve(schema, *facts_.createIndex.name);
		return;
	}
	for (const auto &sub : facts_.alterTable.subcommands)
	{
		if (sub.kind == SubcommandKind::AddConstraint && sub.constraint.name)
			names_.reserve(schema, *sub.constraint.name);
		for (const auto &c : sub.column.constraints)
			if (c.name)
				names_.reserve(schema, *c.name);
	}
}

/* ChooseIndexName(): label "pkey" ignores the columns. */
std::string
AdviceWriter::defaultIndexName(int relIndex, const std::vector<std::string> &columns, const std::string &label,
							   bool isConstraint)
{
	std::optional<std::string> addition;
	if (label != "pkey")
		addition = nameAddition(chooseIndexColumnNames(columns, oracle_));
	return names_.relationName(rel(relIndex).name.schema, rel(relIndex).name.name, addition, label, isConstraint);
}

/* A WITH (...) value: numbers and plain words as they are, anything else quoted. */
std::string
optionValueSql(const std::string &value)
{
	bool plain = !value.empty();
	for (char c : value)
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'))
			plain = false;
	return plain ? value : quoteLiteral(value);
}

/* INCLUDE, NULLS NOT DISTINCT, WITH and TABLESPACE, in CREATE INDEX order. */
std::string
AdviceWriter::indexSuffix(const ConstraintFacts &c) const
{
	std::string sql;

	if (!c.including.empty())
		sql += " INCLUDE (" + quoteIdentifierList(c.including, oracle_) + ")";
	if (c.nullsNotDistinct)
		sql += " NULLS NOT DISTINCT";
	if (!c.options.empty())
	{
		sql += " WITH (";
		for (std::size_t i = 0; i < c.options.size(); i++)
			sql += (i ? ", " : "") + c.options[i].name + " = " + optionValueSql(c.options[i].value);
		sql += ")";
	}
	if (c.indexTablespace)
		sql += " TABLESPACE " + ident(*c.indexTablespace);
	return sql;
}

/* The same options in ADD CONSTRAINT ... UNIQUE (...) order. */
std::string
AdviceWriter::constraintSuffix(const ConstraintFacts &c) const
{
	std::string sql;

	if (!c.including.empty())
		sql += " INCLUDE (" + quoteIdentifierList(c.including, oracle_) + ")";
	if (!c.options.empty())
	{
		sql += " WITH (";
		for (std::size_t i = 0; i < c.options.size(); i++)
			sql += (i ? ", " : "") + c.options[i].name + " = " + optionValueSql(c.options[i].value);
		sql += ")";
	}
	if (c.indexTablespace)
		sql += " USING INDEX TABLESPACE " + ident(*c.indexTablespace);
	return sql;
}

std::string
AdviceWriter::attributes(const ConstraintFacts &c) const
{
	if (!c.deferrable)
		return "";
	return c.initiallyDeferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE";
}

std::string
AdviceWriter::foreignKeyClause(const ConstraintFacts &c, const std::vector<std::string> &columns) const
{
	const ForeignKeyFacts &fk = c.foreignKey;
	std::string sql = "FOREIGN KEY (" + quoteIdentifierList(columns, oracle_) + ") REFERENCES " +
					  quoteQualified(fk.referenced, oracle_);

	if (!fk.referencedColumns.empty())
		sql += " (" + quoteIdentifierList(fk.referencedColumns, oracle_) + ")";
	if (fk.match == ForeignKeyMatch::Full)
		sql += " MATCH FULL";
	else if (fk.match == ForeignKeyMatch::Partial)
		sql += " MATCH PARTIAL";
	if (fk.onUpdate != ForeignKeyAction::NoAction)
		sql += std::string(" ON UPDATE ") + actionSql(fk.onUpdate);
	if (fk.onDelete != ForeignKeyAction::NoAction)
	{
		sql += std::string(" ON DELETE ") + actionSql(fk.onDelete);
		if (!fk.onDeleteColumns.empty())
			sql += " (" + quoteIdentifierList(fk.onDeleteColumns, oracle_) + ")";
	}
	return sql + attributes(c);
}

/*
 * The leaves a script spells out: all of them in a whole script; in a
 * bounded one, past the cap, a comment counts the partitions left.
 */
std::vector<int>
AdviceWriter::spelledLeaves(const std::vector<int> &leaves)
{
	if (length_ == ScriptLength::Whole || static_cast<int>(leaves.size()) <= kMaxPartitionsSpelledOut)
		return leaves;
	advice_.shortened = true;
	return std::vector<int>(leaves.begin(), leaves.begin() + kMaxPartitionsSpelledOut);
}

/*
 * An unflagged subcommand's text, as the statement had it -- but a CHECK
 * constraint is added NOT VALID, to be validated apart (validates gets its
 * name), since adding it as written reads every row under the statement's
 * lock.  Empty if the text is not known.
 */
std::string
AdviceWriter::otherSubcommandText(int index, std::vector<std::string> &validates)
{
	const SubcommandFacts &sub = facts_.alterTable.subcommands[index];
	const ConstraintFacts &c = sub.constraint;

	if (!sub.span.valid())
		return "";
	if (sub.kind != SubcommandKind::AddConstraint || c.kind != ConstraintKind::Check || c.notValid)
		return compactSql(facts_.slice(sub.span));
	if (!c.checkBody.valid())
		return "";

	/* ChooseConstraintName(): table_col_check for a check on one column, else table_check */
	std::optional<std::string> column;
	if (c.checkColumns.size() == 1)
		column = c.checkColumns.front();
	std::string name = c.name ? *c.name : names_.constraintName(rel(0).name.schema, rel(0).name.name, column, "check");
	validates.push_back(name);
	return "ADD CONSTRAINT " + ident(name) + " " + compactSql(facts_.slice(c.checkBody)) + " NOT VALID";
}

/* Unflagged subcommands keep their text and order, in one ALTER TABLE. */
void
AdviceWriter::otherSubcommands(const std::vector<int> &indexes)
{
	if (indexes.empty())
		return;

	std::string list;
	std::vector<std::string> validates;
	for (int i : indexes)
	{
		std::string text = otherSubcommandText(i, validates);
		if (text.empty())
		{
			advice_.partial = true;
			say("Run the statement's other subcommands on their own.");
			return;
		}
		list += (list.empty() ? "" : ", ") + text;
	}
	add(StepKind::Brief, alterTarget() + " " + list + ";");

	if (validates.empty())
		return;
	std::string validateList;
	for (const auto &name : validates)
		validateList += (validateList.empty() ? "" : ", ") + std::string("VALIDATE CONSTRAINT ") + ident(name);
	add(StepKind::Validate, alterTarget() + " " + validateList + ";");
	say("Add the statement's CHECK constraints NOT VALID and validate them apart; validation blocks neither reads "
		"nor writes.");
	advice_.separateTransactions = true;
}

/* Does adding the column as written rewrite the table (a value computed per row)? */
bool
AdviceWriter::rewritesOnAdd(const ColumnFacts &column) const
{
	return column.fill == ColumnFill::Serial || column.fill == ColumnFill::Identity ||
		   column.fill == ColumnFill::ExpressionDefault || column.fill == ColumnFill::Generated;
}

/* An existing column of the table that neither its NOT NULL mark nor a validated check proves NOT NULL. */
bool
AdviceWriter::nullableColumn(const std::string &name) const
{
	const ColumnNullability *column = rel(0).column(name);
	return column && column->exists && !column->markedNotNull && !column->provenNotNull;
}

/*
 * Make key columns NOT NULL without holding a strong lock while rows are
 * read.  The check (or, from PostgreSQL 18, the NOT NULL constraint) is
 * added NOT VALID and validated under SHARE UPDATE EXCLUSIVE; SET NOT NULL
 * then finds it and skips its own scan.  Partitions and inheritance
 * children get it too, unless the statement said ONLY.
 */
void
AdviceWriter::notNullSteps(const std::vector<std::string> &columns)
{
	if (columns.empty())
		return;

	const std::string target = table(0);
	const bool nativeNotNull = facts_.session.serverVersionNum >= 180000;
	std::vector<std::string> names;
	std::string addList, validateList, setList, dropList;

	for (const auto &column : columns)
		names.push_back(names_.constraintName(rel(0).name.schema, rel(0).name.name, column, "not_null"));

	/*
	 * ALTER TABLE ONLY leaves inheritance children alone: so must the proof,
	 * or VALIDATE would fail on a child the statement never touches.  (A
	 * partitioned table refuses NO INHERIT, and its partitions must follow.)
	 */
	const std::string inherit = facts_.alterTable.only && !partitioned() ? " NO INHERIT" : "";
	for (std::size_t i = 0; i < columns.size(); i++)
	{
		std::string sep = i ? ", " : "";
		if (nativeNotNull)
			addList +=
				sep + "ADD CONSTRAINT " + ident(names[i]) + " NOT NULL " + ident(columns[i]) + inherit + " NOT VALID";
		else
			addList += sep + "ADD CONSTRAINT " + ident(names[i]) + " CHECK (" + ident(columns[i]) + " IS NOT NULL)" +
					   inherit + " NOT VALID";
		validateList += sep + "VALIDATE CONSTRAINT " + ident(names[i]);
		setList += sep + "ALTER COLUMN " + ident(columns[i]) + " SET NOT NULL";
		dropList += sep + "DROP CONSTRAINT " + ident(names[i]);
	}

	add(StepKind::Brief, "ALTER TABLE " + target + " " + addList + ";");
	add(StepKind::Validate, "ALTER TABLE " + target + " " + validateList + ";");
	if (!nativeNotNull)
	{
		/* SET NOT NULL follows ONLY as the statement had it; a check cannot be ONLY */
		add(StepKind::Brief, alterTarget() + " " + setList + ";");
		add(StepKind::Brief, "ALTER TABLE " + target + " " + dropList + ";");
	}
	advice_.separateTransactions = true;
}

void
AdviceWriter::indexConstraint(const ConstraintFacts &c, const std::vector<std::string> &keys, bool primary)
{
	if (partitioned())
	{
		indexConstraintOnPartitions(c, keys, primary);
		return;
	}

	std::vector<std::string> columns = keys;
	columns.insert(columns.end(), c.including.begin(), c.including.end());
	std::string name = c.name ? *c.name : defaultIndexName(0, columns, primary ? "pkey" : "key", true);
	std::string qualifiedIndex = inSchemaOf(0, name);

	add(StepKind::Concurrent,
		"CREATE UNIQUE INDEX CONCURRENTLY " + ident(name) + " ON " + table(0) + " (" +
			quoteIdentifierList(keys, oracle_) + ")" + indexSuffix(c) + ";");
	/* ONLY as the statement had it: a primary key's implied SET NOT NULL would recurse */
	add(StepKind::Brief,
		alterTarget() + " ADD CONSTRAINT " + ident(name) + (primary ? " PRIMARY KEY" : " UNIQUE") + " USING INDEX " +
			ident(name) + attributes(c) + ";");
	advice_.concurrentIndexes.push_back(qualifiedIndex);
	say(primary ? "Build the unique index concurrently, then add the primary key using it."
				: "Build the unique index concurrently, then add the constraint using it.");
}

void
AdviceWriter::indexConstraintOnPartitions(const ConstraintFacts &c, const std::vector<std::string> &keys, bool primary)
{
	std::vector<std::string> columns = keys;
	columns.insert(columns.end(), c.including.begin(), c.including.end());
	const std::string label = primary ? "pkey" : "key";
	const std::string kind = primary ? " PRIMARY KEY" : " UNIQUE";
	std::map<int, std::string> indexNames;

	indexNames[0] = c.name ? *c.name : defaultIndexName(0, columns, label, true);

	std::vector<int> leaves;
	for (int leaf : tree_.leavesUnder(0))
		if (hasStorage(rel(leaf)))
			leaves.push_back(leaf);
	std::vector<int> spelled = spelledLeaves(leaves);

	for (int p : tree_.partitionedUnder(0))
	{
		if (!indexNames.count(p))
			indexNames[p] = defaultIndexName(p, columns, label, true);
		add(StepKind::Brief,
			"ALTER TABLE ONLY " + table(p) + " ADD CONSTRAINT " + ident(indexNames[p]) + kind +
				(c.nullsNotDistinct ? " NULLS NOT DISTINCT" : "") + " (" + quoteIdentifierList(keys, oracle_) + ")" +
				constraintSuffix(c) + attributes(c) + ";");
	}
	for (int leaf : spelled)
	{
		indexNames[leaf] = defaultIndexName(leaf, columns, label, true);
		add(StepKind::Concurrent,
			"CREATE UNIQUE INDEX CONCURRENTLY " + ident(indexNames[leaf]) + " ON " + table(leaf) + " (" +
				quoteIdentifierList(keys, oracle_) + ")" + indexSuffix(c) + ";");
		add(StepKind::Brief,
			"ALTER TABLE " + table(leaf) + " ADD CONSTRAINT " + ident(indexNames[leaf]) + kind + " USING INDEX " +
				ident(indexNames[leaf]) + attributes(c) + ";");
		advice_.concurrentIndexes.push_back(inSchemaOf(leaf, indexNames[leaf]));
	}
	if (spelled.size() < leaves.size())
		add(StepKind::Comment,
			"... and the same two statements for each of the other " + std::to_string(leaves.size() - spelled.size()) +
				" partitions, then attach their indexes as below");
	for (int i = 1; i < static_cast<int>(tree_.relations.size()); i++)
	{
		if (!indexNames.count(i))
			continue;
		int parent = rel(i).parent;
		add(StepKind::Brief,
			"ALTER INDEX " + inSchemaOf(parent, indexNames[parent]) + " ATTACH PARTITION " +
				inSchemaOf(i, indexNames[i]) + ";");
	}
	say(primary ? "Add the primary key to each partitioned table alone, build each partition's index "
				  "concurrently and add its primary key using it, then attach the indexes."
				: "Add the constraint to each partitioned table alone, build each partition's index "
				  "concurrently and add its constraint using it, then attach the indexes.");
}

void
AdviceWriter::foreignKey(const ConstraintFacts &c, const std::vector<std::string> &columns)
{
	const std::string name =
		c.name ? *c.name : names_.constraintName(rel(0).name.schema, rel(0).name.name, nameAddition(columns), "fkey");
	const std::string clause = foreignKeyClause(c, columns);

	if (partitioned())
	{
		/* partitions that hold a validated equivalent key already are adopted as they are */
		std::vector<int> leaves = referencingRelations(tree_, c.foreignKey);
		std::vector<int> spelled = spelledLeaves(leaves);

		for (int leaf : spelled)
		{
			add(StepKind::Brief,
				"ALTER TABLE " + table(leaf) + " ADD CONSTRAINT " + ident(name) + " " + clause + " NOT VALID;");
			add(StepKind::Validate, "ALTER TABLE " + table(leaf) + " VALIDATE CONSTRAINT " + ident(name) + ";");
		}
		if (spelled.size() < leaves.size())
			add(StepKind::Comment,
				"... and the same two statements for each of the other " +
					std::to_string(leaves.size() - spelled.size()) + " partitions, then:");
		add(StepKind::Brief, "ALTER TABLE " + table(0) + " ADD CONSTRAINT " + ident(name) + " " + clause + ";");
		say("Add the foreign key NOT VALID to each partition and validate it there; the partitioned table "
			"then adopts the validated constraints without reading any rows.");
	}
	else
	{
		add(StepKind::Brief,
			"ALTER TABLE " + table(0) + " ADD CONSTRAINT " + ident(name) + " " + clause + " NOT VALID;");
		add(StepKind::Validate, "ALTER TABLE " + table(0) + " VALIDATE CONSTRAINT " + ident(name) + ";");
		say("Add the foreign key NOT VALID, then validate it; validation does not block reads or writes.");
	}
	advice_.separateTransactions = true;
}

void
AdviceWriter::primaryKeyUsingIndex(const SubcommandFacts &sub, const Finding &finding)
{
	const ConstraintFacts &c = sub.constraint;

	notNullSteps(finding.nullableColumns);
	add(StepKind::Brief,
		"ALTER TABLE " + table(0) + " ADD " + (c.name ? "CONSTRAINT " + ident(*c.name) + " " : "") +
			"PRIMARY KEY USING INDEX " + ident(*c.usingIndex) + attributes(c) + ";");
	say("Prove the key columns NOT NULL with a constraint validated on its own, then add the primary key.");
}

void
AdviceWriter::exclusion(const SubcommandFacts &sub)
{
	say("PostgreSQL cannot add an exclusion constraint without holding this lock while the index is built; "
		"run it in a maintenance window.");
	if (!sub.span.valid())
	{
		advice_.partial = true;
		return;
	}
	add(StepKind::Blocking, alterTarget() + " " + compactSql(facts_.slice(sub.span)) + ";");
}

/*
 * VALIDATE CONSTRAINT once nothing holds a blocking lock: after the
 * transaction that took one has ended, or apart from the subcommands of its
 * own statement that take one (which otherSubcommands() writes first).
 */
void
AdviceWriter::validateAlone(const SubcommandFacts &sub, const Finding &finding)
{
	if (finding.lockFromStatement)
	{
		say("Run the statement's other subcommands first, then validate the constraint in a statement and a "
			"transaction of its own.");
		advice_.separateTransactions = true;
	}
	else
		say("Commit the statements that took the lock first, then validate the constraint in a transaction of its "
			"own.");
	add(StepKind::Validate, alterTarget() + " VALIDATE CONSTRAINT " + ident(sub.constraint.name.value_or("")) + ";");
}

void
AdviceWriter::createIndex()
{
	const CreateIndexFacts &ci = facts_.createIndex;
	const std::string unique = ci.unique ? "UNIQUE " : "";

	if (!ci.definition.valid())
	{
		advice_.partial = true;
		say("Add CONCURRENTLY to the statement and run it outside a transaction block.");
		return;
	}
	const std::string definition = compactSql(facts_.slice(ci.definition));

	if (!partitioned())
	{
		std::string name = ci.name ? *ci.name : defaultIndexName(0, ci.columnNames, "idx", false);
		add(StepKind::Concurrent,
			"CREATE " + unique + "INDEX CONCURRENTLY " + (ci.ifNotExists ? "IF NOT EXISTS " : "") + ident(name) +
				" ON " + table(0) + " " + definition + ";");
		advice_.concurrentIndexes.push_back(inSchemaOf(0, name));
		say("Build the index concurrently.");
		return;
	}

	std::map<int, std::string> indexNames;
	indexNames[0] = ci.name ? *ci.name : defaultIndexName(0, ci.columnNames, "idx", false);

	/*
	 * A foreign-table partition takes no index, so an index created ON ONLY
	 * the partitioned table never has all its partitions attached and stays
	 * invalid; the statement itself skips such partitions.  No online path.
	 */
	for (int leaf : tree_.leavesUnder(0))
		if (rel(leaf).kind == RelationKind::ForeignTable)
		{
			add(StepKind::Comment, "no online alternative: " + table(leaf) + " is a foreign table");
			add(StepKind::Blocking,
				"CREATE " + unique + "INDEX " + (ci.ifNotExists ? "IF NOT EXISTS " : "") + ident(indexNames[0]) +
					" ON " + table(0) + " " + definition + ";");
			say("A partition is a foreign table, which cannot have an index: an index created on the partitioned "
				"table alone would never become valid, so PostgreSQL has no online way to build this one.");
			return;
		}

	/*
	 * A partition's existing index that matches is attached as it is, as
	 * the statement itself would adopt it; nothing below it is touched.
	 */
	std::vector<char> belowAdopted(tree_.relations.size(), 0);
	for (std::size_t i = 1; i < tree_.relations.size(); i++)
	{
		int parent = rel(static_cast<int>(i)).parent;
		belowAdopted[i] = parent > 0 && (belowAdopted[parent] || rel(parent).adoptedIndex.has_value());
		if (!belowAdopted[i] && rel(static_cast<int>(i)).adoptedIndex)
			indexNames[static_cast<int>(i)] = *rel(static_cast<int>(i)).adoptedIndex;
	}

	std::vector<int> leaves;
	for (int leaf : tree_.leavesUnder(0))
		if (hasStorage(rel(leaf)) && !belowAdopted[leaf] && !rel(leaf).adoptedIndex)
			leaves.push_back(leaf);
	std::vector<int> spelled = spelledLeaves(leaves);

	std::vector<int> parents = tree_.partitionedUnder(0);
	std::reverse(parents.begin(), parents.end());
	for (int p : parents)
	{
		if (belowAdopted[p] || rel(p).adoptedIndex)
			continue;
		if (!indexNames.count(p))
			indexNames[p] = defaultIndexName(p, ci.columnNames, "idx", false);
		add(StepKind::Brief,
			"CREATE " + unique + "INDEX " + ident(indexNames[p]) + " ON ONLY " + table(p) + " " + definition + ";");
	}
	for (int leaf : spelled)
	{
		indexNames[leaf] = defaultIndexName(leaf, ci.columnNames, "idx", false);
		add(StepKind::Concurrent,
			"CREATE " + unique + "INDEX CONCURRENTLY " + ident(indexNames[leaf]) + " ON " + table(leaf) + " " +
				definition + ";");
		advice_.concurrentIndexes.push_back(inSchemaOf(leaf, indexNames[leaf]));
	}
	if (spelled.size() < leaves.size())
		add(StepKind::Comment,
			"... and the same statement for each of the other " + std::to_string(leaves.size() - spelled.size()) +
				" partitions, then attach their indexes as below");
	for (int i = 1; i < static_cast<int>(tree_.relations.size()); i++)
	{
		if (!indexNames.count(i))
			continue;
		int parent = rel(i).parent;
		add(StepKind::Brief,
			"ALTER INDEX " + inSchemaOf(parent, indexNames[parent]) + " ATTACH PARTITION " +
				inSchemaOf(i, indexNames[i]) + ";");
	}
	say("CREATE INDEX CONCURRENTLY is refused on a partitioned table: create the index on each partitioned "
		"table alone, build each partition's index concurrently, then attach them.");
	if (std::any_of(tree_.relations.begin() + 1, tree_.relations.end(), [](const RelationFacts &r) {
			return r.adoptedIndex.has_value();
		}))
		say("A partition's existing index that matches is attached as it is, as the statement would.");
}

/*
 * ATTACH PARTITION that would build indexes: build each one first, in every
 * table that lacks it, concurrently and under the name PostgreSQL would
 * give it (a constraint's index with its constraint, added USING INDEX);
 * ATTACH PARTITION then finds them and attaches them instead.
 */
void
AdviceWriter::attachPartition(const std::vector<Finding> &findings)
{
	for (const Finding &f : findings)
	{
		const MissingIndex &index = facts_.attachPartition.missingIndexes[f.missingIndex];
		const std::string label = index.primary ? "pkey" : index.unique && index.constraint ? "key" : "idx";

		std::vector<int> spelled = spelledLeaves(f.scanned);
		for (int i : spelled)
		{
			checkInterrupts();
			std::string name = defaultIndexName(i, index.columnNames, label, index.constraint);
			add(StepKind::Concurrent,
				std::string("CREATE ") + (index.unique ? "UNIQUE " : "") + "INDEX CONCURRENTLY " + ident(name) +
					" ON " + table(i) + " " + index.definition + ";");
			advice_.concurrentIndexes.push_back(inSchemaOf(i, name));
			if (index.constraint)
				add(StepKind::Brief,
					"ALTER TABLE " + table(i) + " ADD CONSTRAINT " + ident(name) +
						(index.primary ? " PRIMARY KEY" : " UNIQUE") + " USING INDEX " + ident(name) + ";");
		}
		if (spelled.size() < f.scanned.size())
			add(StepKind::Comment,
				"... and the same for each of the other " + std::to_string(f.scanned.size() - spelled.size()) +
					" partitions that lack the index");
	}
	say("Build the partitioned table's indexes on the table first, concurrently, so that ATTACH PARTITION finds "
		"them and only attaches them.");
	if (!facts_.text.empty())
		add(StepKind::Brief, compactSql(facts_.text) + ";");
	add(StepKind::Comment,
		"ATTACH PARTITION also reads every row to check the partition bound, unless a valid "
		"CHECK constraint of the table implies it");
}

/*
 * ADD COLUMN with flagged constraints: add the column on its own, in a way
 * that neither rewrites nor scans the table, then apply each constraint's
 * recipe to it.
 */
void
AdviceWriter::addColumn(int index, const std::vector<const Finding *> &findings)
{
	const SubcommandFacts &sub = facts_.alterTable.subcommands[index];
	const ColumnFacts &column = sub.column;
	const std::string &schema = rel(0).name.schema;
	const std::string target = table(0);
	const std::string col = ident(column.name);
	/* a primary key of the same statement, inline or as a table constraint, needs it NOT NULL */
	bool hasPrimaryKey = primaryKeyColumns_.count(column.name) > 0;
	std::vector<TextSpan> remove;

	/*
	 * DEFAULT NULL changes no row, but it makes PostgreSQL validate a
	 * REFERENCES on the new column: without it the key stays inline and is
	 * marked valid at no cost.
	 */
	const bool dropNullDefault = column.fill == ColumnFill::NullDefault;
	std::vector<const Finding *> moved;
	for (const Finding *f : findings)
	{
		const ConstraintFacts &c = column.constraints[f->columnConstraint];
		if (dropNullDefault && c.kind == ConstraintKind::ForeignKey)
			continue;
		moved.push_back(f);
		remove.push_back(c.span);
		if (c.kind == ConstraintKind::PrimaryKey)
			hasPrimaryKey = true;
	}
	if (dropNullDefault)
		say("DEFAULT NULL changes no row but makes PostgreSQL validate the foreign key: leave it out.");

	/* What of the column definition to drop, and whether it then needs filling. */
	if (column.fill == ColumnFill::ExpressionDefault || column.fill == ColumnFill::Identity || dropNullDefault)
		remove.push_back(column.fillSpan);

	/*
	 * A constant default or a generation expression fills every row as the
	 * column is added, so NOT NULL can stay on the column (and a primary key
	 * column gets it there, where PostgreSQL checks it without a scan).
	 * Otherwise the column starts out null and is made NOT NULL after it is
	 * filled.
	 */
	const bool filledOnAdd = column.fill == ColumnFill::ConstantDefault || column.fill == ColumnFill::Generated ||
							 column.fill == ColumnFill::DomainDefault;
	const bool addNotNull = filledOnAdd && hasPrimaryKey && !column.notNull;
	if (!filledOnAdd)
		remove.insert(remove.end(), column.notNullSpans.begin(), column.notNullSpans.end());
	const bool needsNotNull = !filledOnAdd && (column.notNull || hasPrimaryKey);

	/* the subcommand text without the removed clauses */
	bool textOk = sub.span.valid();
	std::string definition;
	if (textOk)
	{
		std::vector<TextSpan> cuts = remove;
		if (column.fill == ColumnFill::Serial)
			cuts.push_back(column.typeSpan);
		std::sort(cuts.begin(), cuts.end(), [](const TextSpan &a, const TextSpan &b) { return a.begin < b.begin; });
		std::size_t pos = sub.span.begin;
		for (const auto &cut : cuts)
		{
			if (!cut.valid() || cut.begin < pos || cut.end > sub.span.end)
			{
				textOk = false;
				break;
			}
			definition += facts_.text.substr(pos, cut.begin - pos);
			if (column.fill == ColumnFill::Serial && cut.begin == column.typeSpan.begin)
				definition += column.serialBaseType;
			definition += ' ';
			pos = cut.end;
		}
		if (textOk)
			definition += facts_.text.substr(pos, sub.span.end - pos);
		/* compacted first: a trailing comment would swallow the NOT NULL */
		if (addNotNull)
			definition = compactSql(definition) + " NOT NULL";
	}
	if (!textOk || (column.fill == ColumnFill::Identity && !column.typeSpan.valid()) ||
		(column.fill == ColumnFill::ExpressionDefault && !column.fillExpression.valid()))
	{
		advice_.partial = true;
		say("Add the column on its own first, without the constraint.");
		return;
	}

	std::string sequence;
	if (column.fill == ColumnFill::Serial || column.fill == ColumnFill::Identity)
	{
		/*
		 * The sequence that fills existing rows.  For an identity column it
		 * is a helper, dropped once the column becomes an identity with a
		 * sequence of its own.
		 */
		std::string type =
			column.fill == ColumnFill::Serial ? column.serialBaseType : compactSql(facts_.slice(column.typeSpan));
		sequence = names_.relationName(
			schema, rel(0).name.name, column.name, column.fill == ColumnFill::Serial ? "seq" : "backfill_seq", false);
		add(StepKind::Brief,
			"CREATE SEQUENCE " + inSchemaOf(0, sequence) + " AS " + type +
				(column.fill == ColumnFill::Identity
					 ? identitySequenceOptions(compactSql(facts_.slice(column.fillSpan)))
					 : "") +
				";");
	}

	if (column.fill == ColumnFill::Generated)
	{
		add(StepKind::Comment, "no online alternative: adding a stored generated column rewrites the table");
		add(StepKind::Blocking, "ALTER TABLE " + target + " " + compactSql(definition) + ";");
		say("Adding a stored generated column rewrites the table under its lock; PostgreSQL has no online way "
			"to do it.");
	}
	else
		add(StepKind::Brief, "ALTER TABLE " + target + " " + compactSql(definition) + ";");

	switch (column.fill)
	{
		case ColumnFill::ExpressionDefault:
			add(StepKind::Brief,
				"ALTER TABLE " + target + " ALTER COLUMN " + col + " SET DEFAULT " +
					compactSql(facts_.slice(column.fillExpression)) + ";");
			break;
		case ColumnFill::Serial:
		case ColumnFill::Identity:
			add(StepKind::Brief,
				"ALTER TABLE " + target + " ALTER COLUMN " + col + " SET DEFAULT nextval(" +
					quoteLiteral(inSchemaOf(0, sequence)) + "::regclass);");
			if (column.fill == ColumnFill::Serial)
				add(StepKind::Brief,
					"ALTER SEQUENCE " + inSchemaOf(0, sequence) + " OWNED BY " + target + "." + col + ";");
			break;
		default:
			break;
	}
	if (column.fill == ColumnFill::ExpressionDefault || column.fill == ColumnFill::Serial ||
		column.fill == ColumnFill::Identity)
	{
		add(StepKind::Backfill, "UPDATE " + target + " SET " + col + " = DEFAULT WHERE " + col + " IS NULL;");
		say("Add the column without a default that fills existing rows, set the default for new rows, and "
			"fill existing rows with UPDATE (in batches on a large table).");
	}
	else if (needsNotNull)
	{
		add(StepKind::Comment, "fill " + col + " in every existing row, then:");
		say("The new column is null in every existing row: fill it before it can be NOT NULL.");
	}

	if (needsNotNull)
		notNullSteps({column.name});
	if (needsNotNull || addNotNull || (filledOnAdd && column.notNull))
		notNullOnAdd_.insert(column.name);

	for (const Finding *f : moved)
	{
		const ConstraintFacts &c = column.constraints[f->columnConstraint];
		if (c.kind == ConstraintKind::Unique || c.kind == ConstraintKind::PrimaryKey)
			indexConstraint(c, {column.name}, c.kind == ConstraintKind::PrimaryKey);
		else if (c.kind == ConstraintKind::ForeignKey)
		{
			foreignKey(c, {column.name});
			if (column.fill == ColumnFill::DomainDefault)
				say("VALIDATE CONSTRAINT then checks the DEFAULT of domain " + quoteQualified(column.domain, oracle_) +
					" that the rows got, and fails if \"" + quoteQualified(c.foreignKey.referenced, oracle_) +
					"\" does not have it.");
		}
	}

	if (column.fill == ColumnFill::Identity)
	{
		const std::string identity = compactSql(facts_.slice(column.fillSpan));
		add(StepKind::Brief, "BEGIN;");
		add(StepKind::Brief,
			"ALTER TABLE " + target + " ALTER COLUMN " + col + " DROP DEFAULT, ALTER COLUMN " + col + " ADD " +
				identity + ";");
		/* the helper sequence gave every value: its last_value, not a scan of the table under the lock */
		add(StepKind::Brief,
			"SELECT setval(pg_get_serial_sequence(" + quoteLiteral(target) + ", " + quoteLiteral(column.name) +
				"), last_value) FROM " + inSchemaOf(0, sequence) + ";");
		add(StepKind::Brief, "COMMIT;");
		add(StepKind::Brief, "DROP SEQUENCE " + inSchemaOf(0, sequence) + ";");
		say("Then make it an identity column that continues after the highest value.");
	}
}

Advice
AdviceWriter::write(const std::vector<Finding> &findings)
{
	reserveStatementNames();

	if (facts_.kind == StatementKind::CreateIndex)
	{
		createIndex();
		return advice_;
	}
	if (facts_.kind == StatementKind::AttachPartition)
	{
		attachPartition(findings);
		return advice_;
	}

	const auto &subcommands = facts_.alterTable.subcommands;
	std::vector<int> order(subcommands.size());
	for (std::size_t i = 0; i < order.size(); i++)
		order[i] = static_cast<int>(i);
	std::stable_sort(
		order.begin(), order.end(), [&](int a, int b) { return subcommands[a].phase < subcommands[b].phase; });

	std::vector<int> others;
	/* each subcommand's findings, found in one pass */
	std::vector<std::vector<const Finding *>> bySubcommand(subcommands.size());
	for (const auto &f : findings)
		if (f.subcommand >= 0 && f.subcommand < static_cast<int>(subcommands.size()))
		{
			bySubcommand[f.subcommand].push_back(&f);
			if (f.rule == Rule::PrimaryKey && f.columnConstraint < 0)
				primaryKeyColumns_.insert(subcommands[f.subcommand].constraint.keys.begin(),
										  subcommands[f.subcommand].constraint.keys.end());
		}

	for (int i : order)
	{
		checkInterrupts();
		const std::vector<const Finding *> &mine = bySubcommand[i];
		const SubcommandFacts &sub = subcommands[i];
		if (mine.empty())
		{
			/*
			 * Every step must be safe itself, not only the flagged one: an
			 * ADD COLUMN that rewrites the table (or whose column a primary
			 * key of the statement needs NOT NULL) is added the safe way; a
			 * SET NOT NULL that would read the rows is proven first, or left
			 * to the primary key's recipe, which proves it anyway.
			 */
			if (sub.kind == SubcommandKind::AddColumn && !sub.column.skipped &&
				(rewritesOnAdd(sub.column) || primaryKeyColumns_.count(sub.column.name)))
			{
				otherSubcommands(others);
				others.clear();
				addColumn(i, mine);
			}
			else if (sub.kind == SubcommandKind::SetNotNull && primaryKeyColumns_.count(sub.column.name))
				continue;
			else if (sub.kind == SubcommandKind::SetNotNull && nullableColumn(sub.column.name))
			{
				otherSubcommands(others);
				others.clear();
				notNullSteps({sub.column.name});
			}
			else
				others.push_back(i);
			continue;
		}

		otherSubcommands(others);
		others.clear();

		if (sub.kind == SubcommandKind::AddColumn)
		{
			addColumn(i, mine);
			continue;
		}

		const Finding &f = *mine.front();
		switch (f.rule)
		{
			case Rule::UniqueConstraint:
				indexConstraint(sub.constraint, sub.constraint.keys, false);
				break;
			case Rule::PrimaryKey:
				{
					/* the key columns not made NOT NULL already, as the advice added them */
					std::vector<std::string> prove;
					for (const auto &column : f.nullableColumns)
						if (!notNullOnAdd_.count(column))
							prove.push_back(column);
					notNullSteps(prove);
					indexConstraint(sub.constraint, sub.constraint.keys, true);
				}
				break;
			case Rule::PrimaryKeyUsingIndex:
				primaryKeyUsingIndex(sub, f);
				break;
			case Rule::ForeignKey:
				foreignKey(sub.constraint, sub.constraint.foreignKey.columns);
				break;
			case Rule::ExclusionConstraint:
				exclusion(sub);
				break;
			case Rule::ValidateUnderLock:
				validateAlone(sub, f);
				break;
			case Rule::IdentityForeignKey:
			case Rule::DomainDefaultForeignKey:
			case Rule::CreateIndex:
			case Rule::AttachPartition:
				break;
		}
	}
	otherSubcommands(others);
	return advice_;
}

} /* namespace */

Advice
adviseFor(const StatementFacts &facts, const std::vector<Finding> &findings, const CatalogOracle &oracle,
		  ScriptLength length)
{
	AdviceWriter writer(facts, oracle, length);
	return writer.write(findings);
}

std::string
boundScript(const std::string &script, std::size_t budget, bool *cut)
{
	*cut = false;
	if (script.size() <= budget)
		return script;

	/* the end of the last line ending a statement within the budget; then count the statements after it */
	std::size_t keep = 0;
	int left = 0;
	for (std::size_t begin = 0; begin < script.size();)
	{
		checkInterrupts();
		std::size_t newline = script.find('\n', begin);
		std::size_t end = newline == std::string::npos ? script.size() : newline;
		bool statementEnd = end > begin && script[end - 1] == ';' && script.compare(begin, 2, "--") != 0;
		if (statementEnd)
		{
			if (end <= budget)
				keep = end;
			else
				left++;
		}
		begin = end + 1;
	}
	*cut = true;
	return script.substr(0, keep) + (keep > 0 ? "\n" : "") + "-- ... and " + std::to_string(left) +
		   (left == 1 ? " more statement" : " more statements");
}

std::string
renderScript(const Advice &advice)
{
	std::string script;
	std::string timeout;              /* what the script has set lock_timeout to */
	bool statementTimeoutOff = false; /* whether it has set statement_timeout to 0 */

	for (const auto &step : advice.steps)
	{
		checkInterrupts();
		if (step.kind == StepKind::Comment)
		{
			script += "-- " + step.text + "\n";
			continue;
		}

		/*
		 * A statement PostgreSQL can only run blocking, which pgsafe rejects
		 * again in error mode: in a transaction of its own, with the mode
		 * lowered for it, as a role allowed to (the advice says so).
		 */
		if (step.kind == StepKind::Blocking)
		{
			script +=
				"BEGIN;\nSET LOCAL pgsafe.mode = 'warn';\nSET LOCAL lock_timeout = " + std::string(kBriefLockTimeout) +
				";\n" + step.text + "\nCOMMIT;\n";
			continue;
		}

		std::string want = timeout;
		if (step.kind == StepKind::Brief)
			want = kBriefLockTimeout;
		else if (step.kind == StepKind::Concurrent)
			want = "0";
		/* inside BEGIN ... COMMIT the setting was made before BEGIN */
		if (want != timeout && step.text != "COMMIT;")
		{
			script += "SET lock_timeout = " + want + ";\n";
			timeout = want;
		}
		/*
		 * CREATE INDEX CONCURRENTLY must not be cancelled halfway, which
		 * leaves an invalid index behind: a role's statement_timeout would.
		 */
		if (step.kind == StepKind::Concurrent && !statementTimeoutOff)
		{
			script += "SET statement_timeout = 0;\n";
			statementTimeoutOff = true;
		}
		script += step.text + "\n";
	}
	if (!timeout.empty())
		script += "RESET lock_timeout;\n";
	if (statementTimeoutOff)
		script += "RESET statement_timeout;\n";

	if (advice.concurrentIndexes.size() == 1)
		script += "-- if CREATE INDEX CONCURRENTLY fails, it leaves an invalid index: DROP INDEX CONCURRENTLY IF "
				  "EXISTS " +
				  advice.concurrentIndexes.front() + "; then run it again\n";
	else if (advice.concurrentIndexes.size() > 1)
		script += "-- if a CREATE INDEX CONCURRENTLY fails, it leaves an invalid index: drop that index with DROP "
				  "INDEX CONCURRENTLY IF EXISTS, then run it again\n";

	if (!script.empty() && script.back() == '\n')
		script.pop_back();
	return script;
}

} /* namespace pgsafe */
