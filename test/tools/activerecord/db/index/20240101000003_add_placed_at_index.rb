# The unsafe way: add_index without algorithm: :concurrently.
class AddPlacedAtIndex < ActiveRecord::Migration[6.1]
  def change
    add_index :orders, :placed_at
  end
end
