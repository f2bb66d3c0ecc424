-- no-transaction
-- Seed 003_45491e98876a1049: its advice for busy tables, the index built
-- concurrently and then attached as the constraint.
CREATE UNIQUE INDEX CONCURRENTLY equipment_equip_id
ON equipment (equip_id);

ALTER TABLE equipment
ADD CONSTRAINT unique_equip_id
UNIQUE USING INDEX equipment_equip_id;
