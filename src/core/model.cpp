/*-------------------------------------------------------------------------
 *
 * model.cpp
 *		Navigation helpers for the statement facts.
 *
 * IDENTIFICATION
 *	  src/core/model.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/model.hpp"

#include <utility>

#include "core/interrupts.hpp"

#include "core/pure.hpp"

namespace pgsafe {

const ColumnNullability *
RelationFacts::column(const std::string &columnName) const
{
	for (const auto &c : columns)
		if (c.name == columnName)
			return &c;
	return nullptr;
}

void
RelationTree::index() const
{
	if (indexedSize_ == relations.size() && children_.size() == relations.size())
		return;
	children_.assign(relations.size(), {});
	for (int i = 0; i < static_cast<int>(relations.size()); i++)
	{
		int parent = relations[i].parent;
		if (parent >= 0 && parent < static_cast<int>(relations.size()))
			children_[parent].push_back(i);
	}
	indexedSize_ = relations.size();
}

const std::vector<int> &
RelationTree::childrenOf(int index) const
{
	this->index();
	return children_[index];
}

/*
 * Leaf relations (those with storage) at or below index, in tree order:
 * depth first, children in the order they were read.  Iterative, so that a
 * deep chain of partitioned tables cannot exhaust the stack.
 */
std::vector<int>
RelationTree::leavesUnder(int index) const
{
	std::vector<int> leaves;
	std::vector<int> pending{index};

	while (!pending.empty())
	{
		int i = pending.back();
		pending.pop_back();
		checkInterrupts();
		if (relations[i].kind != RelationKind::PartitionedTable)
		{
			leaves.push_back(i);
			continue;
		}
		const std::vector<int> &children = childrenOf(i);
		pending.insert(pending.end(), children.rbegin(), children.rend());
	}
	return leaves;
}

/*
 * Partitioned tables at or below index, children before their parents: the
 * order in which ALTER TABLE ONLY ... ADD PRIMARY KEY finds every child's
 * column already NOT NULL.  (A post-order walk, kept iterative.)
 */
std::vector<int>
RelationTree::partitionedUnder(int index) const
{
	std::vector<int> result;
	std::vector<std::pair<int, bool>> pending{{index, false}};

	while (!pending.empty())
	{
		auto [i, expanded] = pending.back();
		pending.pop_back();
		checkInterrupts();
		if (relations[i].kind != RelationKind::PartitionedTable)
			continue;
		if (expanded)
		{
			result.push_back(i);
			continue;
		}
		pending.push_back({i, true});
		const std::vector<int> &children = childrenOf(i);
		for (auto child = children.rbegin(); child != children.rend(); ++child)
			pending.push_back({*child, false});
	}
	return result;
}

std::string
StatementFacts::slice(const TextSpan &span) const
{
	if (!span.valid() || span.end > text.size())
		return std::string();
	return text.substr(span.begin, span.end - span.begin);
}

} /* namespace pgsafe */
