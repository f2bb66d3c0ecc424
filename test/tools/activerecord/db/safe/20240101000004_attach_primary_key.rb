# The primary key from the index built concurrently: USING INDEX takes a
# brief lock and builds nothing.
class AttachPrimaryKey < ActiveRecord::Migration[6.1]
  def up
    execute "ALTER TABLE tags ADD CONSTRAINT tags_pkey PRIMARY KEY USING INDEX tags_pkey"
  end
end
