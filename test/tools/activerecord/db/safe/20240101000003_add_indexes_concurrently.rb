# The safe way to indexes: disable_ddl_transaction! and
# algorithm: :concurrently (CREATE INDEX CONCURRENTLY cannot run in the
# migration's transaction).  The unique ones become the constraint and the
# primary key in the next migration.
class AddIndexesConcurrently < ActiveRecord::Migration[6.1]
  disable_ddl_transaction!

  def change
    add_index :orders, :placed_at, algorithm: :concurrently
    add_index :orders, :customer_id, algorithm: :concurrently
    add_index :customers, :email, unique: true, algorithm: :concurrently
    add_index :tags, :name, unique: true, algorithm: :concurrently, name: "tags_pkey"
  end
end
