/*-------------------------------------------------------------------------
 *
 * expand_contract.hpp
 *		The expand-and-contract recipe for a column PostgreSQL can only
 *		change by rewriting the table.
 *
 * alter-column-type and set-expression have no online statement: a new
 * column takes the new values, a trigger keeps it filled on every write,
 * the existing rows are filled in batches of their own transactions, and
 * the columns are swapped under a brief lock.  The rules share these
 * steps; each says why it needs them.
 *
 * IDENTIFICATION
 *	  src/core/rules/expand_contract.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include <string>
#include <vector>

#include "core/model.hpp"

namespace pgsafe {

class AdviceWriter;

struct ExpandContract
{
	std::string column;                  /* the column replaced */
	std::string type;                    /* the new column's type */
	std::string rowValue;                /* the new value in the trigger, from NEW */
	std::string fillValue;               /* the new value in the batched UPDATE */
	bool notNull = false;                /* the new column must be NOT NULL too */
	std::vector<std::string> dependents; /* indexes and constraints on the column, which DROP COLUMN drops */
	std::string defaultExpression;       /* the column's DEFAULT, set again after the swap */
	std::string ownedSequence;           /* a serial column's sequence, in the table's schema */
	/*
	 * The trigger stays after the swap and computes the column on every
	 * write (a generated column replaced by a plain one): its function is
	 * replaced to fill the renamed column instead of being dropped.
	 */
	bool keepTrigger = false;
};

/* The tables whose rows a rewrite writes again: the target and every table below it. */
std::vector<int> rewrittenTables(const RelationTree &tree);

/* The steps, from the new column to the swap. */
void expandContractSteps(AdviceWriter &w, const ExpandContract &plan);

} /* namespace pgsafe */
