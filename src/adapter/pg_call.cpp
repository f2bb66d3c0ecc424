/*-------------------------------------------------------------------------
 *
 * pg_call.cpp
 *		The stack guard for raw parse trees.
 *
 * IDENTIFICATION
 *	  src/adapter/pg_call.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "adapter/pg_call.hpp"

namespace pgsafe {

namespace {

/*
 * raw_expression_tree_walker() calls check_stack_depth() at every level, so
 * walking the whole tree raises "stack depth limit exceeded" for any tree
 * deeper than the stack allows; a walk that gets through leaves room for
 * recursions with smaller frames over the same tree.
 */
bool
depth_walker(Node *node, void *context)
{
	if (node == NULL)
		return false;
	CHECK_FOR_INTERRUPTS();
	return pgsafe_raw_expression_tree_walker(node, depth_walker, context);
}

} /* namespace */

void
checkRawTreeDepth(Node *node)
{
	pgCall([node]() noexcept {
		check_stack_depth();
		depth_walker(node, NULL);
	});
}

} /* namespace pgsafe */
