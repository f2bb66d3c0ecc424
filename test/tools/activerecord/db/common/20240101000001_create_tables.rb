# The tables: customers, orders that keep their customer's id, tags
# created without a primary key.
class CreateTables < ActiveRecord::Migration[6.1]
  def change
    create_table :customers do |t|
      t.string :email, null: false
    end
    create_table :orders do |t|
      t.datetime :placed_at, null: false
      t.bigint :customer_id
    end
    create_table :tags, id: false do |t|
      t.string :name, null: false
    end
  end
end
