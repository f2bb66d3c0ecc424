/*-------------------------------------------------------------------------
 *
 * expand_contract.cpp
 *		The expand-and-contract recipe shared by alter-column-type and
 *		set-expression: a new column kept in step by a trigger, filled in
 *		batches, swapped under a brief lock.
 *
 * IDENTIFICATION
 *	  src/core/rules/expand_contract.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/rules/expand_contract.hpp"

#include <algorithm>

#include "core/advice/writer.hpp"
#include "core/interrupts.hpp"
#include "core/script.hpp"

#include "core/pure.hpp"

namespace pgsafe {

std::vector<int>
rewrittenTables(const RelationTree &tree)
{
	std::vector<int> result;
	for (int i = 0; i < static_cast<int>(tree.relations.size()); i++)
		if (tree.relations[i].kind == RelationKind::Table)
			result.push_back(i);
	return result;
}

namespace {

/*
 * body in dollar quotes that it cannot end: $$, unless it holds $$ (a
 * USING expression's own dollar-quoted constant), then $pgsafe$ with one
 * x more than the longest run of them after any "$pgsafe" in it.  One pass.
 */
std::string
dollarQuoted(const std::string &body)
{
	if (body.find("$$") == std::string::npos)
		return "$$" + body + "$$";
	const std::string stem = "$pgsafe";
	std::size_t longest = 0;
	for (std::size_t at = body.find(stem); at != std::string::npos; at = body.find(stem, at + 1))
	{
		std::size_t end = at + stem.size();
		checkInterrupts();
		while (end < body.size() && body[end] == 'x')
			end++;
		longest = std::max(longest, end - at - stem.size() + 1);
	}
	const std::string tag = stem + std::string(longest, 'x') + "$";
	return tag + body + tag;
}

/* the trigger of the expand step: the value may name columns called like FOUND, which win */
std::string
triggerFunction(const std::string &function, const std::string &column, const std::string &value)
{
	return function + "() RETURNS trigger LANGUAGE plpgsql AS " +
		   dollarQuoted("\n#variable_conflict use_column\nBEGIN\n    NEW." + column + " := " + value +
						";\n    RETURN NEW;\nEND\n") +
		   ";";
}

} /* namespace */

void
expandContractSteps(AdviceWriter &w, const ExpandContract &plan)
{
	const RelationFacts &target = w.rel(0);
	const std::string newColumn = plan.column + "_new";
	const std::string col = w.ident(plan.column);
	const std::string newCol = w.ident(newColumn);
	const std::string table = w.table(0);
	const std::string sync = target.name.name + "_" + plan.column + "_sync";
	const std::string function = w.inSchemaOf(0, sync);

	w.add(StepKind::Brief, "ALTER TABLE " + table + " ADD COLUMN " + newCol + " " + plan.type + ";");
	w.add(StepKind::Brief, "CREATE FUNCTION " + triggerFunction(function, newCol, plan.rowValue));
	/* a trigger on a partitioned table is cloned to its partitions; inheritance children need their own */
	std::vector<int> triggered{0};
	if (!w.partitioned())
		for (int i = 1; i < static_cast<int>(w.tree().relations.size()); i++)
			if (w.rel(i).kind == RelationKind::Table)
				triggered.push_back(i);
	for (int i : triggered)
	{
		checkInterrupts();
		w.add(StepKind::Brief,
			  "CREATE TRIGGER " + w.ident(sync) + " BEFORE INSERT OR UPDATE ON " + w.table(i) +
				  " FOR EACH ROW EXECUTE FUNCTION " + function + "();");
	}

	std::string relations;
	for (int i : rewrittenTables(w.tree()))
		relations += std::string(relations.empty() ? "" : ", ") + quoteLiteral(w.table(i));
	w.add(StepKind::Comment,
		  "fill existing rows 1000 pages at a time, each batch committed (run it outside a "
		  "transaction block); the table's other triggers fire too");
	/*
	 * The fill expression names the table's columns, which may be called
	 * like a PL/pgSQL variable (FOUND): the columns win.  pgsafe's own
	 * variables have names no column is likely to have.
	 */
	w.add(StepKind::Backfill,
		  "DO " +
			  dollarQuoted(
				  "\n#variable_conflict use_column\nDECLARE\n    pgsafe_pages bigint := (SELECT "
				  "max(pg_relation_size(r)) / current_setting('block_size')::bigint FROM unnest(ARRAY[" +
				  relations +
				  "]::regclass[]) AS r);\n    pgsafe_first bigint := 0;\nBEGIN\n    WHILE pgsafe_first <= pgsafe_pages "
				  "LOOP\n        UPDATE " +
				  table + " SET " + newCol + " = " + plan.fillValue +
				  "\n         WHERE ctid >= format('(%s,0)', pgsafe_first)::tid AND ctid < format('(%s,0)', "
				  "pgsafe_first + 1000)::tid;\n        COMMIT;\n        pgsafe_first := pgsafe_first + 1000;\n    END "
				  "LOOP;\nEND\n") +
			  ";");
	if (plan.notNull)
		w.notNullSteps({newColumn});
	if (!plan.dependents.empty())
	{
		std::string list;
		for (const auto &d : plan.dependents)
			list += (list.empty() ? "" : ", ") + d;
		w.add(StepKind::Comment,
			  "before the swap, create on " + newCol + " concurrently what is on " + col +
				  ", which DROP COLUMN drops: " + list);
		w.say("Before the swap, create on the new column what is on the old one: DROP COLUMN drops it.");
		w.partial();
	}

	w.add(StepKind::Brief, "BEGIN;");
	if (!plan.keepTrigger)
		for (int i : triggered)
			w.add(StepKind::Brief, "DROP TRIGGER " + w.ident(sync) + " ON " + w.table(i) + ";");
	if (!plan.ownedSequence.empty())
		w.add(StepKind::Brief,
			  "ALTER SEQUENCE " + w.inSchemaOf(0, plan.ownedSequence) + " OWNED BY " + table + "." + newCol + ";");
	w.add(StepKind::Brief, "ALTER TABLE " + table + " DROP COLUMN " + col + ";");
	w.add(StepKind::Brief, "ALTER TABLE " + table + " RENAME COLUMN " + newCol + " TO " + col + ";");
	if (!plan.defaultExpression.empty())
		w.add(StepKind::Brief,
			  "ALTER TABLE " + table + " ALTER COLUMN " + col + " SET DEFAULT " + plan.defaultExpression + ";");
	if (plan.keepTrigger)
		w.add(StepKind::Brief, "CREATE OR REPLACE FUNCTION " + triggerFunction(function, col, plan.rowValue));
	w.add(StepKind::Brief, "COMMIT;");
	if (!plan.keepTrigger)
		w.add(StepKind::Brief, "DROP FUNCTION " + function + "();");
	w.needsSeparateTransactions();
}

} /* namespace pgsafe */
