# ... then validate_foreign_key in a migration of its own: its scan runs
# under a lock that lets writes through, in a transaction that holds no
# other lock.
class ValidateCustomerFk < ActiveRecord::Migration[6.1]
  def change
    validate_foreign_key :orders, :customers
  end
end
