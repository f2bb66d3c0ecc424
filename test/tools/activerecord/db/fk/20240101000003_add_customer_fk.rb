# The unsafe way: add_foreign_key validates every row in the migration.
class AddCustomerFk < ActiveRecord::Migration[6.1]
  def change
    add_foreign_key :orders, :customers
  end
end
