-- Work item page and queues (SPEC §2.4, §3.1, §3.5).
--
-- Queues order their To Do items by the Primary Contact's priority (Urgent first), then due
-- date (none last). The priority is copied onto the item (`primary_priority`, 0 low … 3
-- urgent; 1 normal when the item has no Primary Contact) and kept in step by the store when
-- tags move and when a contact's priority changes, so "the queue's top item" is the first
-- entry of one index range instead of a join and sort over the queue.

ALTER TABLE work_items ADD COLUMN primary_priority INTEGER NOT NULL DEFAULT 1;

UPDATE work_items SET primary_priority = coalesce((
    SELECT c.priority FROM work_item_contacts t
    JOIN contacts c ON c.tenant_id = t.tenant_id AND c.id = t.contact_id
    WHERE t.tenant_id = work_items.tenant_id AND t.work_item_id = work_items.id
      AND (',' || t.tags || ',') LIKE '%,primary,%'
    LIMIT 1), 1);

CREATE INDEX work_items_queue_order
    ON work_items (tenant_id, queue_id, state, primary_priority DESC, (due_at IS NULL), due_at, number);
CREATE INDEX work_items_order
    ON work_items (tenant_id, primary_priority DESC, (due_at IS NULL), due_at, number);
