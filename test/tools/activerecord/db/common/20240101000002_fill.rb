# The rows an application has by the time someone adds a constraint.
class Fill < ActiveRecord::Migration[6.1]
  def up
    execute "INSERT INTO customers (email) SELECT 'c' || g || '@example.com' FROM generate_series(1, 2000) g"
    execute "INSERT INTO orders (placed_at, customer_id) SELECT now() - g * interval '1 hour', g FROM generate_series(1, 2000) g"
    execute "INSERT INTO tags (name) SELECT 'tag' || g FROM generate_series(1, 2000) g"
  end
end
