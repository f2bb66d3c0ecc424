# The unsafe way: a primary key added to a filled table (Rails has no
# add_primary_key; migrations execute it).
class AddTagsPrimaryKey < ActiveRecord::Migration[6.1]
  def up
    execute "ALTER TABLE tags ADD PRIMARY KEY (name)"
  end
end
