# The unsafe way: a unique index built in the migration's transaction.
class AddEmailUnique < ActiveRecord::Migration[6.1]
  def change
    add_index :customers, :email, unique: true
  end
end
