-- Seed 003_45491e98876a1049: a UNIQUE constraint added to an existing table.
ALTER TABLE equipment ADD CONSTRAINT unique_equip_id UNIQUE (equip_id);
